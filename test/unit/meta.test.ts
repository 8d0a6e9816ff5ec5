// The rule table is the single source of truth: every rule has its file, its doc page (generated block in step,
// examples that behave as they say), its entry in the index and the settings schema, and fix tests if it fixes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  configuration,
  docDescription,
  docPath,
  drift,
  generatedBlock,
  INDEX_PATH,
  ROOT,
  ruleHeader,
  SEVERITIES,
} from '../../scripts/generate';
import { rules } from '../../server/src/rules';
import { FileAnalyser } from '../../server/src/service/analysis';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(ROOT, file));
const ids = rules.map((rule) => rule.meta.id);

/** The ```yaml blocks of a page under a `### <heading>` (up to the next heading of level 2 or 3). */
function examples(page: string, heading: string): string[] {
  const start = page.indexOf(`\n### ${heading}\n`);
  if (start < 0) return [];
  const rest = page.slice(start + heading.length + 6);
  const end = rest.search(/\n#{2,3} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function findingsOf(text: string, ruleId: string) {
  const file = new FileAnalyser().analyse(text);
  assert.deepEqual(file.documents.flatMap((d) => d.analysis.yaml.errors), [], 'the example parses');
  assert.ok(file.index.objects.length > 0, 'the example is a Kubernetes object');
  return file.findings.filter((finding) => finding.ruleId === ruleId);
}

describe('the rule table', () => {
  it('has unique ids, sorted, in kebab-case', () => {
    assert.ok(ids.length > 0);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.deepEqual(ids, [...ids].sort(), 'ids are sorted');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  for (const { meta } of rules) {
    describe(meta.id, () => {
      it('lives in server/src/rules/<id>.ts', () => {
        assert.ok(exists(`server/src/rules/${meta.id}.ts`));
        assert.match(read(`server/src/rules/${meta.id}.ts`), new RegExp(`id: '${meta.id}'`));
      });

      it('has a valid severity, kinds, a title and a one-sentence description', () => {
        assert.ok(SEVERITIES.includes(meta.severity), `severity ${meta.severity}`);
        assert.ok(meta.kinds.length > 0);
        assert.ok(meta.title.length > 0 && !meta.title.endsWith('.'));
        assert.match(meta.description, /^[A-Z].*\.$/);
        assert.doesNotMatch(meta.description, /\n/);
      });

      it('has a doc page whose generated block matches the table and whose description is the rule description', () => {
        assert.ok(exists(docPath(meta.id)), `${docPath(meta.id)} exists`);
        const page = read(docPath(meta.id));
        assert.equal(generatedBlock(page), ruleHeader({ meta } as never));
        assert.equal(docDescription(page), meta.description);
        assert.ok(page.includes(`k8sPersistence.rules.${meta.id}`), 'the page names the settings key');
      });

      it('has a hand-written body with the usual sections, no TODO left', () => {
        const page = read(docPath(meta.id));
        const body = page.slice(page.indexOf('<!-- end generated -->'));
        const headings = [...body.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
        assert.deepEqual(headings, ['What it finds', 'Why it matters', 'Examples', 'Quick-fixes', 'How to silence it']);
        assert.doesNotMatch(body, /\bTODO\b/);
        assert.match(body, /https:\/\/kubernetes\.io\/docs\//, 'cites kubernetes.io');
      });

      it('doc examples under "Fires" fire and those under "Does not fire" do not', () => {
        const page = read(docPath(meta.id));
        const fires = examples(page, 'Fires');
        const silent = examples(page, 'Does not fire');
        assert.ok(fires.length > 0 && silent.length > 0, 'the page has examples of both kinds');
        for (const text of fires) assert.ok(findingsOf(text, meta.id).length > 0, `fires on:\n${text}`);
        for (const text of silent) assert.deepEqual(findingsOf(text, meta.id).map((f) => f.message), [], `silent on:\n${text}`);
      });

      it('is in the rules index', () => {
        assert.ok(read(INDEX_PATH).includes(`| [${meta.id}](${meta.id}.md) |`));
      });

      it('has tests, including fix tests when it is fixable', () => {
        const testFile = `test/unit/rule-${meta.id}.test.ts`;
        assert.ok(exists(testFile), `${testFile} exists`);
        if (meta.fixable) assert.match(read(testFile), /fix/i, `${testFile} tests the fixes`);
      });
    });
  }

  it('lists exactly the rules in the index, in order', () => {
    const listed = [...read(INDEX_PATH).matchAll(/^\| \[([a-z0-9-]+)\]\(/gm)].map((m) => m[1]);
    assert.deepEqual(listed, ids);
  });

  it('has no doc page for a rule that is not in the table', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    assert.deepEqual(pages.map((f) => f.replace(/\.md$/, '')).sort(), [...ids].sort());
  });
});

describe('package.json contributes.configuration', () => {
  const manifest = JSON.parse(read('package.json'));
  const properties = manifest.contributes.configuration.properties;

  it('is what scripts/generate.ts produces', () => {
    assert.deepEqual(manifest.contributes.configuration, configuration(manifest.contributes.configuration));
  });

  it('has a severity setting per rule, defaulting to the rule severity, and rejects unknown rule ids', () => {
    const schema = properties['k8sPersistence.rules'];
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties), ids);
    for (const { meta } of rules) {
      const entry = schema.properties[meta.id];
      assert.deepEqual(entry.enum, ['off', 'hint', 'information', 'warning', 'error']);
      assert.equal(entry.default, meta.severity);
      assert.equal(entry.description, meta.description);
    }
  });

  it('has the storage request and trace settings', () => {
    assert.equal(properties['k8sPersistence.defaultStorageRequest'].default, '1Gi');
    assert.deepEqual(properties['k8sPersistence.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['k8sPersistence.trace.server'].default, 'off');
  });
});

describe('generated files', () => {
  it('are up to date (npm run generate --check finds no drift)', () => {
    assert.deepEqual(drift(), []);
  });

  it('drift is detected: a stale header, index or README table is reported', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-meta-'));
    try {
      fs.mkdirSync(path.join(scratch, 'docs/rules'), { recursive: true });
      for (const file of [...ids.map(docPath), INDEX_PATH, 'package.json', 'README.md']) {
        fs.writeFileSync(path.join(scratch, file), read(file));
      }
      assert.deepEqual(drift(scratch), []);
      const first = docPath(ids[0]);
      fs.writeFileSync(path.join(scratch, first), read(first).replace('| Default severity |', '| Severity |'));
      const manifest = JSON.parse(read('package.json'));
      delete manifest.contributes.configuration.properties['k8sPersistence.rules'].properties[ids[1]];
      fs.writeFileSync(path.join(scratch, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      fs.rmSync(path.join(scratch, INDEX_PATH));
      fs.writeFileSync(path.join(scratch, 'README.md'), read('README.md').replace(`| [${ids[2]}](`, `| [${ids[2]}-old](`));
      assert.deepEqual(drift(scratch).sort(), [first, INDEX_PATH, 'package.json', 'README.md'].sort());
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
