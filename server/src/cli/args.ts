// The command line: its grammar (through node's util.parseArgs), its usage text and the settings it maps to.
import { parseArgs } from 'node:util';
import { rules, rulesById } from '../rules';
import { RULE_LEVELS, RuleLevel, Settings, toSettings } from '../settings';

export type Command = 'lint' | 'fix';
export type Format = 'text' | 'json';

export interface Invocation {
  readonly command: Command;
  readonly paths: readonly string[];
  readonly format: Format;
  readonly write: boolean;
  readonly settings: Settings;
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
  -h, --help                           show this help

Rules: ${rules.map((rule) => rule.meta.id).join(', ')}

Exit status: 0 when lint reports no warning or error and when fix succeeds; 1 when lint reports a warning
or an error, or a fix cannot be applied safely; 2 on a usage or I/O error.
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

  return { command, paths, format, write: values.write === true, settings: settingsOf(values) };
}

function settingsOf(values: Record<string, unknown>): Settings {
  const storage = values['default-storage-request'] as string | undefined;
  const ruleLevels: Record<string, RuleLevel> = {};
  for (const option of (values.rule as string[] | undefined) ?? []) {
    const match = /^([^=]+)=(.*)$/.exec(option);
    if (!match) throw new UsageError(`--rule '${option}': expected <id>=<level>`);
    const [, id, level] = match;
    if (!rulesById.has(id)) throw new UsageError(`--rule: unknown rule '${id}' (rules: ${[...rulesById.keys()].join(', ')})`);
    if (!RULE_LEVELS.includes(level as RuleLevel)) throw new UsageError(`--rule ${id}: unknown level '${level}' (levels: ${RULE_LEVELS.join(', ')})`);
    ruleLevels[id] = level as RuleLevel;
  }
  const settings = toSettings({ defaultStorageRequest: storage, rules: ruleLevels });
  // toSettings quietly keeps the default for a malformed quantity (right for an editor); a command line says so.
  if (storage !== undefined && settings.defaultStorageRequest !== storage.trim()) {
    throw new UsageError(`--default-storage-request '${storage}': not a Kubernetes quantity such as 1Gi or 500Mi`);
  }
  return settings;
}
