// Hovers that say what backs a path and what happens to its files when Pods come and go.
import type { Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover, Position } from 'vscode-languageserver-types';
import { claimTemplateLifecycle, Fact, Lifecycle, rolloutReplaces, shadowingTemplate, verdictOn, volumeLifecycle } from '../model/lifecycle';
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
  daemonSet: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
  job: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
  cronJob: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/',
  pod: 'https://kubernetes.io/docs/concepts/workloads/pods/',
  replicaSet: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/',
  removed: 'https://kubernetes.io/docs/reference/storage/volume-types/#removed-volume-types',
} as const;

const SHADOWED =
  'A volumeClaimTemplate has the same name: the StatefulSet controller mounts the claim instead, and this pod volume is ignored.';

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
    const note = shadowingTemplate(object, volume) ? `${SHADOWED}\n\n` : '';
    if (volume.source && within(volume.source.key, at)) {
      return { markdown: `${note}${volumeMarkdown(object, volume)}`, span: spanOf(volume.source.key) };
    }
    if (within(volume.nameNode, at)) {
      const markdown = `${usedBy(object, volume.name)}\n\n${note}${volumeMarkdown(object, volume)}`;
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
  const { lifecycle, link } = volumeBacking(object, volume);
  return lifecycleMarkdown(lifecycle, link);
}

function templateMarkdown(object: K8sObject, template: ClaimTemplate): string {
  return lifecycleMarkdown(claimTemplateLifecycle(object, template), DOCS.retention);
}

/** Which containers mount a volume, and where. */
function usedBy(object: K8sObject, name: string | undefined): string {
  const mounts = mountsOf(object.pod, name);
  if (mounts.length === 0) return `\`${name}\` is mounted by no container.`;
  const where = mounts.map((m) => `\`${m.path ?? '?'}\` in \`${m.container.name ?? '?'}\``);
  return `\`${name}\` is mounted at ${where.join(', ')}.`;
}

/** The fate of a volume's files on each event that can befall its Pods, as the lifecycle table reads. */
function lifecycleMarkdown(lifecycle: Lifecycle, link: string): string {
  return [
    `**${lifecycle.backing}**: ${lifecycle.summary.text}`,
    '',
    '| When | The files |',
    '| --- | --- |',
    ...lifecycle.rows.map((row) => `| ${row.when} | ${row.verdict.text} |`),
    '',
    ...lifecycle.notes.map((note) => `${note.text}\n`),
    `[Kubernetes documentation](${link})`,
  ].join('\n');
}

/** The documentation page of the fact a lifecycle's summary rests on. */
const SUMMARY_LINKS: Partial<Record<Fact, string>> = {
  'emptydir-lifetime': DOCS.emptyDir,
  'hostpath-node': DOCS.hostPath,
  'reclaim-policy': DOCS.persistentVolumeClaim,
  'ephemeral-volumes': DOCS.ephemeral,
  'csi-ephemeral': DOCS.csi,
  'statefulset-claims': DOCS.statefulSet,
  'removed-volume-types': DOCS.removed,
};

/** A pod volume's lifecycle (a claim template of the same name wins, as in the StatefulSet controller) and its docs. */
function volumeBacking(object: K8sObject, volume: PodVolume): { lifecycle: Lifecycle; link: string } {
  const lifecycle = volumeLifecycle(object, volume);
  return { lifecycle, link: SUMMARY_LINKS[lifecycle.summary.fact] ?? DOCS.volumes };
}

/** What backs a mount: a claim template wins over a pod volume of the same name, as in the StatefulSet controller. */
function backingOf(object: K8sObject, mount: VolumeMount): { lifecycle: Lifecycle; link: string } | undefined {
  const template = object.claimTemplates.find((t) => t.name === mount.name);
  if (template) return { lifecycle: claimTemplateLifecycle(object, template), link: DOCS.statefulSet };
  const volume = object.pod?.volumes.find((v) => v.name === mount.name);
  return volume && volumeBacking(object, volume);
}

function mountMarkdown(object: K8sObject, mount: VolumeMount): string {
  const where = `\`${mount.path ?? '?'}\` in container \`${mount.container.name ?? '?'}\``;
  const backing = backingOf(object, mount);
  if (!backing) return `The mount of ${where} names \`${mount.name}\`, which is no volume of the pod: the Pod cannot be created.`;
  return `${where} is backed by ${backing.lifecycle.backing}.\n\n${lifecycleMarkdown(backing.lifecycle, backing.link)}`;
}

function claimTemplatesMarkdown(object: K8sObject): string {
  const lines = [
    '**volumeClaimTemplates**: the StatefulSet controller creates one PersistentVolumeClaim per template and replica, ' +
      'named `<template>-<statefulset>-<ordinal>`, and mounts it where a volumeMount has the template\'s name. ' +
      'A template takes precedence over a pod volume of the same name.',
    '',
    'The list is fixed when the StatefulSet is created: the API server rejects an update that changes it ' +
      '(`spec: Forbidden: updates to statefulset spec for fields other than …`). To change it, delete the ' +
      'StatefulSet with `kubectl delete statefulset <name> --cascade=orphan` (its Pods keep running) and create it again. ' +
      'Claims that already exist are kept as they are: resize them by editing each PersistentVolumeClaim.',
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
      const fate = backing ? `${backing.lifecycle.backing}; on Pod deletion: ${verdictOn(backing.lifecycle, 'pod-deleted')?.text}` : 'no such volume';
      return `- \`${mount.path ?? '?'}\` (${mount.container.name ?? '?'}): ${fate}`;
    });
}

/** What the kind's controller does with its Pods, where that decides what happens to their files. */
const KIND_INTROS: Readonly<Record<string, (object: K8sObject) => string>> = {
  StatefulSet: (object) =>
    '**StatefulSet**: Pods get stable names `<statefulset>-<ordinal>`. Only volumeClaimTemplates give each Pod its own ' +
    'storage that outlives it: a PersistentVolumeClaim per replica, kept across Pod deletion and rollouts and, ' +
    'by default, across scale-down and StatefulSet deletion. Pod volumes such as emptyDir are not made persistent ' +
    'by the StatefulSet: deleted permanently with each Pod. A Pod on a failed node is not replaced until it is gone ' +
    `(its kubelet comes back, the Node is deleted, the Pod is force-deleted, or the node gets the out-of-service taint).${rolloutSentence(object)} [StatefulSet documentation](${DOCS.statefulSet})`,
  Deployment: (object) =>
    '**Deployment**: Pods are interchangeable and get new names on every rollout. There are no volumeClaimTemplates: ' +
    'every replica mounts the same PersistentVolumeClaims, and an emptyDir is deleted with each replaced Pod. ' +
    'With a `ReadWriteOnce` claim on an attachable volume (a cloud disk, say) and replicas on several nodes, Pods ' +
    `away from the first node cannot attach it (Multi-Attach error).${rolloutSentence(object)} [Deployment documentation](${DOCS.deployment})`,
  DaemonSet: (object) =>
    '**DaemonSet**: one Pod per eligible node, created for that node: a Pod that is deleted or rolled is recreated on ' +
    'the same node, so a hostPath volume is the intended per-node store (the new Pod sees the same files). An emptyDir ' +
    'is deleted with each Pod. Every Pod mounts the same PersistentVolumeClaims: with `ReadWriteOnce` on an attachable ' +
    `volume, Pods on other nodes cannot attach it (Multi-Attach error).${rolloutSentence(object)} [DaemonSet documentation](${DOCS.daemonSet})`,
  Job: () =>
    '**Job**: runs Pods to completion. An emptyDir is deleted when its Pod finishes (the finished Pod object stays) or ' +
    'is deleted. With `restartPolicy: Never` a retry is a new Pod with an empty one; with `OnFailure` the kubelet ' +
    're-runs the container in the same Pod, which keeps it. `kubectl delete` deletes the Job\'s Pods; an API DELETE ' +
    'without `propagationPolicy` leaves them in place. Results that must outlive the Pod belong in a ' +
    `PersistentVolumeClaim or outside the cluster. [Job documentation](${DOCS.job})`,
  CronJob: () =>
    '**CronJob**: creates a new Job, with new Pods, for every scheduled run: nothing in an emptyDir passes from one run ' +
    'to the next, and every run mounts the same PersistentVolumeClaims (runs may overlap, and share them, unless ' +
    `\`concurrencyPolicy\` is \`Forbid\` or \`Replace\`). [CronJob documentation](${DOCS.cronJob})`,
  Pod: () =>
    '**Pod**: a Pod created on its own has no controller: nothing replaces it when it is deleted, evicted, or its node ' +
    'fails. Its emptyDir lives while it runs on its node; a PersistentVolumeClaim it mounts outlives it. ' +
    `[Pod documentation](${DOCS.pod})`,
  ReplicaSet: () =>
    '**ReplicaSet**: keeps its number of interchangeable Pods running, replacing a deleted or evicted Pod with a new ' +
    'one under a new name; a Deployment usually manages it. There are no volumeClaimTemplates: every replica mounts ' +
    `the same PersistentVolumeClaims, and an emptyDir is deleted with each Pod. [ReplicaSet documentation](${DOCS.replicaSet})`,
};

/** What a rollout does to the Pods, read from the manifest's update strategy. */
function rolloutSentence(object: K8sObject): string {
  switch (rolloutReplaces(object)) {
    case 'none':
      return object.kind === 'Deployment'
        ? ' It is paused: `kubectl rollout restart` refuses it.'
        : ' With `updateStrategy: OnDelete`, a rollout replaces no Pod: each takes the new template when you delete it.';
    case 'some':
      return ` With \`partition: ${object.workload!.partition!.value}\`, a rollout replaces only the Pods whose ordinal is at least that.`;
    default:
      return '';
  }
}

function kindMarkdown(object: K8sObject): string | undefined {
  const intro = Object.hasOwn(KIND_INTROS, object.kind) ? KIND_INTROS[object.kind](object) : undefined;
  if (!intro) return undefined;
  const summary = storageSummary(object);
  return summary.length ? `${intro}\n\nWhere this ${object.kind} keeps its files:\n\n${summary.join('\n')}` : intro;
}
