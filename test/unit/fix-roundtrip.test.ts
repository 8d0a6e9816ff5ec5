// Mutation round trips over real manifests (the shared corpus): each mutation writes one of the mistakes the rules
// find into a clean file; fixing the file must give back the original, byte for byte. This checks, on layouts
// nobody on this project wrote, that a fix touches nothing but the nodes it edits.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { distance } from 'fastest-levenshtein';
import { FileAnalyser } from '../../server/src/service/analysis';
import { fixAll } from '../../server/src/service/fixAll';
import { defaultSettings } from '../../server/src/settings';
import { K8sObject, knowsAllVolumes } from '../../server/src/model/objects';
import { mountsOf } from '../../server/src/model/workload';
import { appendSeqItem, insertSeqPair, layoutOf, replaceScalar } from '../../server/src/yaml/edits';
import { applyChanges, TextChange } from '../../server/src/yaml/span';
import { isSeq } from 'yaml';
import { corpusRoot } from '../support/fixtures';
import { lint } from '../support/ruleTester';

interface Case {
  readonly file: string;
  readonly original: string;
  readonly mutated: string;
  readonly expected: readonly string[];
}

/** Clean files of the corpus (no finding, no syntax error, no template): where a mutation is the only mistake. */
function cleanFiles(): { file: string; text: string }[] {
  const files = (readdirSync(corpusRoot, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file) => {
    // Round trips start from a final newline: a key inserted at the end of a file without one has to add it, and
    // the fix that removes the key cannot know to take it back.
    const raw = readFileSync(path.join(corpusRoot, file), 'utf8');
    const text = raw.endsWith('\n') ? raw : `${raw}\n`;
    // The two 35,000-line argo-cd files are for speed and no-crash tests; here they would only cost time.
    if (text.length > 200_000) return [];
    const analysis = new FileAnalyser().analyse(text);
    const clean = analysis.goTemplates === 0 && analysis.findings.length === 0 && analysis.documents.every((d) => d.analysis.yaml.errors.length === 0);
    return clean ? [{ file, text }] : [];
  });
}

/** Every workload of a file, with the offset of its document. */
function objects(text: string): { object: K8sObject; offset: number; documentText: string }[] {
  return new FileAnalyser()
    .analyse(text)
    .documents.flatMap(({ offset, analysis }) => analysis.objects.map((object) => ({ object, offset, documentText: analysis.yaml.text })));
}

const shift = (offset: number) => (change: TextChange) => ({ ...change, start: change.start + offset, end: change.end + offset });

/** A typo: a mount name loses its last letter, where no other name is as close. */
function typoCases(file: string, text: string): Case[] {
  return objects(text).flatMap(({ object, offset, documentText }) => {
    if (!knowsAllVolumes(object)) return [];
    const names = [...object.pod!.volumes, ...object.claimTemplates].flatMap((v) => (v.name ? [v.name] : []));
    const mount = object.pod!.containers.flatMap((c) => c.mounts).find((m) => m.name && m.nameNode && m.name.length >= 4);
    if (!mount) return [];
    const typo = mount.name!.slice(0, -1);
    if (names.some((n) => n !== mount.name && distance(n, typo) <= 1) || names.includes(typo)) return [];
    const change = replaceScalar(documentText, mount.nameNode!, typo)!;
    // The mount was a claim template's only one: that template is now unmounted too.
    const orphaned = object.claimTemplates.some((t) => t.name === mount.name) && mountsOf(object.pod, mount.name).length === 1;
    const expected = orphaned ? ['unknown-volume-mount', 'unmounted-claim-template'] : ['unknown-volume-mount'];
    return [{ file, original: text, mutated: applyChanges(text, [shift(offset)(change)]), expected }];
  });
}

/** Adds an emptyDir named `name` to the pod's volumes: to its block list, or as a new `volumes:` key. */
function addEmptyDir(documentText: string, object: K8sObject, name: string): TextChange | undefined {
  const pod = object.pod!;
  const layout = layoutOf(documentText, object.node, pod.spec);
  const volume = [`- name: ${name}`, '  emptyDir: {}'];
  if (isSeq(pod.volumesPair?.value)) return appendSeqItem(documentText, pod.volumesPair.value, volume, layout);
  return pod.volumesPair ? undefined : insertSeqPair(documentText, pod.spec, 'volumes', volume, layout);
}

/** The article's mistake: the one mount of a claim template moves to a new emptyDir. */
function emptyDirCases(file: string, text: string): Case[] {
  return objects(text).flatMap(({ object, offset, documentText }) => {
    if (object.kind !== 'StatefulSet' || !knowsAllVolumes(object)) return [];
    const template = object.claimTemplates.find((t) => mountsOf(object.pod, t.name).length === 1);
    if (!template) return [];
    const [mount] = mountsOf(object.pod, template.name);
    const addVolume = addEmptyDir(documentText, object, 'lost-data');
    const rename = mount.nameNode && replaceScalar(documentText, mount.nameNode, 'lost-data');
    if (!addVolume || !rename) return [];
    const mutated = applyChanges(text, [addVolume, rename].map(shift(offset)));
    return [{ file, original: text, mutated, expected: ['statefulset-emptydir', 'unmounted-claim-template'] }];
  });
}

/** A pod volume named like a claim template, which the StatefulSet controller silently replaces. */
function shadowCases(file: string, text: string): Case[] {
  return objects(text).flatMap(({ object, offset, documentText }) => {
    if (object.kind !== 'StatefulSet' || !knowsAllVolumes(object)) return [];
    return object.claimTemplates.flatMap((template) => {
      const addVolume = template.name && addEmptyDir(documentText, object, template.name);
      if (!addVolume) return [];
      return [{ file, original: text, mutated: applyChanges(text, [shift(offset)(addVolume)]), expected: ['claim-template-shadows-volume'] }];
    });
  });
}

describe('fix round trips over the corpus', () => {
  const files = cleanFiles();

  test('a pod volume named like a claim template: fixed back to the original file', (t) => {
    const cases = files.flatMap(({ file, text }) => shadowCases(file, text));
    t.diagnostic(`${cases.length} mutations`);
    assert.ok(cases.length >= 3, `only ${cases.length} cases: the corpus no longer exercises this`);
    for (const c of cases) {
      assert.deepEqual(lint(c.mutated).map((f) => f.ruleId), c.expected, c.file);
      assert.equal(fixAll(c.mutated, defaultSettings).output, c.original, c.file);
    }
  });

  test('a dropped letter in a mount name: fixed back to the original file', (t) => {
    const cases = files.flatMap(({ file, text }) => typoCases(file, text));
    t.diagnostic(`${cases.length} mutations in ${files.length} clean files`);
    assert.ok(cases.length >= 20, `only ${cases.length} cases: the corpus no longer exercises this`);
    for (const c of cases) {
      assert.deepEqual(lint(c.mutated).map((f) => f.ruleId).sort(), c.expected, c.file);
      assert.equal(fixAll(c.mutated, defaultSettings).output, c.original, c.file);
    }
  });

  test('a claim template\'s mount moved to an emptyDir: fixed back to the original file', (t) => {
    const cases = files.flatMap(({ file, text }) => emptyDirCases(file, text));
    const judged = cases.filter((c) => lint(c.mutated).some((f) => f.ruleId === 'statefulset-emptydir'));
    // A mount at a scratch path (a cache, say) makes no finding: those cases say nothing about fixes.
    t.diagnostic(`${judged.length} of ${cases.length} mutations produce findings`);
    assert.ok(judged.length >= 3, `only ${judged.length} cases: the corpus no longer exercises this`);
    for (const c of judged) {
      assert.deepEqual(lint(c.mutated).map((f) => f.ruleId).sort(), c.expected, c.file);
      assert.equal(fixAll(c.mutated, defaultSettings).output, c.original, c.file);
    }
  });
});
