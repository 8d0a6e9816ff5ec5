// A headless Service for a StatefulSet, written as a new YAML document right after the StatefulSet's.
import type { IndexedObject } from '../model/objectIndex';
import { eolOf, insertScalarPair, layoutOf, yamlString } from '../yaml/edits';
import { pairOf } from '../yaml/nodes';
import type { FileChange } from './fix';
import { placed } from './placed';

/**
 * The Service document: `clusterIP: None`, the selector's matchLabels (or, without them, the template labels) and
 * one port per distinct container port. A headless Service may have no ports; with several, each needs a name.
 */
export function headlessServiceLines(at: IndexedObject, name: string): string[] | undefined {
  const { object } = at;
  const selector = object.workload?.selector;
  const labels = selector && selector.matchLabels.size > 0 ? selector.matchLabels : object.pod?.labels?.labels;
  if (!labels || labels.size === 0) return undefined;
  const ports = new Map<string, { port: number; name?: string; protocol?: string }>();
  for (const container of object.pod?.containers ?? []) {
    if (container.group !== 'containers') continue;
    for (const port of container.ports) {
      const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      if (!ports.has(key)) ports.set(key, { port: port.containerPort, name: port.name, protocol: port.protocol });
    }
  }
  const named = ports.size > 1;
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
    ...[...ports.values()].flatMap(({ port, name: portName, protocol }) => [
      ...(named ? [`  - name: ${yamlString(portName ?? `${(protocol ?? 'tcp').toLowerCase()}-${port}`)}`, `    port: ${port}`] : [`  - port: ${port}`]),
      ...(protocol && protocol !== 'TCP' ? [`    protocol: ${yamlString(protocol)}`] : []),
    ]),
  ];
}

/** Appends the headless Service `name` as a new document just after the StatefulSet's document. */
export function appendHeadlessService(at: IndexedObject, name: string): FileChange | undefined {
  const lines = headlessServiceLines(at, name);
  if (!lines) return undefined;
  const eol = eolOf(at.text);
  const end = at.text.length;
  const lead = at.text.endsWith('\n') ? '' : eol;
  return placed(at, { start: end, end, text: `${lead}---${eol}${lines.join(eol)}${eol}` });
}

/** `serviceName: <name>` in the StatefulSet's spec, before its selector (or its template). */
export function addServiceName(at: IndexedObject, name: string): FileChange | undefined {
  const spec = at.object.spec;
  if (!spec) return undefined;
  const before = pairOf(spec, 'selector') ?? pairOf(spec, 'template');
  return placed(at, insertScalarPair(at.text, spec, 'serviceName', yamlString(name), layoutOf(at.text, at.object.node, at.object.pod?.spec), before));
}
