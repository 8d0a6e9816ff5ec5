// Drives one language server process through the traffic the benchmark times, over LSP only (stdio JSON-RPC), so it
// keeps working whatever the server does inside. Each call waits for the server's answer and returns how long it
// took, from the moment the client finished writing its message to the moment the answer arrived.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { LspClient } from '../test/support/lspClient';
import type { ServerProfile } from './servers';

/** Long enough for the peer to validate a 34k-line file on a busy machine; a hang still ends the run. */
const DEFAULT_TIMEOUT_MS = 120_000;

export interface TextChange {
  readonly range: Range;
  readonly text: string;
}

/** What a server published in answer, and after how long (ms). */
export interface Answered {
  readonly ms: number;
  readonly diagnostics: Diagnostic[];
}

export class BenchSession {
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly profile: ServerProfile,
    private readonly client: LspClient,
    /** `serverInfo` from the initialize result: the peer's version is read from it. */
    readonly serverInfo: { name?: string; version?: string },
    /** How long any answer may take. */
    private readonly timeoutMs: number,
  ) {}

  /** Starts the server, initializes it and waits until it has taken its settings. */
  static async start(profile: ServerProfile, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<BenchSession> {
    const client = new LspClient({ command: profile.command, configuration: profile.configuration });
    try {
      const result = await client.initialize({ workspace: { configuration: true } });
      await profile.settle?.(client);
      return new BenchSession(profile, client, result.serverInfo ?? {}, timeoutMs);
    } catch (error) {
      client.kill();
      throw new Error(`${profile.name} failed to start: ${(error as Error).message}`);
    }
  }

  get pid(): number {
    return this.client.process.pid!;
  }

  /** `didOpen` → the first diagnostics for `uri`. */
  async open(uri: string, text: string): Promise<Answered> {
    return (await this.openAll([{ uri, text }]))[0];
  }

  /**
   * Opens every file at once (as an editor restoring its tabs does), then waits for each file's first
   * diagnostics; per file, the time from its open to its diagnostics.
   */
  async openAll(files: readonly { uri: string; text: string }[]): Promise<Answered[]> {
    const since = this.client.published.length;
    const opened: number[] = [];
    for (const { uri, text } of files) {
      this.versions.set(uri, 1);
      await this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      opened.push(performance.now());
    }
    return Promise.all(files.map(({ uri }, i) => this.diagnosticsAfter(since, uri, 1, opened[i])));
  }

  /** An incremental `didChange` → the diagnostics published for it. */
  async change(uri: string, change: TextChange): Promise<Answered> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const since = this.client.published.length;
    await this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    return this.diagnosticsAfter(since, uri, version, performance.now());
  }

  /** A `textDocument/codeAction` request of the given kinds over `range`, with no diagnostics in context. */
  async codeActions(uri: string, range: Range, only: string[]): Promise<{ ms: number; actions: CodeAction[] }> {
    const request = this.client.request<CodeAction[] | null>(
      'textDocument/codeAction',
      { textDocument: { uri }, range, context: { diagnostics: [], only } },
      this.timeoutMs,
    );
    const sent = performance.now();
    const actions = (await request) ?? [];
    return { ms: performance.now() - sent, actions };
  }

  /** The server process's peak resident set (`VmHWM` in /proc/<pid>/status, in KiB there), in MB (10^6 bytes). */
  peakRssMb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    if (!kib) throw new Error(`No VmHWM in /proc/${this.pid}/status`);
    return (Number(kib[1]) * 1024) / 1e6;
  }

  /** shutdown + exit, and the process killed if it does not go. */
  async stop(): Promise<void> {
    try {
      await this.client.stop();
    } finally {
      this.kill();
    }
  }

  /** Ends the process at once (after a failure). */
  kill(): void {
    this.client.kill();
  }

  /** The diagnostics for `uri` at `version` (see `LspClient.waitForDiagnosticsAfter`), timed from `sent`. */
  private async diagnosticsAfter(since: number, uri: string, version: number, sent: number): Promise<Answered> {
    const params = await this.client.waitForDiagnosticsAfter(since, uri, version, this.timeoutMs);
    const arrived = this.client.publishedAt[this.client.published.indexOf(params, since)];
    return { ms: arrived - sent, diagnostics: params.diagnostics };
  }
}
