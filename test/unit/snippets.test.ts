// Every snippet, expanded with its defaults, is valid YAML holding the objects it promises, keeps its names
// consistent, and gets no diagnostic of ours.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { FileAnalyser } from '../../server/src/service/analysis';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';


/**
 * Expands VS Code snippet syntax the way inserting the snippet and accepting every default would: `${1:default}`
 * (defaults may nest), `${1|a,b|}` (the first choice), `$1` / `${1}` (a mirror: the value of the first occurrence of
 * that tabstop that has one), `$0`, and `\$`, `\}`, `\\` escapes. Variables (`$TM_FILENAME`) are not supported.
 */
export function expandSnippet(body: string): string {
  type Part = string | { index: number; value?: Part[] };
  let pos = 0;
  const parse = (inside: boolean): Part[] => {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push(text);
      text = '';
    };
    while (pos < body.length) {
      const c = body[pos];
      if (c === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        text += body[pos + 1];
        pos += 2;
      } else if (inside && c === '}') {
        break;
      } else if (c === '$') {
        const plain = /^\$(\d+)/.exec(body.slice(pos));
        const braced = /^\$\{(\d+)(?=[:|}])/.exec(body.slice(pos));
        if (plain) {
          flush();
          parts.push({ index: Number(plain[1]) });
          pos += plain[0].length;
        } else if (braced) {
          flush();
          const index = Number(braced[1]);
          pos += braced[0].length;
          if (body[pos] === '}') {
            parts.push({ index });
            pos += 1;
          } else if (body[pos] === ':') {
            pos += 1;
            const value = parse(true);
            if (body[pos] !== '}') throw new Error(`unclosed placeholder \${${index}:`);
            pos += 1;
            parts.push({ index, value });
          } else {
            const end = body.indexOf('|}', pos + 1);
            if (end < 0) throw new Error(`unclosed choice \${${index}|`);
            const first = body.slice(pos + 1, end).split(',')[0];
            parts.push({ index, value: [first] });
            pos = end + 2;
          }
        } else {
          throw new Error(`unsupported snippet syntax at ${JSON.stringify(body.slice(pos, pos + 20))}`);
        }
      } else {
        text += c;
        pos += 1;
      }
    }
    flush();
    return parts;
  };
  const parts = parse(false);
  if (pos !== body.length) throw new Error(`unexpected '}' at ${pos}`);
  const defaults = new Map<number, Part[]>();
  const collect = (list: Part[]) => {
    for (const part of list) {
      if (typeof part === 'string' || !part.value) continue;
      if (!defaults.has(part.index)) defaults.set(part.index, part.value);
      collect(part.value);
    }
  };
  collect(parts);
  const render = (list: Part[], seen: number[]): string =>
    list
      .map((part) => {
        if (typeof part === 'string') return part;
        if (seen.includes(part.index)) throw new Error(`placeholder $${part.index} contains itself`);
        const value = part.value ?? defaults.get(part.index);
        return value ? render(value, [...seen, part.index]) : '';
      })
      .join('');
  return render(parts, []);
}

interface Snippet {
  prefix: string;
  description: string;
  body: string | string[];
}

const file = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets/kubernetes.code-snippets'), 'utf8')) as Record<string, Snippet>;
const snippets = new Map(Object.values(file).map((s) => [s.prefix, s]));
const text = (s: Snippet) => expandSnippet(Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** The kinds each snippet must produce, in order. */
const EXPECTED_KINDS: Record<string, string[]> = {
  'k8s-statefulset': ['StatefulSet', 'Service'],
  'k8s-pvc': ['PersistentVolumeClaim'],
  'k8s-deployment-pvc': ['Deployment', 'PersistentVolumeClaim'],
};

const objects = (expanded: string) => parseAllDocuments(expanded).map((d) => d.toJS() as Record<string, any>);

describe('the snippet expander', () => {
  it('takes defaults, first choices, mirrors, nested defaults and escapes', () => {
    assert.equal(expandSnippet('name: ${1:web}\nsvc: $1\nalso: ${1}'), 'name: web\nsvc: web\nalso: web');
    assert.equal(expandSnippet('a: $2\nb: ${2:x}'), 'a: x\nb: x', 'a mirror before its placeholder');
    assert.equal(expandSnippet('mode: ${3|ReadWriteOnce,ReadWriteMany|}$0'), 'mode: ReadWriteOnce');
    assert.equal(expandSnippet('claim: ${2:${1:app}-data} for $1'), 'claim: app-data for app');
    assert.equal(expandSnippet('cost: \\$5 \\} \\\\'), 'cost: $5 } \\');
    assert.equal(expandSnippet('image: ${1:nginx:1.27}'), 'image: nginx:1.27');
    assert.equal(expandSnippet('empty: $4.'), 'empty: .');
  });

  it('refuses what it does not understand', () => {
    assert.throws(() => expandSnippet('${1:open'), /unclosed/);
    assert.throws(() => expandSnippet('file: $TM_FILENAME'), /unsupported/);
  });
});

describe('snippets/kubernetes.code-snippets', () => {
  it('is contributed for YAML in package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: './snippets/kubernetes.code-snippets' }]);
  });

  it('has exactly the expected snippets, each with a description', () => {
    assert.deepEqual([...snippets.keys()].sort(), Object.keys(EXPECTED_KINDS).sort());
    for (const s of snippets.values()) assert.ok(s.description.length > 0);
  });

  for (const [prefix, kinds] of Object.entries(EXPECTED_KINDS)) {
    describe(prefix, () => {
      const snippet = () => {
        const s = snippets.get(prefix);
        assert.ok(s, `snippet ${prefix} exists`);
        return s;
      };

      it('expands to YAML without errors, holding the intended kinds', () => {
        const expanded = text(snippet());
        const docs = parseAllDocuments(expanded);
        assert.deepEqual(docs.flatMap((d) => d.errors.map((e) => e.message)), []);
        assert.deepEqual(docs.flatMap((d) => d.warnings.map((e) => e.message)), []);
        assert.deepEqual(objects(expanded).map((o) => o.kind), kinds);
      });

      it('gets no diagnostic of ours', () => {
        const expanded = text(snippet());
        const document = TextDocument.create('file:///snippet.yaml', 'yaml', 1, expanded);
        const analysis = new FileAnalyser().analyse(expanded);
        assert.equal(analysis.goTemplates, 0);
        assert.ok(analysis.documents.length === kinds.length, 'every object is analysed');
        const diagnostics = toDiagnostics(document, analysis, defaultSettings, 'file:///docs/rules/');
        assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message}`), []);
      });

      it('ends at $0 and mirrors its names so that renaming keeps them consistent', () => {
        const body = Array.isArray(snippet().body) ? (snippet().body as string[]).join('\n') : (snippet().body as string);
        assert.match(body, /\$0/);
        // Renaming the first placeholder (the object name) renames every mirror of it.
        const renamed = expandSnippet(body.replace('${1:', '${1:renamed-'));
        const first = objects(renamed)[0];
        assert.match(first.metadata.name, /^renamed-/);
      });
    });
  }

  it('k8s-statefulset: the claim template is mounted by name, serviceName names the headless Service, labels match', () => {
    const [sts, svc] = objects(text(snippets.get('k8s-statefulset')!));
    const pod = sts.spec.template;
    const mounts = pod.spec.containers.flatMap((c: any) => c.volumeMounts ?? []);
    assert.deepEqual(mounts.map((m: any) => m.name), sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name));
    assert.equal(pod.spec.volumes, undefined, 'no pod volume to shadow or replace the claim');
    assert.equal(sts.spec.serviceName, svc.metadata.name);
    assert.equal(svc.spec.clusterIP, 'None');
    assert.deepEqual(sts.spec.selector.matchLabels, pod.metadata.labels);
    assert.deepEqual(svc.spec.selector, pod.metadata.labels);
    assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  it('k8s-deployment-pvc: one replica, Recreate, mounts the claim it declares by claimName', () => {
    const [deployment, claim] = objects(text(snippets.get('k8s-deployment-pvc')!));
    const pod = deployment.spec.template;
    assert.equal(deployment.spec.replicas, 1);
    assert.equal(deployment.spec.strategy.type, 'Recreate');
    assert.deepEqual(deployment.spec.selector.matchLabels, pod.metadata.labels);
    const volume = pod.spec.volumes.find((v: any) => v.persistentVolumeClaim);
    assert.equal(volume.persistentVolumeClaim.claimName, claim.metadata.name);
    assert.ok(pod.spec.containers.some((c: any) => c.volumeMounts.some((m: any) => m.name === volume.name)));
    assert.deepEqual(claim.spec.accessModes, ['ReadWriteOnce']);
  });

  it('k8s-pvc: a claim with an access mode and a storage request', () => {
    const [claim] = objects(text(snippets.get('k8s-pvc')!));
    assert.deepEqual(claim.spec.accessModes, ['ReadWriteOnce']);
    assert.equal(claim.spec.resources.requests.storage, '1Gi');
  });
});
