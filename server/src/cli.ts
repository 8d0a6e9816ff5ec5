// The `k8s-persistence` command: `lint` and `fix` over files and directories, on the language server's core.
// Exit status: 0 clean / fixed, 1 warnings or errors reported (lint) or a fix refused (fix), 2 usage or I/O error.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { Invocation, parseInvocation, USAGE, UsageError } from './cli/args';
import { ConfigError, ConfigResolver } from './cli/config';
import { collectFiles, InputError, readText, writeText } from './cli/files';
import { fixAll } from './service/fixAll';
import type { Settings } from './settings';
import { formatText, isFailing, lintText, plural, Problem, summary } from './cli/lint';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const PROGRAM = 'k8s-persistence';

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
  let files: string[];
  try {
    files = collectFiles(invocation.paths);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\n`);
    return 2;
  }
  const configs = new ConfigResolver(invocation.config);
  let settings: Map<string, Settings>;
  try {
    settings = new Map(files.map((file) => [file, configs.settingsFor(file, invocation.overrides)]));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`${PROGRAM}: ${error.message}\n`);
    return 2;
  }
  return invocation.command === 'lint' ? lint(invocation, files, settings, output) : fix(invocation, files, settings, output);
}

function lint(invocation: Invocation, files: readonly string[], settings: ReadonlyMap<string, Settings>, output: Output): number {
  const docsUri = `${pathToFileURL(path.resolve(__dirname, '..', '..', 'docs', 'rules')).href}/`;
  const problems: Problem[] = [];
  let goTemplates = 0;
  let ioError = false;
  for (const file of files) {
    const text = readOrReport(file, output);
    if (text === undefined) {
      ioError = true;
      continue;
    }
    const result = guarded(file, output, () => lintText(file, text, settings.get(file)!, docsUri));
    if (!result) {
      ioError = true;
      continue;
    }
    goTemplates += result.goTemplates;
    problems.push(...result.problems);
    if (invocation.format === 'text') for (const problem of result.problems) output.out(`${formatText(problem)}\n`);
  }
  if (invocation.format === 'json') output.out(`${JSON.stringify(problems, null, 2)}\n`);
  else output.err(`${summary(problems, files.length, goTemplates)}\n`);
  if (ioError) return 2;
  return problems.some(isFailing) ? 1 : 0;
}

function fix(invocation: Invocation, files: readonly string[], settings: ReadonlyMap<string, Settings>, output: Output): number {
  let status = 0;
  let changed = 0;
  for (const file of files) {
    const text = readOrReport(file, output);
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
  output.err(`${plural(changed, 'file')} of ${files.length} ${verb}${!invocation.write && changed > 0 ? ' (run with --write to apply)' : ''}\n`);
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

function readOrReport(file: string, output: Output): string | undefined {
  try {
    return readText(file);
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
  });
}
