// Hovers that say what backs a path and what happens to its files when Pods come and go.
import type { Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover, Position } from 'vscode-languageserver-types';
import { claimTemplateLifecycle, EMPTY_DIR, EVENTS, eventsOf, Lifecycle, volumeLifecycle } from '../model/lifecycle';
import type { K8sObject } from '../model/objects';
import { allMounts, ClaimTemplate, mountsOf, PodVolume, VolumeMount } from '../model/workload';
import { pairOf, spanOf, within } from '../yaml/nodes';
import { shiftSpan } from '../yaml/span';
import type { FileAnalysis } from './analysis';
import { rangeOf } from './positions';

const DOCS = {
  volumes: 'https://kubernetes.io/docs/concepts/storage/volumes/',
  emptyDir: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir',
  hostPath: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  persistentVolumeClaim: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/',
  ephemeral: 'https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/',
  csi: 'https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#csi-ephemeral-volumes',
  statefulSet: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
  retention: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
  deployment: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
} as const;

export function hover(document: TextDocument, file: FileAnalysis, position: Position): Hover | null {
  const offset = document.offsetAt(position);
  // offsetAt clamps: a position past the end of its line or of the text is answered with nothing.
  const clamped = document.positionAt(offset);
  if (clamped.line !== position.line || clamped.character !== position.character) return null;
  for (const { offset: start, analysis } of file.documents) {
    const at = offset - start;
    if (at < 0 || at > analysis.yaml.text.length) continue;
    for (const object of analysis.objects) {
      const found = hoverIn(object, at);
      if (found) return { contents: { kind: 'markdown', value: found.markdown }, range: rangeOf(document, shiftSpan(found.span, start)) };
    }
  }
  return null;
}

function hoverIn(object: K8sObject, at: number): { markdown: string; span: { start: number; end: number } } | undefined {
  // A kind of another API group (a CRD named StatefulSet) is not what these hovers describe.
  if (!object.builtin || !within(object.node, at)) return undefined;
  if (within(object.kindNode, at)) {
    const markdown = kindMarkdown(object);
    return markdown ? { markdown, span: spanOf(object.kindNode) } : undefined;
  }
  for (const mount of allMounts(object.pod)) {
    const pair = pairOf(mount.node, 'name');
    const key = pair?.key as Node | undefined;
    if (within(key, at) || within(mount.nameNode, at)) {
      return { markdown: mountMarkdown(object, mount), span: spanOf(within(key, at) ? key : mount.nameNode!) };
    }
  }
  for (const volume of object.pod?.volumes ?? []) {
    if (volume.source && within(volume.source.key, at)) {
      return { markdown: volumeMarkdown(object, volume), span: spanOf(volume.source.key) };
    }
    if (within(volume.nameNode, at)) {
      const shadowing = object.claimTemplates.some((t) => t.name === volume.name);
      const note = shadowing
        ? '\n\nA volumeClaimTemplate has the same name: the StatefulSet controller mounts the claim instead, and this pod volume is ignored.'
        : '';
      const markdown = `${usedBy(object, volume.name)}${note}\n\n${volumeMarkdown(object, volume)}`;
      return { markdown, span: spanOf(volume.nameNode) };
    }
  }
  for (const template of object.claimTemplates) {
    if (template.nameNode && within(template.nameNode, at)) {
      const markdown = `${usedBy(object, template.name)}\n\n${templateMarkdown(object, template)}`;
      return { markdown, span: spanOf(template.nameNode) };
    }
  }
  const claimKey = object.claimTemplatesPair?.key as Node | undefined;
  if (within(claimKey, at)) return { markdown: claimTemplatesMarkdown(object), span: spanOf(claimKey) };
  return undefined;
}

function volumeMarkdown(object: K8sObject, volume: PodVolume): string {
  return lifecycleMarkdown(volumeLifecycle(volume, object.kind), docsFor(volume.source?.type ?? ''), object.kind);
}

function templateMarkdown(object: K8sObject, template: ClaimTemplate): string {
  return lifecycleMarkdown(claimTemplateLifecycle(object, template), DOCS.retention, object.kind);
}

/** Which containers mount a volume, and where. */
function usedBy(object: K8sObject, name: string | undefined): string {
  const mounts = mountsOf(object.pod, name);
  if (mounts.length === 0) return `\`${name}\` is mounted by no container.`;
  const where = mounts.map((m) => `\`${m.path ?? '?'}\` in \`${m.container.name ?? '?'}\``);
  return `\`${name}\` is mounted at ${where.join(', ')}.`;
}

function docsFor(type: string): string {
  return DOCS[type as keyof typeof DOCS] ?? DOCS.volumes;
}

/** The fate of a volume's files on each event that can befall the Pods of `kind`. */
function lifecycleMarkdown(lifecycle: Lifecycle, link: string, kind: string): string {
  return [
    `**${lifecycle.backing}**: ${lifecycle.summary}`,
    '',
    '| When | The files |',
    '| --- | --- |',
    ...eventsOf(kind).map((i) => `| ${i === 4 ? `${kind} deleted` : EVENTS[i]} | ${lifecycle.outcomes[i]} |`),
    '',
    ...lifecycle.notes.map((note) => `${note}\n`),
    `[Kubernetes documentation](${link})`,
  ].join('\n');
}

/** What backs a mount: a claim template wins over a pod volume of the same name, as in the StatefulSet controller. */
function backingOf(object: K8sObject, mount: VolumeMount): { lifecycle: Lifecycle; link: string } | undefined {
  const template = object.claimTemplates.find((t) => t.name === mount.name);
  if (template) return { lifecycle: claimTemplateLifecycle(object, template), link: DOCS.statefulSet };
  const volume = object.pod?.volumes.find((v) => v.name === mount.name);
  return volume && { lifecycle: volumeLifecycle(volume, object.kind), link: docsFor(volume.source?.type ?? '') };
}

function mountMarkdown(object: K8sObject, mount: VolumeMount): string {
  const where = `\`${mount.path ?? '?'}\` in container \`${mount.container.name ?? '?'}\``;
  const backing = backingOf(object, mount);
  if (!backing) return `The mount of ${where} names \`${mount.name}\`, which is no volume of the pod: the Pod cannot be created.`;
  return `${where} is backed by ${backing.lifecycle.backing}.\n\n${lifecycleMarkdown(backing.lifecycle, backing.link, object.kind)}`;
}

function claimTemplatesMarkdown(object: K8sObject): string {
  const lines = [
    '**volumeClaimTemplates**: the StatefulSet controller creates one PersistentVolumeClaim per template and replica, ' +
      'named `<template>-<statefulset>-<ordinal>`, and mounts it where a volumeMount has the template\'s name. ' +
      'A template takes precedence over a pod volume of the same name.',
    '',
    'The list is fixed when the StatefulSet is created: the API server rejects an update that changes it ' +
      '(`spec: Forbidden: updates to statefulset spec for fields other than …`). To change it, delete the ' +
      'StatefulSet with `kubectl delete statefulset <name> --cascade=orphan` (its Pods keep running) and create it again.',
    '',
  ];
  for (const template of object.claimTemplates) {
    if (template.name) lines.push(templateMarkdown(object, template), '');
  }
  return lines.join('\n').trimEnd();
}

/** Where each mounted path of the workload keeps its files, one line per path. */
function storageSummary(object: K8sObject): string[] {
  return allMounts(object.pod)
    .filter((mount) => mount.container.group === 'containers')
    .map((mount) => {
      const backing = backingOf(object, mount);
      const fate = backing ? `${backing.lifecycle.backing}; on Pod deletion: ${backing.lifecycle.outcomes[1]}` : 'no such volume';
      return `- \`${mount.path ?? '?'}\` (${mount.container.name ?? '?'}): ${fate}`;
    });
}

function kindMarkdown(object: K8sObject): string | undefined {
  let intro: string;
  if (object.kind === 'StatefulSet') {
    intro =
      '**StatefulSet**: Pods get stable names `<statefulset>-<ordinal>`. Only volumeClaimTemplates give each Pod its own ' +
      'storage that outlives it: a PersistentVolumeClaim per replica, kept across Pod deletion and rollouts and, ' +
      'by default, across scale-down and StatefulSet deletion. Pod volumes such as emptyDir are not made persistent ' +
      `by the StatefulSet: ${EMPTY_DIR.outcomes[1]} with each Pod. [StatefulSet documentation](${DOCS.statefulSet})`;
  } else if (object.kind === 'Deployment') {
    intro =
      '**Deployment**: Pods are interchangeable and get new names on every rollout. There are no volumeClaimTemplates: ' +
      'every replica mounts the same PersistentVolumeClaims, and an emptyDir is deleted with each replaced Pod. ' +
      'With a `ReadWriteOnce` claim on an attachable volume (a cloud disk, say) and replicas on several nodes, Pods ' +
      `away from the first node cannot attach it (Multi-Attach error). [Deployment documentation](${DOCS.deployment})`;
  } else {
    return undefined;
  }
  const summary = storageSummary(object);
  return summary.length ? `${intro}\n\nWhere this ${object.kind} keeps its files:\n\n${summary.join('\n')}` : intro;
}
