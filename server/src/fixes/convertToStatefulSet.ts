// The refactor "Convert Deployment to StatefulSet": the kind, a serviceName (and its headless Service when none is
// in view), per-replica claim templates in place of the claims in view that one node holds and of the emptyDirs that
// hold data, and none of the fields a StatefulSet does not have. Every edit is minimal; the comments of what goes
// stay where it was.
import { isMap, Node } from 'yaml';
import { scratchReason } from '../model/emptyDirs';
import type { IndexedObject, ObjectIndex } from '../model/objectIndex';
import { singleNodeOnly } from '../model/claims';
import { autoscalersOf, mountedClaims } from '../model/relations';
import { mountsOf, PodVolume } from '../model/workload';
import { blockEnd, column, insertPair, insertScalarPair, keepingComments, layoutOf, lineStart, removePair, removeSeqItem, replaceScalar, yamlString } from '../yaml/edits';
import { pairOf, scalarAt, stringAt } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';
import { FileChange, Fix, FixSettings, fix } from './fix';
import { addServiceName, appendHeadlessService, headlessServiceChoice } from './headlessService';
import { placed } from './placed';

/** Deployment fields a StatefulSet does not have (apps/v1 DeploymentSpec minus StatefulSetSpec). */
const DEPLOYMENT_ONLY = ['strategy', 'progressDeadlineSeconds', 'paused'];

/** A claim template to write: its name and its `spec` as lines relative to the spec key's column. */
interface NewClaimTemplate {
  readonly volume: PodVolume;
  readonly specLines: readonly string[];
}

export function convertToStatefulSet(at: IndexedObject, index: ObjectIndex, settings: FixSettings): Fix | undefined {
  const { object, text } = at;
  const spec = object.spec;
  const pod = object.pod;
  if (object.kind !== 'Deployment' || !spec || !pod || !object.name || object.partial || !pod.complete) return undefined;
  const changes: (TextChange | undefined)[] = [replaceScalar(text, object.kindNode, 'StatefulSet')];
  for (const key of DEPLOYMENT_ONLY) {
    const pair = pairOf(spec, key);
    const removal = pair && removePair(text, spec, pair);
    if (pair) changes.push(removal && keepingComments(text, removal));
  }
  const templates = claimTemplatesFor(at, index, settings);
  const volumes = pod.volumes.filter((volume) => templates.some((t) => t.volume === volume));
  if (templates.length > 0) {
    const all = volumes.length === pod.volumes.length && pod.volumesPair;
    const removals = all ? [removePair(text, pod.spec, pod.volumesPair!)] : volumes.map((v) => removeSeqItem(text, pod.spec, pod.volumesPair!, v.node));
    changes.push(...removals.map((removal) => removal && keepingComments(text, removal)));
    const layout = layoutOf(text, object.node, pod.spec);
    changes.push(
      insertPair(text, spec, 'volumeClaimTemplates', (keyColumn) => {
        const dash = keyColumn + layout.seqIndent;
        const item = (t: NewClaimTemplate) => [
          `${' '.repeat(dash)}- metadata:`,
          `${' '.repeat(dash + 2 + layout.indent)}name: ${yamlString(t.volume.name!)}`,
          ...t.specLines.map((line) => ' '.repeat(dash + 2) + line),
        ];
        return layout.eol + templates.flatMap(item).join(layout.eol);
      }, layout, pairOf(spec, 'template')),
    );
  }
  const located = changes.map((change) => placed(at, change));
  const service = headlessServiceChoice(at, index, object.name);
  if (service) located.push(addServiceName(at, service.name));
  if (service?.append) located.push(appendHeadlessService(at, service.name));
  located.push(...autoscalersOf(at, index).flatMap(retarget));
  const claims = templates.filter((t) => t.volume.source?.type === 'persistentVolumeClaim').map((t) => `'${claimNameOf(t.volume)}'`);
  const note = claims.length > 0 ? ` (new, empty claims per replica replace ${claims.join(', ')})` : '';
  return fix(`Convert Deployment '${object.name}' to a StatefulSet${note}`, false, located);
}

/** An autoscaler of the Deployment (HPA, KEDA ScaledObject) now scales the StatefulSet: its `scaleTargetRef` says so. */
function retarget(hpa: IndexedObject): (FileChange | undefined)[] {
  const target = hpa.object.autoscaler?.target?.node;
  const kind = scalarAt(target, 'kind');
  const apiVersion = scalarAt(target, 'apiVersion');
  // A ScaledObject may leave its target's kind to the default, Deployment: it has to say StatefulSet.
  const layout = layoutOf(hpa.text, hpa.object.node, undefined);
  const changes = [
    placed(hpa, kind ? replaceScalar(hpa.text, kind, 'StatefulSet') : target && insertScalarPair(hpa.text, target, 'kind', 'StatefulSet', layout)),
  ];
  if (apiVersion && apiVersion.value !== 'apps/v1') changes.push(placed(hpa, replaceScalar(hpa.text, apiVersion, 'apps/v1')));
  return changes;
}

function claimNameOf(volume: PodVolume): string | undefined {
  return isMap(volume.source?.value) ? stringAt(volume.source.value, 'claimName') : undefined;
}

/**
 * The claim templates that replace pod volumes: a claim in view that one node holds at a time (ReadWriteOnce,
 * ReadWriteOncePod) becomes a per-replica template with the claim's spec, unless it is bound to a given volume
 * (`volumeName`, `selector`); a claim the replicas can share (ReadWriteMany, ReadOnlyMany) stays shared. An emptyDir
 * holding data becomes a template of its `sizeLimit`, or of the default request.
 */
function claimTemplatesFor(at: IndexedObject, index: ObjectIndex, settings: FixSettings): NewClaimTemplate[] {
  const pod = at.object.pod!;
  const templates: NewClaimTemplate[] = [];
  for (const mounted of mountedClaims(at, index)) {
    const claim = mounted.claim;
    const spec = claim?.object.claim;
    if (!claim || !spec || !mounted.volume.name || !singleNodeOnly(spec) || spec.volumeName || pairOf(spec.node, 'selector')) continue;
    const lines = specLines(claim.text, pairOf(claim.object.node, 'spec')?.key as Node | undefined);
    if (lines) templates.push({ volume: mounted.volume, specLines: lines });
  }
  for (const volume of pod.volumes) {
    if (volume.source?.type !== 'emptyDir' || !volume.name || mountsOf(pod, volume.name).length === 0) continue;
    if (scratchReason(pod, volume) !== undefined) continue;
    const size = isMap(volume.source.value) ? stringAt(volume.source.value, 'sizeLimit') : undefined;
    templates.push({
      volume,
      specLines: ['spec:', '  accessModes: ["ReadWriteOnce"]', '  resources:', '    requests:', `      storage: ${yamlString(size ?? settings.defaultStorageRequest)}`],
    });
  }
  return templates;
}

/** The `spec:` pair of a claim as lines, its key at column 0 and its block's own relative indentation. */
function specLines(text: string, key: Node | undefined): string[] | undefined {
  if (!key?.range) return undefined;
  const start = lineStart(text, key.range[0]);
  const keyColumn = column(text, key.range[0]);
  if (text.slice(start, key.range[0]).trim() !== '') return undefined;
  const lines = text.slice(start, blockEnd(text, start, keyColumn, false)).replace(/\r?\n$/, '').split(/\r?\n/);
  return lines.map((line) => line.slice(Math.min(keyColumn, line.length - line.trimStart().length)));
}

