// Where the scheduler may put a workload's Pods, as far as a manifest says it for certain: pinned to one node, or
// required to share a node with other Pods.
import { isAlias, isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarString, seqAt, stringAt } from '../yaml/nodes';
import { LabelSelector, labelSelectorOf } from './labels';

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether an alias stands anywhere in the node: what it brings in is unknown. */
function hasAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isMap(node)) return node.items.some((pair) => hasAlias(pair.key) || hasAlias(pair.value));
  if (isSeq(node)) return node.items.some(hasAlias);
  return false;
}

/** The one node a required node selector term admits (`kubernetes.io/hostname` or `metadata.name` In one value). */
function termPin(term: YAMLMap): string | undefined {
  for (const [list, key] of [['matchExpressions', HOSTNAME], ['matchFields', 'metadata.name']] as const) {
    for (const requirement of mapsOf(seqAt(term, list))) {
      const values = seqAt(requirement, 'values')?.items ?? [];
      const value = values.length === 1 && isScalar(values[0]) ? scalarString(values[0]) : undefined;
      if (stringAt(requirement, 'key') === key && stringAt(requirement, 'operator') === 'In' && value) return `${key}=${value}`;
    }
  }
  return undefined;
}

/**
 * The one node the pod spec pins its Pods to, as `nodeName=…`, `kubernetes.io/hostname=…` or `metadata.name=…`:
 * `nodeName`, a hostname nodeSelector, or required node affinity whose every term admits the same single node.
 * Null when it pins none; undefined when an alias hides one of those fields.
 */
export function nodePin(spec: YAMLMap): string | null | undefined {
  const fields = ['nodeName', 'nodeSelector', 'affinity'].map((key) => pairOf(spec, key)?.value);
  if (fields.some(hasAlias)) return undefined;
  const nodeName = stringAt(spec, 'nodeName');
  if (nodeName) return `nodeName=${nodeName}`;
  const hostname = stringAt(mapAt(spec, 'nodeSelector'), HOSTNAME);
  if (hostname) return `${HOSTNAME}=${hostname}`;
  const required = mapAt(mapAt(mapAt(spec, 'affinity'), 'nodeAffinity'), 'requiredDuringSchedulingIgnoredDuringExecution');
  const terms = mapsOf(seqAt(required, 'nodeSelectorTerms'));
  const pins = new Set(terms.map(termPin));
  const [pin] = pins;
  return terms.length > 0 && pins.size === 1 && pin !== undefined ? pin : null;
}

/** Whether the pod spec pins its Pods to one node; undefined when an alias hides it. */
export function pinnedToOneNode(spec: YAMLMap): boolean | undefined {
  const pin = nodePin(spec);
  return pin === undefined ? undefined : pin !== null;
}

/**
 * Whether required pod affinity puts the Pods on a node where Pods that `selector` selects run: a term with
 * `topologyKey: kubernetes.io/hostname`, in the Pods' own namespace (no `namespaces`, no `namespaceSelector`), whose
 * label selector is `selector` itself. A looser selector may match other Pods on other nodes, so proves nothing.
 */
export function requiresNodeOf(spec: YAMLMap, selector: LabelSelector | undefined): boolean {
  if (!selector?.complete || (selector.matchLabels.size === 0 && selector.matchExpressions.length === 0)) return false;
  const affinity = mapAt(mapAt(spec, 'affinity'), 'podAffinity');
  return mapsOf(seqAt(affinity, 'requiredDuringSchedulingIgnoredDuringExecution')).some((term) => {
    const node = mapAt(term, 'labelSelector');
    if (stringAt(term, 'topologyKey') !== HOSTNAME || !node || hasAlias(node)) return false;
    if (pairOf(term, 'namespaces') || pairOf(term, 'namespaceSelector')) return false;
    return sameSelector(labelSelectorOf(node), selector);
  });
}

function sameSelector(a: LabelSelector, b: LabelSelector): boolean {
  const labels = (s: LabelSelector) => JSON.stringify([...s.matchLabels].sort());
  const expressions = (s: LabelSelector) => JSON.stringify(s.matchExpressions.map((r) => [r.key, r.operator, [...r.values].sort()]).sort());
  return a.complete && labels(a) === labels(b) && expressions(a) === expressions(b);
}
