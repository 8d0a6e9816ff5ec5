// A headless Service for a StatefulSet, written as a new YAML document right after the StatefulSet's.
import { selects } from '../model/labels';
import type { IndexedObject, ObjectIndex } from '../model/objectIndex';
import { isScalar } from 'yaml';
import { eolOf, insertScalarPair, layoutOf, replaceScalar, yamlString } from '../yaml/edits';
import { pairOf } from '../yaml/nodes';
import type { FileChange } from './fix';
import { placed } from './placed';

/** A Service's name must be an RFC 1035 label (ValidateServiceName): a letter first, then letters, digits and '-'. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` can be a Service's. */
export function isServiceName(name: string): boolean {
  return DNS_1035_LABEL.test(name) && name.length <= 63;
}

/** A Service name for `name`: itself when it is one, else lowercased with other characters as '-' and a letter first. */
export function serviceNameFor(name: string): string {
  if (isServiceName(name)) return name;
  let derived = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(derived)) derived = `svc-${derived}`;
  return derived.slice(0, 63).replace(/-+$/, '');
}

/**
 * Which headless Service a StatefulSet made from `at` should name: one in view already (headless, of the wanted
 * name), or a new one to append, named for the object or, when a Service that is not headless has that name, with
 * `-headless` after it. Undefined when both names are taken by Services that are not headless.
 */
export function headlessServiceChoice(at: IndexedObject, index: ObjectIndex, base: string): { name: string; append: boolean } | undefined {
  const first = serviceNameFor(base);
  for (const name of [first, serviceNameFor(`${first}-headless`)]) {
    const existing = index.resolve(at.object, { kind: 'Service', name });
    if (existing.length === 0) return { name, append: true };
    if (existing.some(({ object }) => object.service?.headless)) return { name, append: false };
  }
  return undefined;
}

/**
 * The Service document: `clusterIP: None`, the selector's matchLabels (or, without them, the template labels) and
 * one port per distinct container port. A headless Service may have no ports; with several, each needs a name of
 * its own.
 */
export function headlessServiceLines(at: IndexedObject, name: string): string[] | undefined {
  const { object } = at;
  const selector = object.workload?.selector;
  const podLabels = object.pod?.labels;
  // A selector that misses the template's labels is refused by the API server: no Service could select those Pods.
  if (selector && podLabels && !selects(selector, podLabels.labels)) return undefined;
  const labels = selector && selector.matchLabels.size > 0 ? selector.matchLabels : podLabels?.labels;
  if (!labels || labels.size === 0) return undefined;
  const ports = new Map<string, { port: number; name?: string; protocol?: string }>();
  for (const container of object.pod?.containers ?? []) {
    if (container.group === 'ephemeralContainers' || (container.group === 'initContainers' && !container.sidecar)) continue;
    for (const port of container.ports) {
      const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      if (!ports.has(key)) ports.set(key, { port: port.containerPort, name: port.name, protocol: port.protocol });
    }
  }
  const named = ports.size > 1;
  const names = new Set<string>();
  const nameOf = ({ port, name: portName, protocol }: { port: number; name?: string; protocol?: string }) => {
    let candidate = portName && !names.has(portName) ? portName : `${(protocol ?? 'tcp').toLowerCase()}-${port}`;
    for (let n = 2; names.has(candidate); n++) candidate = `${(protocol ?? 'tcp').toLowerCase()}-${port}-${n}`;
    names.add(candidate);
    return candidate;
  };
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${yamlString(name)}`,
    ...(object.namespace ? [`  namespace: ${yamlString(object.namespace)}`] : []),
    'spec:',
    '  clusterIP: None',
    '  selector:',
    ...[...labels].map(([key, value]) => `    ${yamlString(key)}: ${yamlString(value)}`),
    ...(ports.size > 0 ? ['  ports:'] : []),
    ...[...ports.values()].flatMap((port) => [
      ...(named ? [`  - name: ${yamlString(nameOf(port))}`, `    port: ${port.port}`] : [`  - port: ${port.port}`]),
      ...(port.protocol && port.protocol !== 'TCP' ? [`    protocol: ${yamlString(port.protocol)}`] : []),
    ]),
  ];
}

/** Appends the headless Service `name` as a new document just after the StatefulSet's document. */
export function appendHeadlessService(at: IndexedObject, name: string): FileChange | undefined {
  const lines = headlessServiceLines(at, name);
  if (!lines) return undefined;
  // A document of its own: its 2-space layout is valid whatever the file's.
  const eol = eolOf(at.text);
  const end = at.text.length;
  const lead = at.text.endsWith('\n') ? '' : eol;
  return placed(at, { start: end, end, text: `${lead}---${eol}${lines.join(eol)}${eol}` });
}

/** `serviceName: <name>` in the StatefulSet's spec: in place of an empty one, or before its selector (or template). */
export function addServiceName(at: IndexedObject, name: string): FileChange | undefined {
  const spec = at.object.spec;
  if (!spec) return undefined;
  const existing = at.object.workload?.serviceNamePair?.value;
  if (isScalar(existing) && existing.range && existing.range[1] > existing.range[0]) return placed(at, replaceScalar(at.text, existing, name));
  if (at.object.workload?.serviceNamePair) return undefined;
  const before = pairOf(spec, 'selector') ?? pairOf(spec, 'template');
  return placed(at, insertScalarPair(at.text, spec, 'serviceName', yamlString(name), layoutOf(at.text, at.object.node, at.object.pod?.spec), before));
}
