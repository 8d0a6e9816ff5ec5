// The table of rules: it drives analysis, settings, docs and the meta tests. Keep it sorted by id.
import { claimTemplateShadowsVolume } from './claim-template-shadows-volume';
import { statefulsetEmptydir } from './statefulset-emptydir';
import type { Rule } from './types';
import { unknownVolumeMount } from './unknown-volume-mount';
import { unmountedClaimTemplate } from './unmounted-claim-template';

export const rules: readonly Rule[] = [
  claimTemplateShadowsVolume,
  statefulsetEmptydir,
  unknownVolumeMount,
  unmountedClaimTemplate,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.meta.id, rule]));
