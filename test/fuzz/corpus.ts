// The real manifests the fuzzer mutates: every YAML file of ../shared/corpus up to 100 KB (the two 2 MB argo-cd
// installs are for the speed tests), sorted so that a seed means the same cases on every machine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileAnalyser } from '../../server/src/service/analysis';
import { corpusRoot } from '../support/fixtures';

export const MAX_SOURCE_BYTES = 100_000;

export interface Source {
  /** Relative to the corpus root, with forward slashes. */
  readonly file: string;
  readonly text: string;
  /** The file has findings as it is: its fixes get exercised even by mutations that break nothing. */
  readonly findings: boolean;
  /** The file holds a workload (a pod template): where most rules look. */
  readonly workload: boolean;
}

let cached: readonly Source[] | undefined;

const WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate']);

export function corpus(): readonly Source[] {
  if (cached) return cached;
  const files = (readdirSync(corpusRoot, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  const sources: Source[] = [];
  for (const file of files) {
    const full = path.join(corpusRoot, file);
    if (statSync(full).size > MAX_SOURCE_BYTES) continue;
    const text = readFileSync(full, 'utf8');
    const analysis = new FileAnalyser().analyse(text);
    const objects = analysis.documents.flatMap(({ analysis: document }) => document.objects);
    sources.push({ file, text, findings: analysis.findings.length > 0, workload: objects.some((o) => WORKLOADS.has(o.kind)) });
  }
  if (sources.length === 0) throw new Error(`no YAML file of at most ${MAX_SOURCE_BYTES} bytes under ${corpusRoot}`);
  cached = sources;
  return sources;
}
