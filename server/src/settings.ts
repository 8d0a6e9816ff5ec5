// The settings the analysis reads (`k8sPersistence.*` in the editor), with their defaults.
import type { FixSettings } from './fixes/fix';
import type { Severity } from './rules/types';

export type RuleLevel = Severity | 'off';

export interface Settings extends FixSettings {
  /** Per-rule severity overrides by rule id; `off` silences a rule. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
}

export const defaultSettings: Settings = { defaultStorageRequest: '1Gi', rules: {} };

/** Every level a rule can be set to, from silent to loudest. */
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];
/** A Kubernetes quantity (`1Gi`, `500Mi`, `10G`), as a storage request takes it. */
export const QUANTITY = /^[0-9]+(?:\.[0-9]+)?(?:[EPTGMK]i|[EPTGMk]|m)?$/;

/** Reads settings as the editor sends them, keeping defaults for whatever is missing or malformed. */
export function toSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as { defaultStorageRequest?: unknown; rules?: unknown };
  const storage = typeof value.defaultStorageRequest === 'string' ? value.defaultStorageRequest.trim() : '';
  const rules: Record<string, RuleLevel> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, level] of Object.entries(value.rules)) {
      if (RULE_LEVELS.includes(level as RuleLevel)) rules[id] = level as RuleLevel;
    }
  }
  return { defaultStorageRequest: QUANTITY.test(storage) ? storage : defaultSettings.defaultStorageRequest, rules };
}
