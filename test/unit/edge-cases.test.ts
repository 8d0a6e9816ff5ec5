// Fixes on unusual but valid layouts (test/fixtures/edge-cases: item dashes alone on their line, nested trailing
// comments, keys after a removed block, CRLF, BOM, anchors, flow collections, documents ends...). Every fix offered
// must keep the invariants `applyFix` checks; where a layout cannot be edited safely, no fix may be offered.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../support/fixtures';
import { applyFix, fixesOf, lint } from '../support/ruleTester';

const dir = path.join(repoRoot, 'test', 'fixtures', 'edge-cases');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));

/** Layouts where a fix would be wrong, so none is offered: anchors, flow maps, comments inside flow lists. */
const NO_FIX = [
  '01b-dash-alone-two.yaml',
  '01c-dash-alone-first.yaml',
  '06-anchor-item.yaml',
  '06b-anchor-used-elsewhere.yaml',
  '06c-anchor-emptydir.yaml',
  '13-8-vct-empty.yaml',
  '30f-anchored-name.yaml',
  '31-flow-spec.yaml',
  '31b-flow-spec-null.yaml',
  '31c-flow-spec-unknown.yaml',
  '31d-flow-volumes-comments.yaml',
  '31e-flow-volumes-last.yaml',
  '32-anchor-then-alias.yaml',
  '40-list-shared-anchor.yaml',
];

describe('fixes on edge-case layouts', () => {
  test('every fix offered parses, clears its diagnostic, adds none, keeps comments, and is not offered again', (t) => {
    let applied = 0;
    for (const { file, text } of cases) {
      for (const ruleId of new Set(lint(text).map((f) => f.ruleId))) {
        for (const { title } of fixesOf(text, ruleId)) {
          assert.doesNotThrow(() => applyFix(text, ruleId, title), `${file}: ${title}`);
          applied++;
        }
      }
    }
    t.diagnostic(`${applied} fixes applied in ${cases.length} files`);
    assert.ok(applied >= 150, `only ${applied} fixes: the fixtures no longer exercise this`);
  });

  test('where the layout cannot be edited safely, findings are reported and no fix is offered', () => {
    for (const file of NO_FIX) {
      const text = cases.find((c) => c.file === file)!.text;
      const findings = lint(text);
      assert.ok(findings.length > 0, `${file} is reported`);
      for (const ruleId of new Set(findings.map((f) => f.ruleId))) assert.deepEqual(fixesOf(text, ruleId), [], `${file}: ${ruleId}`);
    }
  });

  test('a removed block ends where its indentation does: the next key and the comments after it stay', () => {
    const text = cases.find((c) => c.file === '41-nested-comment-then-containers.yaml')!.text;
    const after = applyFix(text, 'statefulset-emptydir', "Mount volumeClaimTemplate 'data' instead of emptyDir 'scratch'");
    assert.match(after, /\n {6}containers:\n/);
    assert.doesNotMatch(after, /emptyDir/);
  });

  test('a new key goes above the comments about the next key, not into the block scalar before it', () => {
    const text = cases.find((c) => c.file === '34-blockscalar-before-template.yaml')!.text;
    const after = applyFix(text, 'statefulset-emptydir', "Convert emptyDir 'scratch' to a volumeClaimTemplate");
    assert.match(after, /x-notes: \|\n {4}line\n {4}# restore: run restore\.sh\n {2}volumeClaimTemplates:\n/);
  });
});
