// Where the e2e and grammar tests find code-server (installed by ../shared/tools/install-code-server.sh, outside the repo).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function codeServerDir(): string {
  return process.env.CODE_SERVER_DIR ?? path.join(os.homedir(), '.cache', 'k8s-persistence', 'code-server');
}

export function codeServerBin(): string | undefined {
  const bin = path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
  return fs.existsSync(bin) ? bin : undefined;
}

/** VS Code's own sources inside code-server: built-in extensions and node_modules (vscode-textmate, ...). */
export function vscodeDir(): string | undefined {
  const dir = path.join(codeServerDir(), 'node_modules', 'code-server', 'lib', 'vscode');
  return fs.existsSync(dir) ? dir : undefined;
}
