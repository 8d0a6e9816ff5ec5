// The command line: its grammar (through node's util.parseArgs), its usage text and the settings it maps to.
import { parseArgs } from 'node:util';
import { rules, rulesById } from '../rules';
import { QUANTITY, RULE_LEVELS, RuleLevel } from '../settings';
import type { Overrides } from './config';

export type Command = 'lint' | 'fix';
export type Format = 'text' | 'json';

export interface Invocation {
  readonly command: Command;
  readonly paths: readonly string[];
  readonly format: Format;
  readonly write: boolean;
  /** The settings given on the command line; they win over the configuration file's. */
  readonly overrides: Overrides;
  /** `--config <file>`: the configuration for every file, instead of the nearest `.k8s-persistence.yaml`. */
  readonly config?: string;
}

/** A mistake in the command line: reported with a hint to `--help`, exit status 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: k8s-persistence <command> [options] <files|dirs>...

Finds mistakes in Kubernetes YAML that lose data: emptyDirs in StatefulSets, unmounted
volumeClaimTemplates, mounts of volumes that do not exist.

Commands:
  lint <files|dirs>...   report problems; directories are searched recursively for *.yaml and *.yml
  fix <files|dirs>...    apply the preferred fix of each problem: print a unified diff, or write with --write

Options:
  --format text|json                   lint: output format (default: text)
  --write                              fix: write the fixed files instead of printing a diff
  --default-storage-request <quantity> storage request of volumeClaimTemplates that fixes create (default: 1Gi)
  --rule <id>=<level>                  set a rule's severity: ${RULE_LEVELS.join(', ')} (repeatable)
  --config <file>                      settings for every file, instead of the nearest .k8s-persistence.yaml
  -h, --help                           show this help

Settings come from the nearest .k8s-persistence.yaml (or .yml) in each file's directory or above it:
  rules: {<id>: <level>, ...}      defaultStorageRequest: <quantity>      maxFileSize: <bytes>
Options on the command line win over the file.

Rules: ${rules.map((rule) => rule.meta.id).join(', ')}

Exit status: 0 when lint reports no warning or error and when fix succeeds; 1 when lint reports a warning
or an error, or a fix cannot be applied safely; 2 on a usage, configuration or I/O error.
`;

/** Parses the arguments after `node cli.js`; `'help'` when the user asked for the usage text. */
export function parseInvocation(argv: readonly string[]): Invocation | 'help' {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        write: { type: 'boolean' },
        'default-storage-request': { type: 'string' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs' messages name the offending option and say what to do ("To specify a positional argument ...").
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: lint or fix');
  if (command !== 'lint' && command !== 'fix') throw new UsageError(`unknown command '${command}': expected lint or fix`);
  if (paths.length === 0) throw new UsageError(`${command}: no files or directories given`);

  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}': expected text or json`);
  if (values.format !== undefined && command !== 'lint') throw new UsageError('--format applies to lint only');
  if (values.write && command !== 'fix') throw new UsageError('--write applies to fix only');

  const config = values.config as string | undefined;
  return { command, paths, format, write: values.write === true, overrides: overridesOf(values), config };
}

function overridesOf(values: Record<string, unknown>): Overrides {
  const storage = (values['default-storage-request'] as string | undefined)?.trim();
  const rules: Record<string, RuleLevel> = {};
  for (const option of (values.rule as string[] | undefined) ?? []) {
    const match = /^([^=]+)=(.*)$/.exec(option);
    if (!match) throw new UsageError(`--rule '${option}': expected <id>=<level>`);
    const [, id, level] = match;
    if (!rulesById.has(id)) throw new UsageError(`--rule: unknown rule '${id}' (rules: ${[...rulesById.keys()].join(', ')})`);
    if (!RULE_LEVELS.includes(level as RuleLevel)) throw new UsageError(`--rule ${id}: unknown level '${level}' (levels: ${RULE_LEVELS.join(', ')})`);
    rules[id] = level as RuleLevel;
  }
  if (storage !== undefined && !QUANTITY.test(storage)) {
    throw new UsageError(`--default-storage-request '${storage}': not a Kubernetes quantity such as 1Gi or 500Mi`);
  }
  return { rules, defaultStorageRequest: storage };
}
