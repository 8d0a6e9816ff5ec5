// Entry point that VS Code's extension host calls with --extensionTestsPath: runs the mocha suites next to it.
// Where the host's output is not at hand (VS Code for the Web), K8SP_E2E_REPORT=file receives one line per test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000 });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const report = process.env.K8SP_E2E_REPORT;
  const write = (line: string) => report && fs.appendFileSync(report, `${line}\n`);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write(`done ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => write(`pass ${test.fullTitle()}`));
    runner.on('fail', (test, err: Error) => write(`fail ${test.fullTitle()}: ${String(err?.stack ?? err).split('\n').slice(0, 6).join(' | ')}`));
  });
}
