// Regenerates everything that is derived from the rule table (server/src/rules/index.ts):
//   - the generated header block of each docs/rules/<id>.md (the hand-written body below it is kept),
//   - the index table in docs/rules/README.md, and the rules table of README.md,
//   - `contributes.configuration` in package.json (the settings schema: per-rule severities and the others).
// `tsx scripts/generate.ts` writes the files; `--check` writes nothing and exits 1 when any file would change
// (CI and test/unit/meta.test.ts use it to catch drift, as kube-linter does with `git diff --exit-code`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../server/src/rules';
import type { Rule, Severity } from '../server/src/rules/types';
import { fileSizeSchema, quantitySchema, ruleLevelsSchema } from '../server/src/service/settingsSchema';
import { DEFAULT_MAX_FILE_SIZE } from '../server/src/settings';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BEGIN = '<!-- begin generated -->';
export const END = '<!-- end generated -->';
const NOTICE = '<!-- Generated from the rule table by `npm run generate`: edit the rule meta, not this block. -->';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
export const LEVELS = ['off', 'hint', 'information', 'warning', 'error'] as const;
export const SETTINGS_PREFIX = 'k8sPersistence';

export const settingKey = (id: string) => `${SETTINGS_PREFIX}.rules.${id}`;
export const docPath = (id: string) => `docs/rules/${id}.md`;
export const INDEX_PATH = 'docs/rules/README.md';

/** Markdown table cells may not hold `|` or line breaks. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The generated block of a rule's page, markers included. */
export function ruleHeader(rule: Rule): string {
  const { meta } = rule;
  return [
    BEGIN,
    NOTICE,
    '',
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    `> ${meta.description}`,
    '',
    '| | |',
    '|---|---|',
    `| Default severity | ${meta.severity} |`,
    `| Kinds | ${meta.kinds.join(', ')} |`,
    `| Fixable | ${meta.fixable ? 'yes: quick-fixes, see [Quick-fixes](#quick-fixes)' : 'no'} |`,
    `| Setting | \`${settingKey(meta.id)}\`: \`${LEVELS.join('` \\| `')}\` |`,
    '',
    END,
  ].join('\n');
}

/** The description in a page's generated block (the blockquote line), or undefined when there is none. */
export function docDescription(page: string): string | undefined {
  const block = generatedBlock(page);
  return block?.split('\n').find((line) => line.startsWith('> '))?.slice(2);
}

/** The generated block of a page, markers included, or undefined when the markers are missing. */
export function generatedBlock(page: string): string | undefined {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END, start);
  return start < 0 || end < 0 ? undefined : page.slice(start, end + END.length);
}

/** The page with its generated block replaced (or put on top when it had none). */
export function withBlock(page: string, block: string): string {
  const current = generatedBlock(page);
  if (current === undefined) return `${block}\n\n${page}`;
  return page.replace(current, () => block);
}

/** A page for a rule that has none yet: the generated block and the headings every page has. */
export function newRulePage(rule: Rule): string {
  const sections = ['What it finds', 'Why it matters', 'Examples', 'Quick-fixes', 'How to silence it'];
  return `${ruleHeader(rule)}\n\n${sections.map((s) => `## ${s}\n\nTODO\n`).join('\n')}`;
}

/** The index table of docs/rules/README.md, markers included. */
export function indexBlock(): string {
  return [
    BEGIN,
    NOTICE,
    '',
    '| Rule | Description | Default severity | Kinds | Fixable |',
    '|---|---|---|---|---|',
    ...rules.map(
      ({ meta }) =>
        `| [${meta.id}](${meta.id}.md) | ${cell(meta.description)} | ${meta.severity} | ${cell(meta.kinds.join(', '))} | ${meta.fixable ? 'yes' : 'no'} |`,
    ),
    '',
    END,
  ].join('\n');
}

/** The rules table of the top-level README.md, markers included. */
export function readmeBlock(): string {
  return [
    BEGIN,
    NOTICE,
    '',
    '| Rule | Default | Reads | Finds |',
    '| --- | --- | --- | --- |',
    ...rules.map(
      ({ meta, scope }) =>
        `| [${meta.id}](docs/rules/${meta.id}.md) | ${meta.severity} | ${scope === 'relational' ? 'objects together' : 'one object'} | ${cell(meta.description)} |`,
    ),
    '',
    END,
  ].join('\n');
}

const NEW_INDEX = (block: string) =>
  `# Rules\n\nEvery rule of k8s-persistence, with its default severity. Each page says what the rule finds, why it matters ` +
  `(with sources), its quick-fixes and how to silence it.\n\n${block}\n`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TRACE_SERVER: JsonObject = {
  type: 'string',
  enum: ['off', 'messages', 'verbose'],
  default: 'off',
  scope: 'window',
  description: 'Traces the communication between VS Code and the Kubernetes Persistence language server.',
};

/** The `contributes.configuration` the rule table calls for; settings not generated here are kept after ours. */
export function configuration(existing: Json | undefined): JsonObject {
  const old = isObject(existing) ? existing : {};
  const oldProperties = isObject(old.properties) ? old.properties : {};
  const generated: JsonObject = {
    [`${SETTINGS_PREFIX}.defaultStorageRequest`]: {
      ...quantitySchema,
      default: '1Gi',
      // The quantities settings.ts accepts: the editor flags anything else as you type it.
      patternErrorMessage: 'A Kubernetes quantity such as 1Gi, 500Mi or 10G.',
      scope: 'resource',
      description:
        'Storage request (a Kubernetes quantity such as 1Gi or 500Mi) of the volumeClaimTemplates that quick-fixes ' +
        "create, unless the emptyDir being converted has a sizeLimit. A value that is not a quantity falls back to 1Gi.",
    },
    [`${SETTINGS_PREFIX}.maxFileSize`]: {
      ...fileSizeSchema,
      default: DEFAULT_MAX_FILE_SIZE,
      scope: 'resource',
      description:
        'Largest file, in bytes, that is analysed. A larger file gets one information diagnostic instead of an ' +
        'analysis, so that opening a huge generated manifest costs nothing.',
    },
    [`${SETTINGS_PREFIX}.rules`]: {
      ...ruleLevelsSchema(),
      default: {},
      scope: 'resource',
      description:
        'Severity of each rule by rule id: off, hint, information, warning or error. A rule not listed keeps its ' +
        'default severity; off silences it.',
    },
    [`${SETTINGS_PREFIX}.trace.server`]: oldProperties[`${SETTINGS_PREFIX}.trace.server`] ?? TRACE_SERVER,
  };
  const kept = Object.fromEntries(Object.entries(oldProperties).filter(([key]) => !(key in generated)));
  const title = typeof old.title === 'string' ? old.title : 'Kubernetes Persistence';
  return { ...old, title, properties: { ...generated, ...kept } };
}

/** package.json with its configuration regenerated; every other key keeps its value and place. */
export function packageJson(text: string): string {
  const manifest = JSON.parse(text) as JsonObject;
  const contributes = isObject(manifest.contributes) ? manifest.contributes : {};
  contributes.configuration = configuration(contributes.configuration);
  manifest.contributes = contributes;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every generated file's wanted content, by path relative to the repository root. */
export function outputs(root = ROOT): Map<string, string> {
  const read = (file: string) => {
    const full = path.join(root, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  const files = new Map<string, string>();
  for (const rule of rules) {
    const page = read(docPath(rule.meta.id));
    files.set(docPath(rule.meta.id), page === undefined ? newRulePage(rule) : withBlock(page, ruleHeader(rule)));
  }
  const index = read(INDEX_PATH);
  files.set(INDEX_PATH, index === undefined ? NEW_INDEX(indexBlock()) : withBlock(index, indexBlock()));
  files.set('package.json', packageJson(read('package.json')!));
  files.set('README.md', withBlock(read('README.md')!, readmeBlock()));
  return files;
}

/** The files whose content on disk differs from what the rule table calls for. */
export function drift(root = ROOT): string[] {
  return [...outputs(root)].flatMap(([file, content]) => {
    const full = path.join(root, file);
    return fs.existsSync(full) && fs.readFileSync(full, 'utf8') === content ? [] : [file];
  });
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const stale = drift();
  if (check) {
    if (stale.length === 0) return 0;
    console.error(`Generated files are out of date (run \`npm run generate\`):\n${stale.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  const files = outputs();
  for (const file of stale) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), files.get(file)!);
    console.log(`wrote ${file}`);
  }
  if (stale.length === 0) console.log('Generated files are up to date.');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
