// The table of rules: it drives analysis, settings, docs and the meta tests. Keep it sorted by id.
import { claimRetentionDelete } from './claim-retention-delete';
import { claimTemplateShadowsVolume } from './claim-template-shadows-volume';
import { dataDirAtVolumeRoot } from './data-dir-at-volume-root';
import { ephemeralDatabaseStorage } from './ephemeral-database-storage';
import { ephemeralVolumeInStatefulset } from './ephemeral-volume-in-statefulset';
import { hostpathData } from './hostpath-data';
import { invalidClaim } from './invalid-claim';
import { rwoClaimRollingUpdate } from './rwo-claim-rolling-update';
import { rwoClaimShared } from './rwo-claim-shared';
import { selectorMismatch } from './selector-mismatch';
import { statefulsetEmptydir } from './statefulset-emptydir';
import { statefulsetService } from './statefulset-service';
import type { Rule } from './types';
import { unknownVolumeMount } from './unknown-volume-mount';
import { unmountedClaimTemplate } from './unmounted-claim-template';

export const rules: readonly Rule[] = [
  claimRetentionDelete,
  claimTemplateShadowsVolume,
  dataDirAtVolumeRoot,
  ephemeralDatabaseStorage,
  ephemeralVolumeInStatefulset,
  hostpathData,
  invalidClaim,
  rwoClaimRollingUpdate,
  rwoClaimShared,
  selectorMismatch,
  statefulsetEmptydir,
  statefulsetService,
  unknownVolumeMount,
  unmountedClaimTemplate,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.meta.id, rule]));
