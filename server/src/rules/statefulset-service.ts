// A StatefulSet's Pods get DNS names of their own only through the headless Service its `serviceName` names.
import { fix } from '../fixes/fix';
import { addServiceName, appendHeadlessService, headlessServiceChoice, isServiceName } from '../fixes/headlessService';
import { placed } from '../fixes/placed';
import { selects, unmetRequirements } from '../model/labels';
import { IndexedObject, ObjectIndex, sameNamespace } from '../model/objectIndex';
import { replaceScalar } from '../yaml/edits';
import { placedFinding } from './report';
import type { Finding, RelationalRule } from './types';

/** RFC 1123 label, as ValidateDNS1123Label checks it. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const statefulsetService: RelationalRule = {
  scope: 'relational',
  meta: {
    id: 'statefulset-service',
    title: 'StatefulSet serviceName without a matching headless Service',
    description:
      "A StatefulSet's serviceName is invalid, missing, or names a Service that is not headless, does not select its Pods or is in another namespace, so its Pods get no DNS names of their own.",
    severity: 'warning',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ subject, index }) {
    const { object } = subject;
    const workload = object.workload;
    const labels = object.pod?.labels;
    if (!workload) return [];
    const name = object.name ?? '?';
    // An empty serviceName is no serviceName: validation checks only a non-empty one.
    const serviceName = workload.serviceName?.value === '' ? undefined : workload.serviceName;
    if (!serviceName) {
      if (object.partial) return [];
      const candidate = selectingServices(subject, index).find(({ object: service }) => service.service?.headless);
      const choice = candidate || !object.name ? undefined : headlessServiceChoice(subject, index, object.name);
      const quickFix = () => {
        if (candidate) return fix(`Set serviceName to '${candidate.object.name}'`, false, [addServiceName(subject, candidate.object.name!)]);
        if (!choice?.append) return undefined;
        return fix(`Add serviceName '${choice.name}' and a headless Service '${choice.name}'`, false, [
          addServiceName(subject, choice.name),
          appendHeadlessService(subject, choice.name),
        ]);
      };
      return [
        placedFinding(
          this.meta.id,
          subject,
          object.kindNode,
          `StatefulSet '${name}' has no serviceName: its Pods get no DNS names of their own ` +
            '(<pod>.<service>.<namespace>.svc come from the headless Service that serviceName names).' +
            (candidate ? ` Headless Service '${candidate.object.name}' selects its Pods.` : ''),
          candidate ? [{ at: candidate, node: candidate.object.nameNode, message: `headless Service '${candidate.object.name}'` }] : [],
          () => [quickFix()],
          'information',
        ),
      ];
    }
    const value = serviceName.value;
    if (!DNS_1123_LABEL.test(value) || value.length > 63) {
      return [
        placedFinding(
          this.meta.id,
          subject,
          serviceName.node,
          `serviceName '${value}' is not a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ` +
            'ending with a letter or digit): since Kubernetes 1.33 the API server rejects a new StatefulSet with it ' +
            '(spec.serviceName).',
          [],
          () => [],
          'error',
        ),
      ];
    }
    if (!isServiceName(value)) {
      return [
        placedFinding(
          this.meta.id,
          subject,
          serviceName.node,
          `serviceName '${value}' can name no Service: a Service's name is an RFC 1035 label (a letter first, then ` +
            'letters, digits and \'-\'), so the Pods never get DNS names from one (unless the cluster enables the alpha ' +
            'feature RelaxedServiceNameValidation, Kubernetes 1.34).',
          [],
          () => [],
          'warning',
        ),
      ];
    }
    const services = index.ofKind('Service').filter(({ object: service }) => service.name === value);
    const same = services.filter(({ object: service }) => sameNamespace(service.namespace, object.namespace) === 'yes');
    if (same.length > 0) return same.flatMap((service) => serviceProblems(this.meta.id, subject, service));
    if (services.length > 0 && services.every(({ object: service }) => sameNamespace(service.namespace, object.namespace) === 'no')) {
      const elsewhere = services.map(({ object: service }) => `'${service.namespace}'`).join(', ');
      return [
        placedFinding(
          this.meta.id,
          subject,
          serviceName.node,
          `Service '${value}' is in view only in namespace ${elsewhere}, not in '${object.namespace}', where StatefulSet ` +
            `'${name}' is: a Pod's DNS names come from the Service of that name in its own namespace.`,
          services.map((service) => ({ at: service, node: service.object.nameNode, message: `Service '${value}' in namespace '${service.object.namespace}'` })),
        ),
      ];
    }
    if (services.length > 0 || !labels?.complete) return [];
    // Only a headless Service is a likely intent: others (metrics, load balancing) select the same Pods for other ends.
    const candidate = selectingServices(subject, index).find(({ object: service }) => service.service?.headless);
    if (!candidate?.object.name) return [];
    return [
      placedFinding(
        this.meta.id,
        subject,
        serviceName.node,
        `No Service '${value}' is in view, but Service '${candidate.object.name}' selects the Pods of StatefulSet '${name}': ` +
          `did you mean serviceName '${candidate.object.name}'?`,
        [{ at: candidate, node: candidate.object.nameNode, message: `Service '${candidate.object.name}' selects the Pods` }],
        () => [fix(`Change serviceName to '${candidate.object.name}'`, false, [placed(subject, replaceScalar(subject.text, serviceName.node, candidate.object.name!))])],
        'information',
      ),
    ];
  },
};

/** What is wrong with the Service that serviceName names, for DNS names of the StatefulSet's Pods. */
function serviceProblems(ruleId: string, subject: IndexedObject, at: IndexedObject): Finding[] {
  const service = at.object.service;
  const serviceName = subject.object.workload!.serviceName!;
  const labels = subject.object.pod?.labels;
  const name = subject.object.name ?? '?';
  // A Service without a spec is a fragment (a patch, a stub): what it lacks may be elsewhere.
  if (!service || !at.object.spec) return [];
  const related = [{ at, node: at.object.nameNode, message: `Service '${at.object.name}'` }];
  const findings: Finding[] = [];
  if (!service.headless && service.type !== 'ExternalName') {
    findings.push(
      placedFinding(
        ruleId,
        subject,
        serviceName.node,
        `Service '${serviceName.value}' is not headless (its clusterIP is not None): its name resolves to one virtual ` +
          `IP, and Kubernetes' DNS specification gives the Pods of StatefulSet '${name}' names of their own ` +
          '(<pod>.<service>) only through a headless Service. A headless Service has `clusterIP: None`; clusterIP cannot ' +
          'change on an existing Service, so it has to be re-created.',
        [{ at, node: service.clusterIP?.node ?? at.object.nameNode, message: `Service '${at.object.name}'` }],
        () => [],
        'information',
      ),
    );
  }
  if (service.selector?.complete && labels?.complete && labels.labels.size > 0 && !selects(service.selector, labels.labels)) {
    const unmet = unmetRequirements(service.selector, labels.labels).map((r) => `${r.key}=${r.values[0]}`);
    findings.push(
      placedFinding(
        ruleId,
        subject,
        serviceName.node,
        `Service '${serviceName.value}' does not select the Pods of StatefulSet '${name}' (their template labels lack ` +
          `${unmet.join(', ')}): it has no endpoints for them, so they get no DNS names from it.`,
        related,
      ),
    );
  }
  return findings;
}

/** The Services in view, in the StatefulSet's namespace for certain, named as a Service can be, whose selector selects its Pods. */
function selectingServices(subject: IndexedObject, index: ObjectIndex): IndexedObject[] {
  const labels = subject.object.pod?.labels;
  if (!labels?.complete || labels.labels.size === 0) return [];
  return index.ofKind('Service').filter(({ object: service }) => {
    const selector = service.service?.selector;
    return (
      service.name !== undefined &&
      isServiceName(service.name) &&
      sameNamespace(service.namespace, subject.object.namespace) === 'yes' &&
      selector?.complete === true &&
      selector.matchLabels.size > 0 &&
      selects(selector, labels.labels)
    );
  });
}
