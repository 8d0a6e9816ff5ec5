// Edits shared by the volume rules' fixes: rename mounts, remove a pod volume, add a volumeClaimTemplate.
import { isSeq } from 'yaml';
import type { K8sObject } from '../model/objects';
import { ClaimTemplate, mountsOf, PodVolume, VolumeMount } from '../model/workload';
import type { TextChange } from '../yaml/span';
import { DocumentFix, fix } from './fix';
import { pairOf } from '../yaml/nodes';
import { appendSeqItem, fillEmptySeq, insertSeqPair, keepingComments, layoutOf, removeSeqItem, replaceScalar, yamlString } from '../yaml/edits';

/** Points every given mount at `name`; undefined when one of them cannot be edited. */
export function renameMounts(text: string, mounts: readonly VolumeMount[], name: string): TextChange[] | undefined {
  const changes: TextChange[] = [];
  for (const mount of mounts) {
    const change = mount.nameNode && replaceScalar(text, mount.nameNode, name);
    if (!change) return undefined;
    changes.push(change);
  }
  return changes;
}

/**
 * Removes a pod volume, and the `volumes:` key with it when it was the only one; its comments stay, but for those
 * that `movedTo` (the text a fix writes elsewhere) already carries.
 */
export function removeVolume(text: string, object: K8sObject, volume: PodVolume, movedTo = ''): TextChange | undefined {
  const pod = object.pod;
  const removal = pod?.volumesPair && removeSeqItem(text, pod.spec, pod.volumesPair, volume.node);
  return removal && keepingComments(text, removal, movedTo);
}

/**
 * A new claim template's lines in 2-space steps; the edit re-indents them to the file's own layout. A raw block
 * device (`volumeDevices`) needs `volumeMode: Block`: the default, Filesystem, cannot back one.
 */
function claimTemplateLines(name: string, storage: string, block: boolean): string[] {
  return [
    '- metadata:',
    `    name: ${yamlString(name)}`,
    '  spec:',
    '    accessModes: ["ReadWriteOnce"]',
    ...(block ? ['    volumeMode: Block'] : []),
    '    resources:',
    '      requests:',
    `        storage: ${yamlString(storage)}`,
  ];
}

/** Adds a volumeClaimTemplate to a StatefulSet: to its block list, or as a new key placed before `template`. */
export function addClaimTemplate(
  text: string,
  object: K8sObject,
  name: string,
  storage: string,
  block = false,
): TextChange | undefined {
  const spec = object.spec;
  if (!spec) return undefined;
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const lines = claimTemplateLines(name, storage, block);
  const pair = object.claimTemplatesPair;
  if (!pair) return insertSeqPair(text, spec, 'volumeClaimTemplates', lines, layout, pairOf(spec, 'template'));
  if (isSeq(pair.value) && pair.value.items.length > 0) return appendSeqItem(text, pair.value, lines, layout);
  return fillEmptySeq(text, spec, pair, lines, layout);
}

/** "Mount volumeClaimTemplate T instead of emptyDir E": the mounts of E now name T, and E goes. */
export function mountClaimTemplateInstead(
  text: string,
  object: K8sObject,
  template: ClaimTemplate,
  volume: PodVolume,
  preferred: boolean,
): DocumentFix | undefined {
  if (!template.name || !volume.name) return undefined;
  const renames = renameMounts(text, mountsOf(object.pod, volume.name), template.name);
  return fix(`Mount volumeClaimTemplate '${template.name}' instead of emptyDir '${volume.name}'`, preferred, [
    ...(renames ?? [undefined]),
    removeVolume(text, object, volume),
  ]);
}
