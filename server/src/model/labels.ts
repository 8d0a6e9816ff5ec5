// Label selectors as the API server evaluates them (apimachinery's LabelSelectorAsSelector): matchLabels and
// matchExpressions are ANDed; an empty selector selects everything.
import { isMap, isScalar, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarString, seqAt, stringAt } from '../yaml/nodes';

export type Labels = ReadonlyMap<string, string>;

export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly node: YAMLMap;
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly Requirement[];
  /** False when part of it is written in a way we do not read (an alias, a templated key, an unknown operator). */
  readonly complete: boolean;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A map of string keys to scalar values (`labels`, `annotations`, a Service's `selector`), as strings. */
export function labelsOf(map: YAMLMap | undefined): { labels: Labels; complete: boolean } {
  const labels = new Map<string, string>();
  let complete = true;
  for (const pair of map?.items ?? []) {
    const key = isScalar(pair.key) ? scalarString(pair.key) : undefined;
    const value = isScalar(pair.value) ? (scalarString(pair.value) ?? '') : undefined;
    if (key === undefined || key === '<<' || value === undefined) complete = false;
    else labels.set(key, value);
  }
  return { labels, complete };
}

/** A `metav1.LabelSelector` (`spec.selector` of apps/v1 workloads and Jobs). */
export function labelSelectorOf(node: YAMLMap): LabelSelector {
  const { labels: matchLabels, complete: labelsComplete } = labelsOf(mapAt(node, 'matchLabels'));
  let complete = labelsComplete && (!pairOf(node, 'matchLabels') || isMap(pairOf(node, 'matchLabels')?.value));
  const matchExpressions: Requirement[] = [];
  for (const expression of mapsOf(seqAt(node, 'matchExpressions'))) {
    const key = stringAt(expression, 'key');
    const operator = stringAt(expression, 'operator');
    const values = (seqAt(expression, 'values')?.items ?? []).map((v) => (isScalar(v) ? scalarString(v) : undefined));
    if (!key || !operator || !OPERATORS.has(operator) || values.some((v) => v === undefined)) complete = false;
    else matchExpressions.push({ key, operator: operator as Requirement['operator'], values: values as string[] });
  }
  return { node, matchLabels, matchExpressions, complete };
}

/** A selector written as a plain map (a Service's or a ReplicationController's `selector`). */
export function mapSelectorOf(node: YAMLMap): LabelSelector {
  const { labels, complete } = labelsOf(node);
  return { node, matchLabels: labels, matchExpressions: [], complete };
}

/** The selector's requirements that `labels` fail; empty when it selects them. */
export function unmetRequirements(selector: LabelSelector, labels: Labels): Requirement[] {
  const unmet: Requirement[] = [];
  for (const [key, value] of selector.matchLabels) {
    if (labels.get(key) !== value) unmet.push({ key, operator: 'In', values: [value] });
  }
  for (const requirement of selector.matchExpressions) {
    if (!satisfies(requirement, labels)) unmet.push(requirement);
  }
  return unmet;
}

export function selects(selector: LabelSelector, labels: Labels): boolean {
  return unmetRequirements(selector, labels).length === 0;
}

function satisfies({ key, operator, values }: Requirement, labels: Labels): boolean {
  const value = labels.get(key);
  switch (operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}
