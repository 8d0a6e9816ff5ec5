// A rule's level: the user's setting, or the rule's own default severity from the table.
import { rulesById } from '../rules';
import type { RuleLevel, Settings } from '../settings';

export function levelOf(ruleId: string, settings: Settings): RuleLevel {
  return settings.rules[ruleId] ?? rulesById.get(ruleId)?.meta.severity ?? 'off';
}
