// Sets a container's environment variable to a literal value: changes the value of its `env` entry, or appends an
// entry (creating `env:` after the container's last key when there is none). Block style only; an entry set with
// `valueFrom`, or written twice, is left alone (undefined).
import { Scalar } from 'yaml';
import type { K8sObject } from '../model/objects';
import type { Container } from '../model/workload';
import { replaceScalar } from '../yaml/edits';
import { mapsOf, pairOf, scalarAt, seqAt, stringAt } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';
import { appendContainerItem, namedItemLines, pathSource } from './addVolumeMount';

export function setEnvVar(text: string, object: K8sObject, container: Container, name: string, value: string): TextChange | undefined {
  const entries = mapsOf(seqAt(container.node, 'env')).filter((entry) => stringAt(entry, 'name') === name);
  if (entries.length > 1) return undefined;
  if (entries.length === 1) {
    const node = scalarAt(entries[0], 'value');
    if (!node?.range || pairOf(entries[0], 'valueFrom')) return undefined;
    if (node.type === Scalar.PLAIN) return { start: node.range[0], end: node.range[1], text: pathSource(value) };
    return node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? replaceScalar(text, node, value) : undefined;
  }
  return appendContainerItem(text, object, container, 'env', namedItemLines(name, 'value', pathSource(value)));
}
