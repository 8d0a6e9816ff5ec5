// The settings the analysis reads (`k8sPersistence.*` in the editor), with their defaults.
import type { FixSettings } from './fixes/fix';
import type { Severity } from './rules/types';

export type RuleLevel = Severity | 'off';

export interface Settings extends FixSettings {
  /** Per-rule severity overrides by rule id; `off` silences a rule. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Files larger than this many bytes (UTF-8) are not analysed: they get one information diagnostic instead. */
  readonly maxFileSize: number;
}

/** 4 MiB: twice the largest generated install file of the corpus (argo-cd's, 1.9 MB), analysed in about a second. */
export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

export const defaultSettings: Settings = { defaultStorageRequest: '1Gi', rules: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE };

/** Every level a rule can be set to, from silent to loudest. */
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];
/** A Kubernetes quantity (`1Gi`, `500Mi`, `10G`), as a storage request takes it. */
export const QUANTITY = /^[0-9]+(?:\.[0-9]+)?(?:[EPTGMK]i|[EPTGMk]|m)?$/;

/** Reads settings as the editor sends them, keeping defaults for whatever is missing or malformed. */
export function toSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as { defaultStorageRequest?: unknown; rules?: unknown; maxFileSize?: unknown };
  const storage = typeof value.defaultStorageRequest === 'string' ? value.defaultStorageRequest.trim() : '';
  const rules: Record<string, RuleLevel> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, level] of Object.entries(value.rules)) {
      if (RULE_LEVELS.includes(level as RuleLevel)) rules[id] = level as RuleLevel;
    }
  }
  return {
    defaultStorageRequest: QUANTITY.test(storage) ? storage : defaultSettings.defaultStorageRequest,
    rules,
    maxFileSize: isFileSize(value.maxFileSize) ? value.maxFileSize : DEFAULT_MAX_FILE_SIZE,
  };
}

/** A size setting: a whole number of bytes, at least 0. */
function isFileSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
