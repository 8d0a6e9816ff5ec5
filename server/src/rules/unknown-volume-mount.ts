// A volumeMount (or volumeDevice) that names no volume: the API server or the StatefulSet controller refuses it.
import { closest, distance } from 'fastest-levenshtein';
import { addClaimTemplate, renameMounts } from '../fixes/volumes';
import { K8sObject, knowsAllVolumes } from '../model/objects';
import { allMounts, POD_SPEC_PATHS, VolumeMount } from '../model/workload';
import { fix } from '../fixes/fix';
import { finding } from './report';
import type { DocumentFix, FixSettings } from '../fixes/fix';
import type { ObjectContext, ObjectRule } from './types';

export const unknownVolumeMount: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'unknown-volume-mount',
    title: 'volumeMount names no volume',
    description:
      'A volumeMount or volumeDevice names no pod volume (and, in a StatefulSet, no volumeClaimTemplate), so the Pod can never be created.',
    severity: 'error',
    kinds: [...POD_SPEC_PATHS.keys()],
    fixable: true,
  },
  check(context) {
    const { object } = context;
    // A missing volume may live where we cannot see it: behind an alias, or in the base a patch applies to.
    if (!object.pod || !knowsAllVolumes(object)) return [];
    const known = [...object.pod.volumes, ...object.claimTemplates].flatMap((v) => (v.name ? [v.name] : []));
    // Only a claim can back a raw block device: a claim template, a persistentVolumeClaim or an ephemeral volume.
    const claims = [
      ...object.pod.volumes.filter((v) => v.source?.type === 'persistentVolumeClaim' || v.source?.type === 'ephemeral'),
      ...object.claimTemplates,
    ].flatMap((v) => (v.name ? [v.name] : []));
    return allMounts(object.pod).flatMap((mount) => {
      if (mount.name === undefined || !mount.nameNode || known.includes(mount.name)) return [];
      const what = mount.type === 'mount' ? 'volumeMount' : 'volumeDevice';
      const names = object.kind === 'StatefulSet' ? 'no pod volume and no volumeClaimTemplate' : 'no volume of the pod';
      return finding(
        this.meta.id,
        mount.nameNode,
        mount.container.group === 'ephemeralContainers'
          ? `${what} '${mount.name}' of ephemeral container '${mount.container.name ?? '?'}' names ${names}, but the ` +
              `container itself cannot be there: ${ephemeralRefusal(object)} Ephemeral containers are added to a running Pod, with \`kubectl debug\`.`
          : `${what} '${mount.name}' of container '${mount.container.name ?? '?'}' names ${names}: ${consequence(object, mount)}`,
        [],
        // Renaming the mount would leave the ephemeral container, which is what Kubernetes refuses.
        (settings) => (mount.container.group === 'ephemeralContainers' ? [] : fixes(context, mount, mount.type === 'device' ? claims : known, settings)),
      );
    });
  },
};

/** What Kubernetes does with it, in the words of its validation error. */
function consequence(object: K8sObject, mount: VolumeMount): string {
  const list = mount.type === 'mount' ? 'volumeMounts' : 'volumeDevices';
  const podPath = `${mount.container.group}[${mount.container.index}].${list}[${mount.index}].name`;
  const error = (prefix: string) => `${prefix}.${podPath}: Not found: "${mount.name}"`;
  if (object.kind === 'StatefulSet') {
    return (
      `the StatefulSet controller cannot create its Pods (event FailedCreate: ${error('spec')}); ` +
      'Kubernetes 1.34 and later reject the StatefulSet when it is created.'
    );
  }
  return `the API server rejects this ${object.kind} (${error(podSpecPath(object))}).`;
}

/** Why an ephemeral container in a manifest is refused, in the words of the validation error. */
function ephemeralRefusal(object: K8sObject): string {
  const onCreate = 'spec.ephemeralContainers: Forbidden: cannot be set on create';
  if (object.kind === 'Pod') return `the API server rejects the Pod (${onCreate}).`;
  const inTemplate = `${podSpecPath(object)}.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template`;
  if (object.kind === 'StatefulSet') {
    return `the StatefulSet controller cannot create its Pods (${onCreate}), and Kubernetes 1.34 and later reject the StatefulSet (${inTemplate}).`;
  }
  return `the API server rejects this ${object.kind} (${inTemplate}).`;
}

/** `candidates`: the names this mount could mean (for a block device, only claims). */
function fixes({ text, object }: ObjectContext, mount: VolumeMount, candidates: string[], settings: FixSettings): (DocumentFix | undefined)[] {
  const name = mount.name!;
  const suggestion = candidates.length > 0 ? closest(name, candidates) : undefined;
  // A near miss is a typo: renaming is then the likely intent.
  const nearMiss = suggestion !== undefined && distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3));
  const result: (DocumentFix | undefined)[] = [];
  if (suggestion !== undefined) {
    const renamed = renameMounts(text, [mount], suggestion);
    result.push(fix(`Change '${name}' to '${suggestion}'`, nearMiss, renamed ?? [undefined]));
  }
  if (object.kind === 'StatefulSet') {
    result.push(
      fix(`Add volumeClaimTemplate '${name}'`, !nearMiss, [
        addClaimTemplate(text, object, name, settings.defaultStorageRequest, mount.type === 'device'),
      ]),
    );
  }
  return result;
}

/** Where the object keeps its pod spec, as a field path (`spec.template.spec`). */
function podSpecPath(object: K8sObject): string {
  return (POD_SPEC_PATHS.get(object.kind) ?? []).join('.');
}
