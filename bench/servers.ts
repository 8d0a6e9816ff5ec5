// The two servers the benchmark drives with the same traffic: ours (the bundle `npm run build` writes) and
// yaml-language-server (a dev dependency) with no schema and no network, validation on.
import * as path from 'node:path';
import type { LspClient } from '../test/support/lspClient';
import { serverPath } from '../test/support/lspClient';

export interface ServerProfile {
  readonly name: string;
  readonly command: { readonly file: string; readonly args: readonly string[] };
  /** Answers the server's `workspace/configuration` requests, item by item. */
  readonly configuration?: (item: { section?: string }) => unknown;
  /** Resolves once the server has taken its settings, so no timing includes that. */
  readonly settle?: (client: LspClient) => Promise<void>;
}

export const ours: ServerProfile = {
  name: 'k8s-persistence',
  command: { file: process.execPath, args: [serverPath, '--stdio'] },
};

/** yaml-language-server's settings: validation on, no schema store, no schema associations, nothing fetched. */
export const peerSettings = {
  validate: true,
  hover: true,
  completion: true,
  schemas: {},
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

const peerPackage = require.resolve('yaml-language-server/package.json');

export const peer: ServerProfile = {
  name: 'yaml-language-server',
  command: { file: process.execPath, args: [path.join(path.dirname(peerPackage), 'bin', 'yaml-language-server'), '--stdio'] },
  // It pulls the sections 'yaml', 'http', '[yaml]' and 'editor' once initialized. VS Code's built-in YAML support
  // sets [yaml] editor.tabSize 2 and insertSpaces; without a tab size its code actions fail (they indent by it).
  configuration: (item) =>
    item.section === 'yaml' ? peerSettings : item.section === '[yaml]' ? { 'editor.tabSize': 2, 'editor.insertSpaces': true } : {},
  // Its codeLens handler first awaits that configuration pull, so an answer means the settings are in.
  settle: async (client) => {
    await client.request('textDocument/codeLens', { textDocument: { uri: 'file:///bench-settle.yaml' } }, 30_000);
  },
};

export function peerVersion(): string {
  return require(peerPackage).version;
}

/** The same server run under `node --cpu-prof`: each process writes a .cpuprofile into `dir` when it exits. */
export function cpuProfiled(profile: ServerProfile, dir: string): ServerProfile {
  const { file, args } = profile.command;
  return { ...profile, command: { file, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args] } };
}
