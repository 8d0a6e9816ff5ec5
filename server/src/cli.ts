// The `k8s-persistence` command: `lint` and `fix` over files, directories and standard input, on the language
// server's core. Exit statuses are documented in `--help` (cli/args.ts): 0 clean or fixed, 1 problems reported
// (lint) or a fix refused (fix), 2 usage, configuration or I/O error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { Invocation, parseInvocation, USAGE, UsageError } from './cli/args';
import { ConfigError, ConfigResolver } from './cli/config';
import { collectFiles, ignorePatterns, InputError, readStdin, readText, writeText } from './cli/files';
import { DOCUMENT_FORMATS, FORMATS } from './cli/formats';
import { count, LintedFile, lintText, plural, reported, summary } from './cli/lint';
import { fixAll } from './service/fixAll';
import type { Settings } from './settings';

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` takes ANSI colours. */
  readonly colors?: boolean;
}

const PROGRAM = 'k8s-persistence';
// The bundle lives in server/out/, the sources in server/src/: the package root is two levels up from either.
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const STDIN_NAME = '<stdin>';

/** What a command reads: a file by its path, or standard input under a name. */
interface Input {
  readonly file: string;
  readonly stdin: boolean;
}

export function run(argv: readonly string[], output: Output): number {
  let invocation: Invocation | 'help';
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\nRun '${PROGRAM} --help' for usage.\n`);
    return 2;
  }
  if (invocation === 'help') {
    output.out(USAGE);
    return 0;
  }
  const skipped = ignorePatterns(invocation.ignorePatterns, process.cwd());
  const inputs: Input[] = [];
  if (invocation.stdin) {
    const file = invocation.stdinFilename ?? STDIN_NAME;
    if (!skipped(file, false)) inputs.push({ file, stdin: true });
  }
  try {
    inputs.push(...collectFiles(invocation.paths, skipped).map((file) => ({ file, stdin: false })));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\n`);
    return 2;
  }
  const configs = new ConfigResolver(invocation.config);
  let settings: Map<string, Settings>;
  try {
    settings = new Map(inputs.map(({ file }) => [file, configs.settingsFor(file, invocation.overrides)]));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\n`);
    return 2;
  }
  return invocation.command === 'lint' ? lint(invocation, inputs, settings, output) : fix(invocation, inputs, settings, output);
}

function lint(invocation: Invocation, inputs: readonly Input[], settings: ReadonlyMap<string, Settings>, output: Output): number {
  const docsUri = `${pathToFileURL(path.join(PACKAGE_ROOT, 'docs', 'rules')).href}/`;
  const linted: LintedFile[] = [];
  let ioError = false;
  for (const input of inputs) {
    const text = readOrReport(input, output);
    const result = text === undefined ? undefined : guarded(input.file, output, () => lintText(input.file, text, settings.get(input.file)!, docsUri));
    if (result) linted.push(result);
    else ioError = true;
  }
  const shown = linted.map((file) => reported(file, invocation.quiet));
  const context = { cwd: process.cwd(), colors: output.colors === true, docsUri, version: packageVersion() };
  output.out(FORMATS[invocation.format](shown, context));
  if (!DOCUMENT_FORMATS.has(invocation.format)) output.err(`${summary(shown)}\n`);
  if (ioError) return 2;
  if (count(linted, 'error') > 0) return 1;
  const warnings = count(linted, 'warning');
  if (invocation.maxWarnings !== undefined) {
    if (warnings <= invocation.maxWarnings) return 0;
    output.err(`${PROGRAM}: ${plural(warnings, 'warning')}, more than --max-warnings ${invocation.maxWarnings}\n`);
    return 1;
  }
  return warnings > 0 && !invocation.quiet ? 1 : 0;
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function fix(invocation: Invocation, inputs: readonly Input[], settings: ReadonlyMap<string, Settings>, output: Output): number {
  let status = 0;
  let changed = 0;
  for (const input of inputs) {
    const { file } = input;
    const text = readOrReport(input, output);
    if (text === undefined) {
      status = 2;
      continue;
    }
    const result = guarded(file, output, () => fixAll(text, settings.get(file)!));
    if (!result) {
      status = 2;
      continue;
    }
    if (result.failure) {
      output.err(`${PROGRAM}: ${file}: ${result.failure}\n`);
      status = Math.max(status, 1);
      continue;
    }
    if (input.stdin && invocation.write) {
      // Standard input has no file to write back: the fixed manifest goes to stdout, changed or not.
      output.out(result.output);
      if (result.output !== text) changed++;
      continue;
    }
    if (result.output === text) continue;
    changed++;
    if (invocation.write) {
      try {
        writeText(file, result.output);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        output.err(`${PROGRAM}: ${error.message}\n`);
        status = 2;
        continue;
      }
      for (const title of result.applied) output.out(`${file}: fixed: ${title}\n`);
    } else {
      const name = file.split(path.sep).join('/').replace(/^(\.\/|\/)+/, '');
      output.out(createTwoFilesPatch(`a/${name}`, `b/${name}`, text, result.output, undefined, undefined, {
        headerOptions: FILE_HEADERS_ONLY,
      }));
      for (const title of result.applied) output.err(`${file}: would fix: ${title}\n`);
    }
  }
  const verb = invocation.write ? 'fixed' : 'would be fixed';
  output.err(`${plural(changed, 'file')} of ${inputs.length} ${verb}${!invocation.write && changed > 0 ? ' (run with --write to apply)' : ''}\n`);
  return status;
}

/** A bug of ours on one file is reported with its stack and the other files are still checked. */
function guarded<T>(file: string, output: Output, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    output.err(`${PROGRAM}: internal error on '${file}', please report it: ${(error as Error).stack ?? String(error)}\n`);
    return undefined;
  }
}

function readOrReport({ file, stdin }: Input, output: Output): string | undefined {
  try {
    return stdin ? readStdin() : readText(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\n`);
    return undefined;
  }
}

if (require.main === module) {
  // A closed pipe (`k8s-persistence lint . | head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // hasColors() reads NO_COLOR, FORCE_COLOR, NODE_DISABLE_COLORS and TERM; a pipe or a file gets none.
    colors: process.stdout.isTTY && process.stdout.hasColors(),
  });
}
