// A workload selector that does not select its own pod template's labels: the API server rejects the object.
import { isMap, isScalar, isSeq, Node, Scalar, YAMLMap } from 'yaml';
import { fix } from '../fixes/fix';
import { podTemplateMap, setPodLabels } from '../fixes/podLabels';
import { LabelSelector, Labels, Requirement, unmetRequirements } from '../model/labels';
import { opaque } from '../model/workload';
import { mapAt, mapsOf, pairOf, scalarString, seqAt } from '../yaml/nodes';
import { finding } from './report';
import type { ObjectRule } from './types';

// apimachinery's label syntax (IsQualifiedName, IsValidLabelValue). A selector that breaks it fails with another
// error, and the API server does not compare it with the template labels.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function validKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return name.length <= 63 && NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && SUBDOMAIN.test(prefix)));
}
const validValue = (value: string) => value === '' || (value.length <= 63 && NAME.test(value));

/** Whether the selector is written out in full, in valid syntax, so that its verdict is the API server's. */
function readable(selector: LabelSelector, kind: string): boolean {
  if (!selector.complete || opaque(selector.node)) return false;
  if (kind !== 'ReplicationController') {
    const expressions = pairOf(selector.node, 'matchExpressions')?.value;
    const none = expressions === undefined || expressions === null || (isScalar(expressions) && expressions.value === null);
    if (!none && !(isSeq(expressions) && !opaque(expressions) && expressions.items.every((item) => isMap(item)))) return false;
  }
  // A label value the API server decodes is a string: `version: 1` or `enabled: true` fails to decode, before validation.
  const matchLabels = kind === 'ReplicationController' ? selector.node : mapAt(selector.node, 'matchLabels');
  const expressionValues = mapsOf(seqAt(selector.node, 'matchExpressions')).flatMap((e) => seqAt(e, 'values')?.items ?? []);
  if (!stringValues(matchLabels) || !expressionValues.every((v) => isScalar(v) && typeof v.value === 'string')) return false;
  const countsOk = selector.matchExpressions.every(({ operator, values }) =>
    operator === 'In' || operator === 'NotIn' ? values.length > 0 : values.length === 0,
  );
  const keysOk = [...selector.matchLabels.keys(), ...selector.matchExpressions.map((r) => r.key)].every(validKey);
  const valuesOk = [...selector.matchLabels.values(), ...selector.matchExpressions.flatMap((r) => r.values)].every(validValue);
  return countsOk && keysOk && valuesOk;
}

/** Whether every value of a label map is written as a string. */
function stringValues(map: YAMLMap | undefined): boolean {
  return (map?.items ?? []).every((pair) => isScalar(pair.value) && typeof pair.value.value === 'string');
}

/**
 * The requirements to report. On a patch or fragment (`partial`), labels it does not write may come from the object
 * it patches: only a requirement on a label the template does write fails for certain.
 */
function failing(selector: LabelSelector, labels: Labels, partial: boolean): Requirement[] {
  return unmetRequirements(selector, labels).filter((requirement) => !partial || labels.has(requirement.key));
}

const quoteLabel = (key: string, value: string) => `'${key}: ${value === '' ? '""' : value}'`;

function describe(requirement: Requirement, fromMatchLabels: boolean, labels: Labels): string {
  const { key, operator, values } = requirement;
  const has = labels.get(key);
  if (fromMatchLabels) {
    return `label ${quoteLabel(key, values[0])} (${has === undefined ? 'missing from the pod template' : `the pod template has ${quoteLabel(key, has)}`})`;
  }
  const actual = has === undefined ? `the pod template has no '${key}' label` : `the pod template has ${quoteLabel(key, has)}`;
  return `'${key} ${operator}${values.length ? ` (${values.join(', ')})` : ''}' (${actual})`;
}

/** A stand-in for a block collection that spans its text without the line break and blank lines after it. */
function trimmed(text: string, node: Node): Node {
  const [start, end] = node.range ?? [0, 0];
  const stand = new Scalar(null);
  stand.range = [start, start + text.slice(start, end).trimEnd().length, end];
  return stand;
}

export const selectorMismatch: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'selector-mismatch',
    title: 'Selector does not match the pod template labels',
    description:
      "A workload's selector does not select the labels of its own pod template; the API server rejects the object with \"`selector` does not match template `labels`\".",
    severity: 'error',
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController'],
    fixable: true,
  },
  check({ text, object }) {
    // Without manualSelector the API server writes a Job's selector itself (and refuses one written here).
    if (object.kind === 'Job' && !object.workload?.manualSelector) return [];
    const selector = object.workload?.selector;
    const pod = object.pod;
    const template = podTemplateMap(object);
    if (!selector || !pod || !template || !readable(selector, object.kind) || opaque(template)) return [];
    const metadataValue = pairOf(template, 'metadata')?.value;
    const labelsValue = pairOf(pod.labels?.metadata, 'labels')?.value;
    // `metadata` or `labels` written as something other than a block of pairs (an alias, a null): not read.
    if (metadataValue !== undefined && (!isMap(metadataValue) || opaque(metadataValue))) return [];
    if (labelsValue !== undefined && !isMap(labelsValue)) return [];
    if (pod.labels && !pod.labels.complete) return [];
    const labels: Labels = pod.labels?.labels ?? new Map();
    // No labels at all is a mismatch too, except on a patch or fragment, whose labels are elsewhere (see failing).
    const unmet = failing(selector, labels, object.partial);
    if (unmet.length === 0) return [];
    // Template labels that are not valid label values (not strings, `${VAR}` placeholders) fail on their own, or are
    // filled in by a tool before they reach the API server: their comparison says nothing.
    if (!stringValues(pod.labels?.node) || unmet.some((r) => labels.has(r.key) && !validValue(labels.get(r.key)!))) return [];

    const fromMatchLabels = (requirement: Requirement) => !selector.matchExpressions.includes(requirement);
    const nodeOf = (requirement: Requirement): Node => {
      if (fromMatchLabels(requirement)) {
        const map = object.kind === 'ReplicationController' ? selector.node : mapAt(selector.node, 'matchLabels');
        const pair = map?.items.find((p) => isScalar(p.key) && scalarString(p.key) === requirement.key);
        const value = pair?.value;
        if (isScalar(value) && value.range && value.range[1] > value.range[0]) return value;
        return (pair?.key as Node | undefined) ?? selector.node;
      }
      const item = mapsOf(seqAt(selector.node, 'matchExpressions'))[selector.matchExpressions.indexOf(requirement)];
      return item ? trimmed(text, item) : selector.node;
    };
    const start = (node: Node) => node.range?.[0] ?? 0;
    const at = unmet.map(nodeOf).reduce((first, node) => (start(node) < start(first) ? node : first));

    const keyOf = (map: YAMLMap | undefined, key: string) => pairOf(map, key)?.key as Node | undefined;
    const related = pod.labels?.node
      ? { node: keyOf(pod.labels.metadata, 'labels'), message: "the pod template's labels" }
      : pod.labels?.metadata
        ? { node: keyOf(template, 'metadata'), message: "the pod template's metadata, which has no labels" }
        : { node: keyOf(object.spec, 'template'), message: 'the pod template, which has no metadata' };

    const message =
      `The selector requires ${unmet.map((r) => describe(r, fromMatchLabels(r), labels)).join(', ')}: it does not select ` +
      `the pod template's labels, so the API server rejects this ${object.kind} with ` +
      '"spec.template.metadata.labels: Invalid value: …: `selector` does not match template `labels`".';

    return [
      finding(this.meta.id, at, message, [related], () => {
        // Only a label the selector names with one value can be written for it; the result must satisfy every
        // requirement reported (`app In (web)` and `app NotIn (web)` cannot both hold).
        const wanted = new Map<string, string>();
        for (const requirement of unmet) {
          if (requirement.operator !== 'In' || requirement.values.length !== 1) return [];
          const previous = wanted.get(requirement.key);
          if (previous !== undefined && previous !== requirement.values[0]) return [];
          wanted.set(requirement.key, requirement.values[0]);
        }
        const after = new Map([...labels, ...wanted]);
        if (failing(selector, after, object.partial).length > 0) return [];
        const changes = [...wanted].filter(([key]) => labels.has(key));
        const listed = [...wanted].map(([key, value]) => quoteLabel(key, value)).join(', ');
        const plural = wanted.size > 1 ? 's' : '';
        const title =
          changes.length === 0 ? `Add label${plural} ${listed} to the pod template` : `Set pod template label${plural} ${listed}`;
        // Adding labels changes nothing else; changing a value may stop a Service or other selector that matches
        // the old value from selecting these Pods, so it is offered, never applied unasked by fix-all.
        return [fix(title, changes.length === 0, setPodLabels(text, object, wanted) ?? [undefined])];
      }),
    ];
  },
};
