// Our own manifests (examples/ and the rule pages' YAML) must not make the mistake a rule reports:
// PostgreSQL's data directory at a volume's root, which initdb refuses on a fresh ext4 volume (lost+found).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { FileAnalyser } from '../../server/src/service/analysis';

const RULE = 'data-dir-at-volume-root';
const findings = (text: string) => new FileAnalyser().analyse(text).findings.filter((finding) => finding.ruleId === RULE);

describe('our manifests keep PostgreSQL data below the volume root', () => {
  test('examples/', () => {
    const files = readdirSync('examples').filter((name) => name.endsWith('.yaml'));
    assert.ok(files.length >= 3);
    for (const name of files) assert.deepEqual(findings(readFileSync(`examples/${name}`, 'utf8')), [], name);
  });

  test('every YAML block of the rule pages, except the rule\'s own "Fires" examples', () => {
    let checked = 0;
    for (const page of readdirSync('docs/rules').filter((name) => name.endsWith('.md'))) {
      let text = readFileSync(`docs/rules/${page}`, 'utf8');
      if (page === `${RULE}.md`) text = text.replace(/\n### Fires\n[\s\S]*?(?=\n### )/, '\n');
      for (const [, block] of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
        checked += 1;
        assert.deepEqual(findings(block).map((f) => f.message), [], `${page}:\n${block}`);
      }
    }
    assert.ok(checked > 20, `${checked} blocks`);
    // The rule itself is live on its own page's bad example.
    const page = readFileSync(`docs/rules/${RULE}.md`, 'utf8');
    const fires = /\n### Fires\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)![1];
    assert.equal(findings(fires).length, 1);
  });
  // The snippets are covered by snippets.test.ts, which requires that they get no diagnostic of ours at all.
});
