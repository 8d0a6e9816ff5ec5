// Kubernetes resource quantities (`10Gi`, `500M`, `1e3`), read the way k8s.io/apimachinery reads them:
// `ParseQuantity` and `parseQuantityString` in staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go and the
// suffixes of suffix.go. The grammar there:
//   <quantity> ::= <signedNumber><suffix>; <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix> ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | (e|E)<signedNumber>
// The scanner is more lenient than the grammar in a few corners (".", "1.", "+", "Gi" read as numbers), and so is
// this port: it answers what the API server answers, not what the comment promises.

/** Why a quantity does not parse: the error `ParseQuantity` returns, as the API server prints it. */
export type QuantityError = 'format' | 'suffix' | 'numeric';

export type QuantityReading =
  | { readonly ok: true; /** -1, 0 or 1: the sign of the value the API server reads. */ readonly sign: -1 | 0 | 1 }
  | { readonly ok: false; readonly error: QuantityError };

/** The error texts of quantity.go (`ErrFormatWrong`, `ErrSuffix`, `ErrNumeric`). */
export const QUANTITY_ERRORS: Readonly<Record<QuantityError, string>> = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  suffix: "unable to parse quantity's suffix",
  numeric: 'unable to parse numeric part of quantity',
};

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';
const MAX_INT64 = 2n ** 63n - 1n;
/** quantity.go's `maxInt64Factors`: how many decimal digits an int64 always holds. */
const MAX_INT64_FACTORS = 18;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * `ParseQuantity(str)`. The API server decodes a JSON string after trimming surrounding whitespace
 * (`UnmarshalJSON`); pass the string as written and `trim` does the same.
 */
export function parseQuantity(written: string, trim = true): QuantityReading {
  const str = trim ? written.trim() : written;
  if (str.length === 0) return { ok: false, error: 'format' };
  if (str === '0') return { ok: true, sign: 0 };
  const scanned = scan(str);
  if ('error' in scanned) return { ok: false, error: scanned.error };
  const { positive, value, num, denom, suffix } = scanned;
  const interpreted = interpret(suffix);
  if (!interpreted) return { ok: false, error: 'suffix' };
  // The exact path (int64 arithmetic) needs no digits; the other one hands `value` to inf.Dec, which does.
  let fast: boolean;
  if (interpreted.base === 10) {
    const precision = MAX_INT64_FACTORS - (num.length + denom.length);
    fast = precision >= 0 && interpreted.exponent - denom.length >= -9;
  } else {
    // Binary suffixes take the exact path only for whole numbers that leave room in an int64 (an overflow there
    // falls back with digits in hand): `precision = 15 - len(num) - int32(float32(exponent)*3/10) - 1`.
    fast = denom.length === 0 && 15 - num.length - Math.trunc((interpreted.exponent * 3) / 10) - 1 >= 0;
  }
  if (!fast && !/[0-9]/.test(value)) return { ok: false, error: 'numeric' };
  const nonZero = /[1-9]/.test(num + denom);
  return { ok: true, sign: nonZero ? (positive ? 1 : -1) : 0 };
}

interface Scanned {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** `parseQuantityString`, step by step. */
function scan(str: string): Scanned | { error: QuantityError } {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  // Leading zeros go; a string of zeros (or a bare sign) is 0.
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  return { error: 'format' };
}

/** suffix.go's `interpret`: the base and exponent a suffix stands for, or undefined. */
function interpret(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix] };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64): an optional sign, then digits, within int64.
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const n = BigInt(digits);
    if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return undefined;
    return { base: 10, exponent: Number(n) };
  }
  return undefined;
}
