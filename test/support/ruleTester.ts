// Runs the analysis core on YAML text and applies fixes the way an editor would, checking on every fix that the
// result parses, that the diagnostic is gone and nothing new appears, that comments survive, and that the same fix
// is not offered again.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { FileAnalyser } from '../../server/src/service/analysis';
import { defaultSettings, Settings } from '../../server/src/settings';
import type { Finding } from '../../server/src/rules/types';
import { applyChanges } from '../../server/src/yaml/span';

export interface Reported {
  readonly ruleId: string;
  /** 1-based, like an editor's status bar. */
  readonly line: number;
  readonly column: number;
  /** The source text the finding spans. */
  readonly text: string;
  readonly message: string;
  readonly related: readonly { line: number; text: string; message: string }[];
}

function locate(text: string): readonly Finding[] {
  return new FileAnalyser().analyse(text).findings;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function lint(text: string, ruleId?: string): Reported[] {
  return locate(text)
    .filter((finding) => ruleId === undefined || finding.ruleId === ruleId)
    .map((finding) => ({
      ruleId: finding.ruleId,
      ...lineColumn(text, finding.span.start),
      text: text.slice(finding.span.start, finding.span.end),
      message: finding.message,
      related: finding.related.map((r) => ({
        line: lineColumn(text, r.span.start).line,
        text: text.slice(r.span.start, r.span.end),
        message: r.message,
      })),
    }));
}

/** The fixes offered for the findings of `ruleId`: title and whether it is preferred. */
export function fixesOf(text: string, ruleId: string, settings: Settings = defaultSettings): { title: string; preferred: boolean }[] {
  return locate(text)
    .filter((finding) => finding.ruleId === ruleId)
    .flatMap((finding) => finding.fixes(settings).map(({ title, preferred }) => ({ title, preferred })));
}

const COMMENT = /(?<=^|[ \t])#.*$/gm;
const DIRECTIVE = /^#\s*k8s-persistence-disable/;
const key = (f: Reported) => `${f.ruleId}|${f.message}`;

/** Applies the fix titled `title` of a `ruleId` finding, checks the invariants every fix must keep, returns the text. */
export function applyFix(text: string, ruleId: string, title: string, settings: Settings = defaultSettings): string {
  const candidates = locate(text).filter((finding) => finding.ruleId === ruleId);
  const target = candidates.find((finding) => finding.fixes(settings).some((fix) => fix.title === title));
  assert.ok(target, `no '${ruleId}' finding offers '${title}'; offered: ${JSON.stringify(fixesOf(text, ruleId, settings))}`);
  const fix = target.fixes(settings).find((f) => f.title === title)!;
  assert.ok(fix.changes.every((c) => c.uri === target.uri), 'a change aims at another file');
  const changes = fix.changes;
  const sorted = [...changes].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].end <= sorted[i].start, 'changes overlap');
  const result = applyChanges(text, changes);

  const errors = parseAllDocuments(result).flatMap((doc) => ('errors' in doc ? doc.errors : []));
  assert.deepEqual(errors.map(String), [], `the fixed text does not parse:\n${result}`);
  const before = lint(text);
  const after = lint(result);
  assert.ok(
    after.filter((f) => f.ruleId === ruleId).length < before.filter((f) => f.ruleId === ruleId).length,
    `the '${ruleId}' diagnostic is still there after '${title}':\n${result}`,
  );
  const known = new Set(before.map(key));
  assert.deepEqual(after.filter((f) => !known.has(key(f))), [], `'${title}' brought new diagnostics`);
  const comments = (source: string) => (source.match(COMMENT) ?? []).sort();
  // Every comment survives, those inside a removed node too; only our own directives may go with their node.
  for (const comment of comments(text).filter((c) => !DIRECTIVE.test(c))) assert.ok(result.includes(comment), `comment lost: ${comment}`);
  // Another document may hold the same mistake and offer the same fix; the one applied must not come back.
  const offering = (source: string) => locate(source).filter((finding) => finding.fixes(settings).some((f) => f.title === title)).length;
  assert.ok(offering(result) < offering(text), `'${title}' is offered again after it was applied`);
  return result;
}

/** Strips the common indentation of a template literal so that fixtures can sit indented in test code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...raw.split('\n').filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return raw
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}
