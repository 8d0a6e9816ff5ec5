// A finding's level: the user's setting for its rule, else the finding's own severity (a rule may grade its
// findings), else the rule's default severity from the table.
import { rulesById } from '../rules';
import type { Severity } from '../rules/types';
import type { RuleLevel, Settings } from '../settings';

export function levelOf(ruleId: string, settings: Settings, severity?: Severity): RuleLevel {
  return settings.rules[ruleId] ?? severity ?? rulesById.get(ruleId)?.meta.severity ?? 'off';
}
