// The YAML injection grammar: contributed correctly, its regexes match what they should and nothing else, and,
// where VS Code's own TextMate engine is at hand (inside code-server), real tokenization gives the expected scopes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { vscodeDir } from '../support/codeServer';
import { repoRoot } from '../support/fixtures';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Rule[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contribution = pkg.contributes.grammars.find((g: { injectTo?: string[] }) => g.injectTo?.includes('source.yaml'));
const grammarPath = path.join(repoRoot, contribution?.path ?? 'missing');
const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
const repo: Record<string, Rule> = grammar.repository;
const re = (source: string) => new RegExp(source, 'u');

const suppressions = [
  '# k8s-persistence-disable',
  '# k8s-persistence-disable-next-line statefulset-emptydir',
  '      emptyDir: {} # k8s-persistence-disable-line statefulset-emptydir, unknown-volume-mount',
  '#k8s-persistence-disable-file unmounted-claim-template -- scratch space, on purpose',
];
const ordinaryComments = [
  '# an ordinary comment',
  '# k8s-persistence is the name of this extension',
  '# k8s-persistence-disabled is not a directive',
  '# see k8s-persistence-disable-next-line in the docs', // the directive must open the comment
  'image: "repo#k8s-persistence-disable"', // no comment: '#' not preceded by whitespace
];
const templates = ['image: "{{ .Values.image }}"', '{{- if .Values.persistence.enabled }}', 'name: {{ include "x.fullname" . -}}'];

describe('YAML injection grammar', () => {
  it('is contributed for source.yaml with the scope name it declares', () => {
    assert.ok(contribution, 'package.json contributes.grammars has an entry with injectTo source.yaml');
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
    assert.ok(fs.existsSync(grammarPath));
  });

  it('suppression comment: the begin regex matches directives and not ordinary comments', () => {
    const begin = re(repo['suppression-comment'].begin!);
    for (const line of suppressions) assert.match(line, begin, line);
    for (const line of ordinaryComments) assert.doesNotMatch(line, begin, line);
    const m = begin.exec(suppressions[1])!;
    assert.equal(m[1], '#');
    assert.equal(m[2], 'k8s-persistence-disable-next-line');
  });

  it('suppression comment: rule ids are picked out', () => {
    const ruleId = repo['suppression-comment'].patterns!.find((p) => p.name?.startsWith('constant.other.rule-id'))!;
    const tail = suppressions[2].split('k8s-persistence-disable-line')[1];
    const ids = [...tail.matchAll(new RegExp(ruleId.match!, 'gu'))].map((m) => m[0]);
    assert.deepEqual(ids, ['statefulset-emptydir', 'unknown-volume-mount']);
  });

  it('Go template: begin/end regexes find {{ ... }} and its trim markers, not single braces', () => {
    const t = repo['go-template'];
    for (const line of templates) {
      assert.match(line, re(t.begin!), line);
      assert.match(line, re(t.end!), line);
    }
    assert.equal(re(t.begin!).exec('{{- if .x }}')![0], '{{-');
    assert.equal(re(t.end!).exec('{{ x -}}')![0], '-}}');
    assert.doesNotMatch('resources: { requests: { storage: 1Gi } }', re(t.begin!));
    assert.doesNotMatch('emptyDir: {}', re(t.begin!));
  });

  it('every regex in the grammar compiles', () => {
    const walk = (rule: Rule): void => {
      for (const src of [rule.match, rule.begin, rule.end]) if (src) assert.doesNotThrow(() => re(src), src);
      rule.patterns?.forEach(walk);
    };
    Object.values(repo).forEach(walk);
  });
});

// VS Code's TextMate engine and YAML grammar ship inside code-server; without it this part is skipped.
const vscode = vscodeDir();
describe('YAML injection grammar in VS Code\'s TextMate engine', { skip: vscode ? false : 'code-server is not installed (../shared/tools/install-code-server.sh)' }, () => {
  async function tokenizer() {
    const req = createRequire(path.join(vscode!, 'package.json'));
    const textmate = req('vscode-textmate');
    const onig = req('vscode-oniguruma');
    const wasm = fs.readFileSync(req.resolve('vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const yamlDir = path.join(vscode!, 'extensions', 'yaml', 'syntaxes');
    const files: Record<string, string> = { [grammar.scopeName]: grammarPath };
    for (const f of fs.readdirSync(yamlDir)) {
      const g = JSON.parse(fs.readFileSync(path.join(yamlDir, f), 'utf8'));
      files[g.scopeName] = path.join(yamlDir, f);
    }
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new onig.OnigScanner(s), createOnigString: (s: string) => new onig.OnigString(s) }),
      loadGrammar: async (scope: string) =>
        files[scope] ? textmate.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null,
      getInjections: (scope: string) => (scope === 'source.yaml' ? [grammar.scopeName] : []),
    });
    const yaml = await registry.loadGrammar('source.yaml');
    assert.ok(yaml, 'VS Code\'s YAML grammar loads');
    /** Tokenizes lines and returns, per line, [text, scopes] pairs. */
    return (lines: string[]): Token[][] => {
      let state = textmate.INITIAL;
      return lines.map((line) => {
        const r = yaml.tokenizeLine(line, state);
        state = r.ruleStack;
        return r.tokens.map((t: { startIndex: number; endIndex: number; scopes: string[] }) => [line.slice(t.startIndex, t.endIndex), t.scopes] as const);
      });
    };
  }
  type Token = readonly [text: string, scopes: string[]];
  const scopesOf = (tokens: Token[], text: string) => tokens.find(([t]) => t === text)?.[1] ?? [];

  it('scopes a suppression comment: directive keyword and rule ids', async () => {
    const tokenize = await tokenizer();
    const [own, trailing] = tokenize(['# k8s-persistence-disable-next-line statefulset-emptydir', 'emptyDir: {} # k8s-persistence-disable-line unknown-volume-mount']);
    assert.ok(scopesOf(own, 'k8s-persistence-disable-next-line').includes('keyword.control.directive.suppression.k8s-persistence'), JSON.stringify(own));
    assert.ok(scopesOf(own, 'statefulset-emptydir').includes('constant.other.rule-id.k8s-persistence'), JSON.stringify(own));
    assert.ok(scopesOf(trailing, 'unknown-volume-mount').includes('constant.other.rule-id.k8s-persistence'), JSON.stringify(trailing));
  });

  it('leaves ordinary comments to the YAML grammar', async () => {
    const tokenize = await tokenizer();
    for (const tokens of tokenize(ordinaryComments.slice(0, 4))) {
      const all = tokens.flatMap(([, s]) => s);
      assert.ok(!all.some((s) => s.includes('k8s-persistence')), JSON.stringify(tokens));
      assert.ok(all.some((s) => s.startsWith('comment.line.number-sign')), JSON.stringify(tokens));
    }
  });

  it('scopes Go-template expressions inside YAML', async () => {
    const tokenize = await tokenizer();
    const [quoted, block] = tokenize(['image: "{{ .Values.image }}"', '{{- if .Values.persistence.enabled }}']);
    assert.ok(scopesOf(quoted, '{{').includes('punctuation.section.embedded.begin.go-template'), JSON.stringify(quoted));
    assert.ok(scopesOf(quoted, '.Values.image').includes('variable.other.member.go-template'), JSON.stringify(quoted));
    assert.ok(scopesOf(block, 'if').includes('keyword.control.go-template'), JSON.stringify(block));
    assert.ok(scopesOf(block, '{{-').includes('meta.embedded.expression.go-template'), JSON.stringify(block));
  });
});
