// `--format sarif`: one SARIF 2.1.0 run (OASIS, errata 01), as GitHub code scanning and other viewers take it. Rules
// come from the rule table (help link, default level); results carry exact regions with end line and column,
// related locations, and the preferred fix as replacements. Columns count UTF-16 code units, as LSP's do, and the
// run says so (`columnKind`): SARIF's own default would be Unicode code points.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { rules } from '../../rules';
import type { Severity } from '../../rules/types';
import { SYNTAX_ERROR_CODE, UNSERVED_VERSION_CODE, UNUSED_SUPPRESSION_CODE } from '../../service/diagnostics';
import type { Result } from '../../service/results';
import { Formatter, reportPath } from './format';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface Descriptor {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly helpUri?: string;
}

/** What the analysis reports besides the rules: their ids are those of the editor's diagnostics. */
const BUILT_IN: readonly Descriptor[] = [
  { id: SYNTAX_ERROR_CODE, title: 'YAML syntax error', description: 'A Kubernetes manifest that does not parse as YAML; no rule runs on it.', severity: 'error' },
  { id: UNSERVED_VERSION_CODE, title: 'API version not served', description: 'An object of an API version that Kubernetes no longer serves; it is not analysed.', severity: 'information' },
  { id: UNUSED_SUPPRESSION_CODE, title: 'Unused suppression', description: 'A k8s-persistence-disable comment that silences nothing.', severity: 'hint' },
];

export const sarif: Formatter = (files, { cwd, docsUri, version }) => {
  const descriptors: Descriptor[] = [...rules.map(({ meta }) => ({ ...meta, helpUri: `${docsUri}${meta.id}.md` })), ...BUILT_IN];
  const indexOf = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));
  const location = (file: string) => artifactLocation(file, cwd);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'k8s-persistence',
            version,
            // The package's README, beside docs/rules/.
            informationUri: new URL('../../README.md', docsUri).href,
            rules: descriptors.map(({ id, title, description, severity, helpUri }) => ({
              id,
              shortDescription: { text: title },
              fullDescription: { text: description },
              ...(helpUri && { helpUri }),
              defaultConfiguration: { level: LEVELS[severity] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: files.flatMap(({ file, results }) => results.map((result) => sarifResult(result, location(file), indexOf))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function sarifResult(result: Result, artifact: object, indexOf: ReadonlyMap<string, number>) {
  const ruleIndex = indexOf.get(result.ruleId);
  return {
    ruleId: result.ruleId,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: LEVELS[result.severity],
    message: { text: result.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(result.range) } }],
    ...(result.related.length > 0 && {
      relatedLocations: result.related.map(({ range, message }, id) => ({
        id,
        physicalLocation: { artifactLocation: artifact, region: region(range) },
        message: { text: message },
      })),
    }),
    ...(result.fix && {
      fixes: [
        {
          description: { text: result.fix.title },
          artifactChanges: [
            {
              artifactLocation: artifact,
              replacements: result.fix.edits.map(({ range, newText }) => ({
                deletedRegion: region(range),
                ...(newText !== '' && { insertedContent: { text: newText } }),
              })),
            },
          ],
        },
      ],
    }),
  };
}

/** SARIF regions are 1-based; `endColumn` is the column after the region's last character, as LSP's end. */
function region({ start, end }: Range) {
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Relative to %SRCROOT% (the working directory) when inside it, which code scanning needs; else a file URI. */
function artifactLocation(file: string, cwd: string) {
  const shown = reportPath(file, cwd);
  if (path.posix.isAbsolute(shown) || path.win32.isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
