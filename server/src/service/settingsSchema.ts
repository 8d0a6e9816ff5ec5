// The settings as JSON Schema, from the rule table: the editor's settings (package.json, by scripts/generate.ts)
// and the CLI's `.k8s-persistence.yaml` are validated against the same definitions.
import { rules } from '../rules';
import { QUANTITY, RULE_LEVELS } from '../settings';

/** `k8sPersistence.rules`: each rule's level by id, nothing else. */
export function ruleLevelsSchema() {
  return {
    type: 'object',
    properties: Object.fromEntries(
      rules.map(({ meta }) => [meta.id, { type: 'string', enum: [...RULE_LEVELS], default: meta.severity, description: meta.description }]),
    ),
    additionalProperties: false,
  };
}

/** A Kubernetes quantity, as settings.ts accepts one. */
export const quantitySchema = { type: 'string', pattern: QUANTITY.source } as const;

/** A size in bytes, as settings.ts accepts one. */
export const fileSizeSchema = { type: 'integer', minimum: 0 } as const;

/** `.k8s-persistence.yaml`: the same settings as the editor's, without the `k8sPersistence.` prefix. */
export function configFileSchema() {
  return {
    type: 'object',
    properties: { rules: ruleLevelsSchema(), defaultStorageRequest: quantitySchema, maxFileSize: fileSizeSchema },
    additionalProperties: false,
  };
}
