// Adds a `volumeMounts` entry to a container: to its block list, or as a new `volumeMounts:` key after the
// container's last key. Block style only: a flow-style container or list is left alone (undefined).
import { isSeq, parse } from 'yaml';
import type { K8sObject } from '../model/objects';
import type { Container } from '../model/workload';
import { appendSeqItem, fillEmptySeq, insertSeqPair, layoutOf, yamlString } from '../yaml/edits';
import { pairOf } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';

const PLAIN_PATH = /^\/[A-Za-z0-9._/-]*$/;

/** A path as YAML source: plain when it reads back as the same string (`/var/lib/mysql`), else quoted. */
export function pathSource(path: string): string {
  return PLAIN_PATH.test(path) && parse(path) === path ? path : yamlString(path);
}

/** The lines of one sequence item `- name: <name>` followed by `  <key>: <source>`, in 2-space steps. */
export function namedItemLines(name: string, key: string, source: string): string[] {
  return [`- name: ${yamlString(name)}`, `  ${key}: ${source}`];
}

/**
 * Appends `- name: <key> / <key>: <source>` to the block list under `key` of a container, filling an empty one or
 * adding the key after the container's last key; undefined on a flow-style container or list.
 */
export function appendContainerItem(
  text: string,
  object: K8sObject,
  container: Container,
  key: string,
  lines: readonly string[],
): TextChange | undefined {
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const pair = pairOf(container.node, key);
  if (!pair) return insertSeqPair(text, container.node, key, lines, layout);
  if (isSeq(pair.value) && pair.value.items.length > 0) return appendSeqItem(text, pair.value, lines, layout);
  return fillEmptySeq(text, container.node, pair, lines, layout);
}

/** Mounts volume (or claim template) `name` at `mountPath` in the container. */
export function addVolumeMount(
  text: string,
  object: K8sObject,
  container: Container,
  name: string,
  mountPath: string,
): TextChange | undefined {
  return appendContainerItem(text, object, container, 'volumeMounts', namedItemLines(name, 'mountPath', pathSource(mountPath)));
}
