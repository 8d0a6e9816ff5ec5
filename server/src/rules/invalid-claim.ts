// A claim spec the API server rejects: no access mode, an unknown one, ReadWriteOncePod beside others, no storage
// request, a storage request that is not a quantity or not above zero, an unknown volumeMode. Read the same way for
// a PersistentVolumeClaim, a StatefulSet's volumeClaimTemplates and a generic ephemeral volume's claim template, as
// ValidatePersistentVolumeClaimSpec (kubernetes/kubernetes pkg/apis/core/validation/validation.go) reads them.
import { closest, distance } from 'fastest-levenshtein';
import { isAlias, isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { addAccessMode, addClaimSpec, addStorageRequest, fileLayout, keepOnlyItem } from '../fixes/claimSpec';
import { fix } from '../fixes/fix';
import { ACCESS_MODES } from '../model/claims';
import type { K8sObject } from '../model/objects';
import { parseQuantity, QUANTITY_ERRORS } from '../model/quantity';
import { opaque, POD_SPEC_PATHS } from '../model/workload';
import { keepingComments, removeSeqItem, replaceScalar } from '../yaml/edits';
import { mapAt, pairOf } from '../yaml/nodes';
import { finding } from './report';
import type { DocumentFinding, ObjectRule } from './types';

const RWOP = 'ReadWriteOncePod';
/** What the quick-fixes write: the in-tree volume types support it, where ReadWriteOncePod is enforced for CSI only. */
const DEFAULT_MODE = 'ReadWriteOnce';
const VOLUME_MODES = ['Filesystem', 'Block'];
/** The abbreviations `kubectl get pvc` prints (kubernetes.io, Persistent Volumes, Access Modes). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  rwo: 'ReadWriteOnce',
  rox: 'ReadOnlyMany',
  rwx: 'ReadWriteMany',
  rwop: 'ReadWriteOncePod',
};
/** The supported values as NotSupported prints them: sets.List sorts them. */
const SUPPORTED_MODES = [...ACCESS_MODES].sort().map((mode) => `"${mode}"`).join(', ');
/**
 * Fields a kustomize patch of a PersistentVolumeClaim typically sets (a resize, another class, a volume to bind or
 * restore from): a spec made of
 * these alone may be a patch whose base holds the rest, so what it lacks is not known to be missing.
 */
const PATCHED_FIELDS = new Set(['resources', 'storageClassName', 'volumeAttributesClassName', 'volumeName', 'dataSource', 'dataSourceRef']);

/** One claim spec and how Kubernetes treats its mistakes. */
interface ClaimSite {
  readonly where: 'claim' | 'template' | 'ephemeral';
  /** Who the claim is, at the start of a sentence. */
  readonly subject: string;
  /** The map that holds `spec`. */
  readonly holder: YAMLMap;
  /** Where a finding about a missing spec goes. */
  readonly anchor?: Node;
  /** Whether a field missing here is missing for sure: not a patch's, not behind an alias or a merge key. */
  readonly absencesKnown: boolean;
  /** What happens to a claim whose spec fails validation with `spec.<path>: <error>`. */
  rejected(path: string, error: string): string;
  /** What happens to a manifest the API server cannot decode (`error`). */
  undecodable(error: string): string;
}

export const invalidClaim: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'invalid-claim',
    title: 'Claim spec the API server rejects',
    description:
      'A PersistentVolumeClaim, volumeClaimTemplate or ephemeral volume claim template has no access mode or storage request, or an access mode, volume mode or storage quantity that Kubernetes does not accept, so the API server rejects the claim.',
    severity: 'error',
    kinds: ['PersistentVolumeClaim', ...[...POD_SPEC_PATHS.keys()]],
    fixable: true,
  },
  check({ text, object }) {
    return sitesOf(object).flatMap((site) => checkSite(this.meta.id, text, object, site));
  },
};

function sitesOf(object: K8sObject): ClaimSite[] {
  const sites: ClaimSite[] = [];
  if (object.kind === 'PersistentVolumeClaim') {
    sites.push({
      where: 'claim',
      subject: `PersistentVolumeClaim '${object.name ?? '?'}'`,
      holder: object.node,
      absencesKnown: !opaque(object.node),
      rejected: (path, error) => `the API server rejects it (spec.${path}: ${error}).`,
      undecodable: (error) => `the API server cannot decode this PersistentVolumeClaim (${error}).`,
    });
  }
  if (object.kind === 'StatefulSet' && isSeq(object.claimTemplatesPair?.value)) {
    const seq = object.claimTemplatesPair.value;
    for (const template of object.claimTemplates) {
      const name = template.name ?? '?';
      const claim = `${name}-${object.name ?? '<statefulset>'}-<ordinal>`;
      sites.push({
        where: 'template',
        subject: `volumeClaimTemplate '${name}'`,
        holder: template.node,
        anchor: template.nameNode ?? (template.node.items[0]?.key as Node | undefined),
        absencesKnown: !object.partial && !opaque(template.node),
        rejected: (path, error) =>
          `the StatefulSet controller cannot create PersistentVolumeClaim '${claim}' from it, and a Pod whose claim does ` +
          `not exist yet is not created (event FailedCreate: … is invalid: spec.${path}: ${error}); API servers that ` +
          `include kubernetes/kubernetes#132212 reject the StatefulSet itself when it is created ` +
          `(spec.volumeClaimTemplates[${seq.items.indexOf(template.node)}].spec.${path}).`,
        undecodable: (error) => `the API server cannot decode this StatefulSet (${error}).`,
      });
    }
  }
  const podPath = POD_SPEC_PATHS.get(object.kind);
  const pod = object.pod;
  if (podPath && pod) {
    const volumeItems = isSeq(pod.volumesPair?.value) ? pod.volumesPair.value.items : [];
    for (const volume of pod.volumes) {
      const source = volume.source;
      if (source?.type !== 'ephemeral' || !isMap(source.value)) continue;
      const template = mapAt(source.value, 'volumeClaimTemplate');
      if (!template) continue;
      const index = volumeItems.indexOf(volume.node);
      const field = (prefix: string, path: string) =>
        `${prefix}.volumes[${index}].ephemeral.volumeClaimTemplate.spec.${path}`;
      sites.push({
        where: 'ephemeral',
        subject: `The volumeClaimTemplate of ephemeral volume '${volume.name ?? '?'}'`,
        holder: template,
        anchor: pairOf(source.value, 'volumeClaimTemplate')?.key as Node | undefined,
        absencesKnown:
          !object.partial && !opaque(pod.volumesPair?.value) && !opaque(volume.node) && !opaque(source.value) && !opaque(template),
        rejected: (path, error) =>
          object.kind === 'StatefulSet'
            ? `the StatefulSet controller cannot create its Pods (event FailedCreate: … is invalid: ${field('spec', path)}: ` +
              `${error}); Kubernetes 1.34 and later reject the StatefulSet when it is created.`
            : `the API server rejects this ${object.kind} (${field(podPath.join('.'), path)}: ${error}).`,
        undecodable: (error) => `the API server cannot decode this ${object.kind} (${error}).`,
      });
    }
  }
  return sites;
}

function checkSite(ruleId: string, text: string, object: K8sObject, site: ClaimSite): DocumentFinding[] {
  const specPair = pairOf(site.holder, 'spec');
  const value = specPair?.value;
  const layoutOf = (spec: YAMLMap | undefined) => fileLayout(text, object.node, [spec, site.holder, object.spec, object.pod?.spec]);
  if (!specPair || isEmpty(value)) {
    // A PersistentVolumeClaim without a spec is a fragment (a kustomize patch of its labels, say), not a claim.
    if (site.where === 'claim' || !site.absencesKnown) return [];
    const node = specPair ? (specPair.key as Node) : site.anchor;
    if (!node) return [];
    return [
      finding(
        ruleId,
        node,
        `${site.subject} has ${specPair ? 'an empty spec' : 'no spec'}, so neither accessModes nor a storage request: ` +
          site.rejected('accessModes', 'Required value: at least 1 access mode is required'),
        [],
        (settings) =>
          specPair
            ? []
            : [DEFAULT_MODE, RWOP].map((mode) =>
                fix(`Add a spec with accessModes [${mode}] and a ${settings.defaultStorageRequest} storage request`, mode === DEFAULT_MODE, [
                  addClaimSpec(text, site.holder, mode, settings.defaultStorageRequest, layoutOf(undefined)),
                ]),
              ),
      ),
    ];
  }
  if (!isMap(value)) return [];
  const spec = value;
  const specKey = specPair.key as Node;
  const absent = site.absencesKnown && !opaque(spec) && (site.where !== 'claim' || notAPatch(spec));
  const context: SpecContext = { ruleId, text, site, spec, specKey, absent, layout: () => layoutOf(spec) };
  return [...accessModeFindings(context), ...storageFindings(context), ...volumeModeFindings(context)];
}

interface SpecContext {
  readonly ruleId: string;
  readonly text: string;
  readonly site: ClaimSite;
  readonly spec: YAMLMap;
  readonly specKey: Node;
  /** Whether a missing field is reported. */
  readonly absent: boolean;
  layout(): ReturnType<typeof fileLayout>;
}

/** A PersistentVolumeClaim spec that holds more than the fields overlays patch: a claim of its own. */
function notAPatch(spec: YAMLMap): boolean {
  const keys = spec.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
  return keys.length >= 2 && keys.some((key) => !PATCHED_FIELDS.has(key));
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

const REQUIRED_MODE = 'Required value: at least 1 access mode is required';

function accessModeFindings(context: SpecContext): DocumentFinding[] {
  const { ruleId, text, site, spec, specKey, absent } = context;
  const pair = pairOf(spec, 'accessModes');
  const addModes = (target: Pair | undefined) => () =>
    [DEFAULT_MODE, RWOP].map((mode) =>
      fix(`Add accessModes: [${mode}]`, mode === DEFAULT_MODE, [addAccessMode(text, spec, target, mode, context.layout())]),
    );
  if (!pair) {
    if (!absent) return [];
    return [
      finding(ruleId, specKey, `${site.subject} has no accessModes: ${site.rejected('accessModes', REQUIRED_MODE)}`, [], addModes(undefined)),
    ];
  }
  const value = pair.value;
  if (isEmpty(value) || (isSeq(value) && value.items.length === 0)) {
    return [
      finding(ruleId, pair.key as Node, `${site.subject} has an empty accessModes list: ${site.rejected('accessModes', REQUIRED_MODE)}`, [], addModes(pair)),
    ];
  }
  if (!isSeq(value)) return [];
  const items = value.items as unknown[];
  const modes = items.filter((item): item is Scalar<string> => isScalar(item) && typeof item.value === 'string');
  const findings: DocumentFinding[] = [];
  const allKnown = modes.length === items.length && !items.some(isAlias);
  for (const mode of modes) {
    if ((ACCESS_MODES as readonly string[]).includes(mode.value)) continue;
    findings.push(
      finding(
        ruleId,
        mode,
        `'${mode.value}' is not an access mode: ` +
          site.rejected('accessModes', `Unsupported value: ${JSON.stringify(mode.value)}: supported values: ${SUPPORTED_MODES}`),
        [],
        () => {
          const suggestion = accessModeFor(mode.value);
          if (!suggestion) return [];
          // Not a fix that trades one rejection for another (ReadWriteOncePod beside other modes).
          const after = modes.map((m) => (m === mode ? suggestion : m.value));
          if (allKnown && conflicting(after)) return [];
          return [fix(`Change '${mode.value}' to '${suggestion}'`, true, [replaceScalar(text, mode, suggestion)])];
        },
      ),
    );
  }
  // The API server counts only supported modes beside ReadWriteOncePod; an item it cannot read hides the answer.
  const rwop = modes.find((mode) => mode.value === RWOP);
  const others = modes.filter((mode) => mode.value !== RWOP && (ACCESS_MODES as readonly string[]).includes(mode.value));
  if (allKnown && rwop && others.length > 0) {
    findings.push(
      finding(
        ruleId,
        rwop,
        `ReadWriteOncePod is listed with ${[...new Set(others.map((m) => m.value))].join(', ')}: ` +
          site.rejected('accessModes', 'Forbidden: may not use ReadWriteOncePod with other access modes'),
        others.map((mode) => ({ node: mode, message: `access mode ${mode.value}` })),
        () => {
          const removal = removeSeqItem(text, spec, pair, rwop);
          return [
            fix(`Keep only ${RWOP}`, false, keepOnlyItem(text, spec, pair, rwop) ?? [undefined]),
            ...(modes.filter((m) => m.value === RWOP).length === 1
              ? [fix(`Remove ${RWOP}`, false, [removal && keepingComments(text, removal)])]
              : []),
          ];
        },
      ),
    );
  }
  return findings;
}

function conflicting(modes: readonly string[]): boolean {
  return modes.includes(RWOP) && modes.some((mode) => mode !== RWOP && (ACCESS_MODES as readonly string[]).includes(mode));
}

/** The access mode a misspelt one most likely means: an abbreviation, another case, or a near miss. */
export function accessModeFor(written: string): string | undefined {
  const lower = written.trim().toLowerCase();
  if (Object.hasOwn(ABBREVIATIONS, lower)) return ABBREVIATIONS[lower];
  return nearest(written, ACCESS_MODES);
}

function nearest(written: string, candidates: readonly string[]): string | undefined {
  const byCase = candidates.find((candidate) => candidate.toLowerCase() === written.trim().toLowerCase());
  if (byCase) return byCase;
  if (written.length === 0) return undefined;
  const suggestion = closest(written, candidates as string[]);
  return distance(written, suggestion) <= Math.max(2, Math.floor(written.length / 3)) ? suggestion : undefined;
}

function storageFindings(context: SpecContext): DocumentFinding[] {
  const { ruleId, text, site, spec, specKey, absent } = context;
  const missing = (node: Node): DocumentFinding[] =>
    absent
      ? [
          finding(
            ruleId,
            node,
            `${site.subject} requests no storage (resources.requests.storage): ${site.rejected('resources[storage]', 'Required value')}`,
            [],
            (settings) => [
              fix(`Add a ${settings.defaultStorageRequest} storage request`, true, [
                addStorageRequest(text, spec, settings.defaultStorageRequest, context.layout()),
              ]),
            ],
          ),
        ]
      : [];
  const resources = pairOf(spec, 'resources');
  if (!resources) return missing(specKey);
  if (isEmpty(resources.value)) return missing(resources.key as Node);
  if (!isMap(resources.value) || opaque(resources.value)) return [];
  const requests = pairOf(resources.value, 'requests');
  if (!requests) return missing(resources.key as Node);
  if (isEmpty(requests.value)) return missing(requests.key as Node);
  if (!isMap(requests.value) || opaque(requests.value)) return [];
  const storage = pairOf(requests.value, 'storage');
  if (!storage) return missing(requests.key as Node);
  if (isEmpty(storage.value)) {
    return [
      finding(
        ruleId,
        storage.key as Node,
        `The storage request of ${lowerFirst(site.subject)} has no value: a claim must request more than zero storage ` +
          '(spec.resources[storage]).',
      ),
    ];
  }
  return isScalar(storage.value) ? quantityFindings(context, storage.value) : [];
}

function quantityFindings(context: SpecContext, node: Scalar): DocumentFinding[] {
  const { ruleId, text, site } = context;
  const value = node.value;
  const written = typeof value === 'string' ? value : node.range ? text.slice(node.range[0], node.range[1]) : String(value);
  let sign: number;
  if (typeof value === 'number') {
    // A YAML number reaches the API server as a JSON number, which it reads as a quantity.
    if (!Number.isFinite(value)) return [];
    sign = Math.sign(value);
  } else if (typeof value === 'string' || typeof value === 'boolean') {
    if (typeof value === 'string' && node.type === Scalar.PLAIN && yaml11Number(value)) return [];
    const reading = parseQuantity(String(value));
    if (!reading.ok) {
      return [
        finding(
          ruleId,
          node,
          `Storage request '${written}' is not a Kubernetes quantity: ${site.undecodable(QUANTITY_ERRORS[reading.error])}`,
          [],
          () =>
            typeof value === 'string'
              ? quantityTypos(value).map(({ to, preferred }) => fix(`Change '${value}' to '${to}'`, preferred, [replaceScalar(text, node, to)]))
              : [],
        ),
      ];
    }
    sign = reading.sign;
  } else {
    return [];
  }
  if (sign > 0) return [];
  const zero = sign === 0;
  return [
    finding(
      ruleId,
      node,
      `Storage request '${written}' is ${zero ? 'zero' : 'negative'}: ` +
        site.rejected('resources[storage]', `Invalid value: ${zero ? '"0"' : '…'}: must be greater than zero`),
    ),
  ];
}

/**
 * Plain scalars that YAML 1.1 (the go-yaml that kubectl converts manifests with) reads as numbers while YAML 1.2
 * reads them as strings: `1_000`, `0b101`. What the API server gets from them is not ours to say.
 */
function yaml11Number(plain: string): boolean {
  return /^[-+]?(?:[0-9][0-9_]*_[0-9_]*|0b[01_]+)$/.test(plain);
}

/**
 * Spellings of a size that are not quantities but say clearly enough what was meant: a stray space (`10 Gi`),
 * a binary suffix in another case or with a byte sign (`10gi`, `10GiB`: `10Gi`), a decimal one with a byte sign
 * (`10GB`: `10G` or `10Gi`, both offered, neither preferred), a lone `K`, `g`, `t`... (`10Ki` or `10k`).
 */
export function quantityTypos(written: string): { to: string; preferred: boolean }[] {
  const trimmed = written.trim();
  const squeezed = trimmed.replace(/\s+/g, '');
  const valid = (to: string) => {
    const reading = parseQuantity(to, false);
    return to !== written && reading.ok && reading.sign > 0;
  };
  // Without its spaces it is a size (not milli-, micro- or nano-bytes, which nobody means).
  if (squeezed !== trimmed && !/[mun]$/.test(squeezed) && valid(squeezed)) return [{ to: squeezed, preferred: true }];
  const match = /^([+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([kKmMgGtTpPeE])([iI]?)([bB]?)$/.exec(squeezed);
  if (!match) return [];
  const [, number, letter, binary] = match;
  const upper = letter.toUpperCase();
  const binaryForm = `${number}${upper}i`;
  const decimalForm = `${number}${upper === 'K' ? 'k' : upper}`;
  if (binary) return valid(binaryForm) ? [{ to: binaryForm, preferred: true }] : [];
  return [binaryForm, decimalForm].filter(valid).map((to) => ({ to, preferred: false }));
}

function volumeModeFindings(context: SpecContext): DocumentFinding[] {
  const { ruleId, text, site, spec } = context;
  const node = pairOf(spec, 'volumeMode')?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || VOLUME_MODES.includes(node.value)) return [];
  const mode = node.value;
  return [
    finding(
      ruleId,
      node,
      `volumeMode '${mode}' is neither Filesystem nor Block: ` +
        site.rejected('volumeMode', `Unsupported value: ${JSON.stringify(mode)}: supported values: "Block", "Filesystem"`),
      [],
      () => {
        const suggestion = nearest(mode, VOLUME_MODES);
        return suggestion ? [fix(`Change '${mode}' to '${suggestion}'`, true, [replaceScalar(text, node, suggestion)])] : [];
      },
    ),
  ];
}

function lowerFirst(text: string): string {
  return text.startsWith('The ') ? `the ${text.slice(4)}` : text;
}
