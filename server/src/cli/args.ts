// The command line: its grammar (through node's util.parseArgs), its usage text and the settings it maps to.
import { parseArgs } from 'node:util';
import { rules, rulesById } from '../rules';
import { QUANTITY, RULE_LEVELS, RuleLevel } from '../settings';
import type { Overrides } from './config';
import { Format, FORMATS } from './formats';

export type Command = 'lint' | 'fix';
/** The path that means standard input. */
export const STDIN = '-';
const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

export interface Invocation {
  readonly command: Command;
  /** Files and directories, without `-`. */
  readonly paths: readonly string[];
  /** `-` was given: a manifest is read from standard input and named `stdinFilename`. */
  readonly stdin: boolean;
  readonly stdinFilename?: string;
  readonly format: Format;
  readonly write: boolean;
  /** lint: only errors are reported and fail the run (unless `maxWarnings` counts the warnings). */
  readonly quiet: boolean;
  /** lint: more warnings than this fail the run; without it, any warning does. */
  readonly maxWarnings?: number;
  /** gitignore-style patterns, relative to the working directory, of files and directories to skip. */
  readonly ignorePatterns: readonly string[];
  /** The settings given on the command line; they win over the configuration file's. */
  readonly overrides: Overrides;
  /** `--config <file>`: the configuration for every file, instead of the nearest `.k8s-persistence.yaml`. */
  readonly config?: string;
}

/** A mistake in the command line: reported with a hint to `--help`, exit status 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: k8s-persistence <command> [options] <files|dirs|->...

Finds mistakes in Kubernetes YAML that lose data: emptyDirs in StatefulSets, unmounted
volumeClaimTemplates, mounts of volumes that do not exist.

Commands:
  lint <files|dirs|->...  report problems; directories are searched recursively for *.yaml and *.yml
  fix <files|dirs|->...   apply the preferred fix of each problem: print a unified diff, or write with --write
                          ('-' reads a manifest from standard input; fix --write prints it fixed on stdout)

Options:
  --format <format>                    lint: ${FORMAT_NAMES.join(', ')} (default: text)
  --quiet                              lint: report errors only; warnings then fail only past --max-warnings
  --max-warnings <n>                   lint: fail only when there are more than n warnings
  --write                              fix: write the fixed files instead of printing a diff
  --stdin-filename <path>              the name of the manifest read from '-', for reports and configuration
  --ignore-pattern <pattern>           skip files and directories matching a .gitignore-style pattern, relative
                                       to the working directory (repeatable)
  --default-storage-request <quantity> storage request of volumeClaimTemplates that fixes create (default: 1Gi)
  --rule <id>=<level>                  set a rule's severity: ${RULE_LEVELS.join(', ')} (repeatable)
  --config <file>                      settings for every file, instead of the nearest .k8s-persistence.yaml
  -h, --help                           show this help

Formats: text (path:line:col: severity rule-id message; colours on a terminal unless NO_COLOR is set),
json (results with LSP ranges, related locations, docs link and preferred fix), sarif (SARIF 2.1.0, for
code scanning), github (GitHub Actions annotations), gitlab (GitLab code quality report).

Settings come from the nearest .k8s-persistence.yaml (or .yml) in each file's directory or above it:
  rules: {<id>: <level>, ...}      defaultStorageRequest: <quantity>      maxFileSize: <bytes>
Options on the command line win over the file.

Rules: ${rules.map((rule) => rule.meta.id).join(', ')}

Exit status:
  0  lint: no error, and no warning (or no more than --max-warnings; with --quiet, warnings count only
     against --max-warnings); fix: every fix applied or shown
  1  lint: an error, or a warning as above; fix: a fix could not be applied safely
  2  a usage, configuration or I/O error
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
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'stdin-filename': { type: 'string' },
        'ignore-pattern': { type: 'string', multiple: true },
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

  const [command, ...inputs] = positionals;
  if (command === undefined) throw new UsageError('missing command: lint or fix');
  if (command !== 'lint' && command !== 'fix') throw new UsageError(`unknown command '${command}': expected lint or fix`);
  if (inputs.length === 0) throw new UsageError(`${command}: no files or directories given`);
  const stdin = inputs.includes(STDIN);
  if (inputs.filter((input) => input === STDIN).length > 1) throw new UsageError(`'${STDIN}' (standard input) can be given once`);
  const stdinFilename = values['stdin-filename'] as string | undefined;
  if (stdinFilename !== undefined && !stdin) throw new UsageError(`--stdin-filename applies to '${STDIN}' (standard input) only`);

  const format = ((values.format as string | undefined) ?? 'text') as Format;
  if (!FORMAT_NAMES.includes(format)) throw new UsageError(`unknown format '${format}': expected ${FORMAT_NAMES.join(', ')}`);
  for (const option of ['format', 'quiet', 'max-warnings']) {
    if (values[option] !== undefined && command !== 'lint') throw new UsageError(`--${option} applies to lint only`);
  }
  if (values.write && command !== 'fix') throw new UsageError('--write applies to fix only');
  const maxWarnings = values['max-warnings'] as string | undefined;
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) {
    throw new UsageError(`--max-warnings '${maxWarnings}': expected a number of warnings (0 or more)`);
  }

  return {
    command,
    paths: inputs.filter((input) => input !== STDIN),
    stdin,
    stdinFilename,
    format,
    write: values.write === true,
    quiet: values.quiet === true,
    maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
    ignorePatterns: (values['ignore-pattern'] as string[] | undefined) ?? [],
    overrides: overridesOf(values),
    config: values.config as string | undefined,
  };
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
