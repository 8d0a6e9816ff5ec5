// fast-check arbitraries for the fuzzing suite ("Never hang, never corrupt"): real manifests of the shared corpus,
// each mutated a few times over in the ways text gets broken in an editor (a paste, a half-typed line, another
// editor's line endings, a Helm chart, our own directives). A mutation is data (positions as plain numbers, taken
// modulo the text it meets), applied in order, so a failing case shrinks to fewer, simpler mutations.
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { rules } from '../../server/src/rules';
import { corpus, Source } from './corpus';

// ---------------------------------------------------------------------------------------------------------------
// Lines, with their own line breaks (LSP's: \r\n, \r and \n each end a line).

interface Line {
  text: string;
  eol: string;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ text: m[1], eol: m[2] });
    if (m[2] === '') break;
  }
  return lines;
}

const joinLines = (lines: readonly Line[]) => lines.map((l) => l.text + l.eol).join('');
/** The file's first line break, for the lines a mutation adds. */
const eolOf = (lines: readonly Line[]) => lines.find((l) => l.eol !== '')?.eol ?? '\n';
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/** Inserts `text` as a whole line before line `at` (modulo the lines, one past the last allowed). */
function insertLine(source: string, at: number, text: string): string {
  const lines = splitLines(source);
  const i = at % (lines.length + 1);
  const eol = eolOf(lines);
  if (i === lines.length) {
    const last = lines[lines.length - 1];
    if (last.text === '' && last.eol === '') last.text = text;
    else {
      last.eol = eol;
      lines.push({ text, eol: '' });
    }
  } else {
    lines.splice(i, 0, { text, eol });
  }
  return joinLines(lines);
}

function mapLine(source: string, at: number, f: (line: string) => string): string {
  const lines = splitLines(source);
  const line = lines[at % lines.length];
  line.text = f(line.text);
  return joinLines(lines);
}

const insertAt = (source: string, at: number, text: string) => {
  const i = at % (source.length + 1);
  return source.slice(0, i) + text + source.slice(i);
};

// ---------------------------------------------------------------------------------------------------------------
// Mutations.

const RULE_IDS = rules.map((rule) => rule.meta.id);

/** Text worth inserting anywhere: control characters, odd line and space characters, astral and combining characters. */
const SPECIAL = [
  '\u0000', '\u0001', '\u0007', '\b', '\v', '\f', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff',
  '\ufffd', '\ufffe', '\u200b', '\u200d', '\u0301', 'e\u0301', 'n\u0303\u0323', '\u0300\u0300\u0300',
  '😀', '👩‍👩‍👧‍👦', '🇫🇷', '𝔘𝔫𝔦', '𠜎', '👍🏽', '\ud83d', '\ude00', '\ude00\ud83d',
  ':', ': ', '#', ' #', '- ', '-', '?', '? ', '&', '*', '!', '!!str ', '|', '>', '|-', '"', "'", '{', '}', '[', ']', ',',
  '%', '@', '`', '\\', '\t', '  ', '...', '---', '\r', '\n', '\r\n',
];

/** Words of the rules' vocabulary: swapping one for another of its group writes the mistakes the rules look for. */
const VOCABULARY: readonly (readonly string[])[] = [
  ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job', 'CronJob', 'PersistentVolumeClaim', 'Service'],
  ['emptyDir', 'hostPath', 'persistentVolumeClaim', 'configMap', 'secret', 'ephemeral', 'csi', 'nfs'],
  ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnly'],
  ['RollingUpdate', 'Recreate', 'OnDelete'],
  ['Retain', 'Delete'],
  ['volumeMounts', 'volumeDevices', 'volumes', 'volumeClaimTemplates'],
  ['mountPath', 'devicePath', 'subPath'],
  ['claimName', 'serviceName', 'name'],
  ['clusterIP', 'selector', 'matchLabels', 'labels'],
  ['/data', '/var/lib/postgresql/data', '/var/lib/mysql', '/tmp', '/'],
  ['postgres', 'mysql', 'redis', 'mongo', 'nginx'],
];
const WORDS = [...new Set(VOCABULARY.flat())].sort((a, b) => b.length - a.length);
const WORD = new RegExp(WORDS.map((w) => w.replace(/[/]/g, '\\/')).join('|'), 'g');

const GO_TEMPLATE = [
  '{{ .Values.x }}', '{{- if .Values.persistence.enabled }}', '{{- end }}', '{{ include "chart.labels" . | nindent 4 }}',
  '{{- toYaml .Values.resources | nindent 12 }}', '{{/* a comment */}}', '{{', '}}', '{{ .Release.Name }}-data',
  '{{- range .Values.volumes }}', '{{ end }}',
];

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'deleteLines'; line: number; count: number }
  | { kind: 'duplicateLines'; line: number; count: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'tab'; at: number; leading: boolean }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'lineEndings'; style: 'cr' | 'crlf' | 'mixed'; cycle: readonly string[] }
  | { kind: 'bom' }
  | { kind: 'documentMarker'; line: number; marker: string }
  | { kind: 'anchor'; line: number; other: number; form: 'anchor' | 'alias' | 'merge' | 'pair' | 'bomb'; name: string }
  | { kind: 'longLine'; line: number; length: number; form: 'value' | 'comment' | 'append' | 'key' | 'flow'; unit: string }
  | { kind: 'goTemplate'; at: number; piece: string; asLine: boolean }
  | { kind: 'suppression'; line: number; directive: string; trailing: boolean }
  | { kind: 'word'; at: number; replacement: number }
  | { kind: 'nameTypo'; at: number; drop: boolean };

/** The lines of `text` that hold a key (`key:` or `- key:`), as indices. */
function keyLines(lines: readonly Line[]): number[] {
  return lines.flatMap((l, i) => (/^[ \t]*(?:- )*[\w.\-/"']+[ \t]*:(?:[ \t]|$)/.test(l.text) ? [i] : []));
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'deleteLines': {
      const lines = splitLines(text);
      const i = m.line % lines.length;
      const removed = lines.splice(i, Math.min(m.count, lines.length - i));
      if (lines.length > 0 && removed[removed.length - 1].eol === '') lines[lines.length - 1].eol = '';
      return joinLines(lines);
    }
    case 'duplicateLines': {
      const lines = splitLines(text);
      const i = m.line % lines.length;
      const copy = lines.slice(i, i + m.count).map((l) => ({ text: l.text, eol: l.eol || eolOf(lines) }));
      lines.splice(i, 0, ...copy);
      return joinLines(lines);
    }
    case 'swapLines': {
      const lines = splitLines(text);
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a].text, lines[b].text] = [lines[b].text, lines[a].text];
      return joinLines(lines);
    }
    case 'indent':
      return mapLine(text, m.line, (line) => (m.by > 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^[ \\t]{0,${-m.by}}`), '')));
    case 'tab':
      return m.leading ? mapLine(text, m.at, (line) => line.replace(/^ */, (spaces) => '\t' + spaces.slice(2))) : insertAt(text, m.at, '\t');
    case 'insert':
      return insertAt(text, m.at, m.text);
    case 'lineEndings': {
      const lines = splitLines(text);
      lines.forEach((line, i) => {
        if (line.eol === '') return;
        line.eol = m.style === 'cr' ? '\r' : m.style === 'crlf' ? '\r\n' : m.cycle[i % m.cycle.length];
      });
      return joinLines(lines);
    }
    case 'bom':
      return `\ufeff${text}`;
    case 'documentMarker':
      return insertLine(text, m.line, m.marker);
    case 'anchor':
      return anchor(text, m);
    case 'longLine':
      return longLine(text, m);
    case 'goTemplate': {
      if (!m.asLine) return insertAt(text, m.at, m.piece);
      const lines = splitLines(text);
      return insertLine(text, m.at, indentOf(lines[m.at % lines.length].text) + m.piece);
    }
    case 'suppression': {
      if (m.trailing) return mapLine(text, m.line, (line) => `${line} ${m.directive}`);
      const lines = splitLines(text);
      return insertLine(text, m.line, indentOf(lines[m.line % lines.length].text) + m.directive);
    }
    case 'word': {
      const matches = [...text.matchAll(WORD)];
      if (matches.length === 0) return text;
      const match = matches[m.at % matches.length];
      const group = VOCABULARY.find((g) => g.includes(match[0]))!;
      const replacement = group[m.replacement % group.length];
      return text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length);
    }
    case 'nameTypo': {
      const matches = [...text.matchAll(/(?:name|claimName|serviceName):[ \t]+["']?([\w.-]+)/g)];
      if (matches.length === 0) return text;
      const match = matches[m.at % matches.length];
      const end = match.index + match[0].length;
      return m.drop ? text.slice(0, end - 1) + text.slice(end) : `${text.slice(0, end)}x${text.slice(end)}`;
    }
  }
}

/** A line of 20,000 characters or more: a value, a comment, a key, a flow sequence, or the end of an existing line. */
function longLine(text: string, m: Extract<Mutation, { kind: 'longLine' }>): string {
  const run = m.unit.repeat(Math.ceil(m.length / m.unit.length)).slice(0, m.length);
  const lines = splitLines(text);
  const indent = indentOf(lines[m.line % lines.length].text);
  switch (m.form) {
    case 'value':
      return insertLine(text, m.line, `${indent}long: ${run}`);
    case 'comment':
      return insertLine(text, m.line, `${indent}# ${run}`);
    case 'key':
      return insertLine(text, m.line, `${indent}${run}: x`);
    case 'flow':
      return insertLine(text, m.line, `${indent}long: [${Array.from({ length: Math.ceil(m.length / (m.unit.length + 2)) }, () => m.unit).join(', ')}]`);
    case 'append':
      return mapLine(text, m.line, (line) => line + run);
  }
}

/** Anchors, aliases and merge keys written onto key lines: `key: &a`, `key: *a`, `<<: *a`, and an alias bomb. */
function anchor(text: string, m: Extract<Mutation, { kind: 'anchor' }>): string {
  const lines = splitLines(text);
  const keys = keyLines(lines);
  const pick = (n: number) => (keys.length > 0 ? keys[n % keys.length] : n % lines.length);
  const at = pick(m.line);
  const addAnchor = (ls: Line[], i: number) => {
    ls[i].text = ls[i].text.replace(/:([ \t]|$)/, `: &${m.name}$1`);
  };
  switch (m.form) {
    case 'anchor':
      addAnchor(lines, at);
      return joinLines(lines);
    case 'alias':
      lines[at].text = lines[at].text.replace(/:([ \t].*)?$/, `: *${m.name}`);
      return joinLines(lines);
    case 'merge':
      return insertLine(text, at + 1, `${indentOf(lines[at].text)}<<: *${m.name}`);
    case 'pair': {
      // An anchor on one key, a merge of it under another.
      addAnchor(lines, at);
      const other = pick(m.other);
      const indent = indentOf(lines[other].text);
      return insertLine(joinLines(lines), other + 1, `${indent}${/^[ \t]*- /.test(lines[other].text) ? '  ' : ''}<<: *${m.name}`);
    }
    case 'bomb': {
      const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const name = String.fromCharCode(97 + i);
        const prev = String.fromCharCode(96 + i);
        bomb.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
      }
      return insertLine(text, m.line, bomb.join(eolOf(lines)));
    }
  }
}

const nat = fc.nat({ max: 1_000_000 });
const small = fc.integer({ min: 1, max: 4 });

/** Text to insert: random code points (astral included), graphemes, and characters that mean something to YAML. */
export const insertedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => String.fromCharCode(...bytes)) },
);

const directive = fc.oneof(
  fc.constantFrom('# k8s-persistence-disable-next-line', '# k8s-persistence-disable', '# k8s-persistence-disable-file', '# k8s-persistence-disable-line'),
  fc
    .tuple(
      fc.constantFrom('# k8s-persistence-disable-next-line', '#k8s-persistence-disable-next-line', '# k8s-persistence-disable-line', '# k8s-persistence-disable'),
      fc.array(fc.constantFrom(...RULE_IDS, 'no-such-rule'), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('', ' -- a reason', ' -- 😀 why', ','),
    )
    .map(([d, ids, reason]) => `${d} ${ids.join(', ')}${reason}`),
);

const LONG_UNITS = ['x', 'ab ', '😀', 'e\u0301', '[', '{a: ', '"', "'", '\\', '# ', ': ', '- ', '&a ', '*a ', '{{ ', '\t', ']', ',', 'a: b, '];

/** Each kind of mutation the issue lists, weighted so that a case is mostly small structural damage. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: nat }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deleteLines' as const), line: nat, count: small }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicateLines' as const), line: nat, count: small }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: nat, b: nat }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('indent' as const), line: nat, by: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tab' as const), at: nat, leading: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: nat, text: insertedText }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('lineEndings' as const),
      style: fc.constantFrom('cr' as const, 'crlf' as const, 'mixed' as const),
      cycle: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('documentMarker' as const), line: nat, marker: fc.constantFrom('---', '--- ', '---\t# next', '...', '--- |', '--- &a', '---x', ' ---') }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('anchor' as const),
      line: nat,
      other: nat,
      form: fc.constantFrom('anchor' as const, 'alias' as const, 'merge' as const, 'pair' as const, 'bomb' as const),
      name: fc.constantFrom('a', 'b', 'data'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('goTemplate' as const), at: nat, piece: fc.constantFrom(...GO_TEMPLATE), asLine: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('suppression' as const), line: nat, directive, trailing: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('word' as const), at: nat, replacement: nat }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('nameTypo' as const), at: nat, drop: fc.boolean() }) },
);

/** A line of 20,000 to 40,000 characters: costly to check, so a case gets at most one, and only now and then. */
export const longLineMutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('longLine' as const),
  line: nat,
  length: fc.integer({ min: 20_000, max: 40_000 }),
  form: fc.constantFrom('value' as const, 'comment' as const, 'append' as const, 'key' as const, 'flow' as const),
  unit: fc.constantFrom(...LONG_UNITS),
});

/** A short description of a mutation (long texts elided), for reports. */
export function describeMutation(m: Mutation): string {
  const { kind, ...rest } = m;
  return `${kind}(${JSON.stringify(rest, (k, v) => (k === 'unit' || typeof v !== 'string' || v.length < 60 ? v : `${v.slice(0, 57)}...`))})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

export interface FuzzCase {
  readonly file: string;
  readonly mutations: readonly Mutation[];
  readonly text: string;
}

function caseOf(source: Source, mutations: readonly Mutation[]): FuzzCase {
  const text = mutations.reduce(applyMutation, source.text);
  return {
    file: source.file,
    mutations,
    text,
    [fc.toStringMethod]: () => describeCase({ file: source.file, mutations, text }),
  } as FuzzCase;
}

export function describeCase(c: FuzzCase): string {
  const shown = c.text.length > 3000 ? `${JSON.stringify(c.text.slice(0, 3000))} … (${c.text.length} characters)` : JSON.stringify(c.text);
  return `{ file: ${c.file}, mutations: [${c.mutations.map(describeMutation).join(', ')}], text: ${shown} }`;
}

export interface ManifestOptions {
  readonly maxMutations?: number;
  /** How many cases in 100 get a line of 20,000 characters or more (costly to check many times over). */
  readonly longLinesPercent?: number;
}

/**
 * A real manifest of the corpus, mutated 1 to `maxMutations` times. Files with findings and files with workloads
 * are drawn more often than the rest: that is where the rules and their fixes run.
 */
export function manifest({ maxMutations = 5, longLinesPercent = 2 }: ManifestOptions = {}): fc.Arbitrary<FuzzCase> {
  const sources = corpus();
  const pick = (filter: (s: Source) => boolean) => {
    const chosen = sources.filter(filter);
    return fc.constantFrom(...(chosen.length > 0 ? chosen : sources));
  };
  const source = fc.oneof(
    { weight: 3, arbitrary: pick((s) => s.findings) },
    { weight: 4, arbitrary: pick((s) => s.workload) },
    { weight: 2, arbitrary: pick(() => true) },
  );
  const short = fc.array(mutation, { minLength: 1, maxLength: maxMutations });
  const withLongLine = fc
    .tuple(longLineMutation, fc.array(mutation, { maxLength: maxMutations - 1 }), nat)
    .map(([long, others, at]) => [...others.slice(0, at % (others.length + 1)), long, ...others.slice(at % (others.length + 1))]);
  const mutations =
    longLinesPercent > 0 ? fc.oneof({ weight: 100 - longLinesPercent, arbitrary: short }, { weight: longLinesPercent, arbitrary: withLongLine }) : short;
  return fc.tuple(source, mutations).map(([s, ms]) => caseOf(s, ms));
}

/** Where to ask for hovers: offsets into the text (taken modulo its length), and raw positions, some out of range. */
export interface HoverProbe {
  readonly offsets: readonly number[];
  readonly positions: readonly Position[];
}

export const hoverProbe: fc.Arbitrary<HoverProbe> = fc.record({
  offsets: fc.array(nat, { minLength: 1, maxLength: 4 }),
  positions: fc.array(fc.record({ line: fc.integer({ min: -1, max: 200 }), character: fc.integer({ min: -1, max: 300 }) }), { maxLength: 2 }),
});

// ---------------------------------------------------------------------------------------------------------------
// Edit sequences for the model-based property: incremental didChange edits as an editor sends them.

export interface EditSpec {
  /** Offset of the range's start, modulo the current text's length + 1. */
  readonly at: number;
  readonly length: number;
  readonly text: string;
}

export interface EditStep {
  /** The content changes of one didChange notification, each applied to the result of the one before. */
  readonly changes: readonly EditSpec[];
  /** Wait for this version's diagnostics before sending the next edit (so that the server analyses it). */
  readonly wait: boolean;
}

export interface EditSequence {
  readonly start: FuzzCase;
  readonly steps: readonly EditStep[];
}

const editText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\r', '\n', '\r\n', '😀', '\ud83d', '\ude00', 'e\u0301', '', ' ', '  ', '\t', '#', '- ', ': ', '---\n', '---\r\n', '\r---\r') },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('\r', '\n', '\r\n', 'a', ' ', '😀', ':', '-', '#', '{', '}', '[', ']', '\t', 'x'), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom('emptyDir: {}', 'kind: StatefulSet', '  - name: data\n', 'volumeMounts:\r\n', 'ReadWriteOnce', '{{ .Values.x }}', '# k8s-persistence-disable-next-line\n') },
);

export const editStep: fc.Arbitrary<EditStep> = fc.record({
  changes: fc.array(fc.record({ at: nat, length: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 60 })), text: editText }), { minLength: 1, maxLength: 3 }),
  wait: fc.nat({ max: 3 }).map((n) => n === 0),
});

export function editSequence({ maxSteps = 6, maxMutations = 3 }: { maxSteps?: number; maxMutations?: number } = {}): fc.Arbitrary<EditSequence> {
  return fc.record({
    start: manifest({ maxMutations, longLinesPercent: 0 }),
    steps: fc.array(editStep, { minLength: 1, maxLength: maxSteps }),
  });
}

/** Pulls an offset back off the middle of a CR LF pair and of a surrogate pair: where an editor's cursor can be. */
export function snapOffset(text: string, offset: number): number {
  let at = Math.max(0, Math.min(offset, text.length));
  if (at > 0 && text[at - 1] === '\r' && text[at] === '\n') at--;
  if (at > 0 && isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at))) at--;
  return at;
}

export const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
export const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The LSP range of an edit in `text`, and the text after it, as the editor (the client) has it. */
export function applyEditSpec(text: string, spec: EditSpec): { range: Range; text: string } {
  const document = TextDocument.create('file:///model', 'yaml', 0, text);
  const start = snapOffset(text, spec.at % (text.length + 1));
  const end = snapOffset(text, Math.min(text.length, start + spec.length));
  const range = { start: document.positionAt(start), end: document.positionAt(Math.max(start, end)) };
  return { range, text: TextDocument.applyEdits(document, [{ range, newText: spec.text }]) };
}
