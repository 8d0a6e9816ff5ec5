// A minimal LSP client for tests and the benchmark: spawns a language server (ours, bundled, unless told another
// command) as a real process and speaks JSON-RPC to it over stdio. Every wait is bounded by a timeout; nothing
// sleeps for a fixed time.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { repoRoot } from './fixtures';

export const serverPath = path.join(repoRoot, 'server', 'out', 'server.js');

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface LspClientOptions {
  /** Answers `workspace/configuration`; items are answered one by one. */
  configuration?: (item: { scopeUri?: string; section?: string }) => unknown;
  /** Node options before the server's path, e.g. `--require` of a preload. */
  execArgv?: readonly string[];
  /** The server process to run over stdio; by default our bundled server. */
  command?: { readonly file: string; readonly args: readonly string[] };
}

/** Rejects with `what` when `promise` does not settle within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  /** When each of `published` arrived (`performance.now()`), for timings that do not depend on when one waits. */
  readonly publishedAt: number[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly configurationRequests: unknown[] = [];
  readonly stderr: string[] = [];
  /** Resolves with the exit code when the process has ended and its output streams are closed (all stderr read). */
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];
  /** The order in which each publish and notification arrived. */
  private readonly arrival = new WeakMap<object, number>();
  private arrivals = 0;

  constructor(options: LspClientOptions = {}) {
    const { file, args } = options.command ?? { file: process.execPath, args: [...(options.execArgv ?? []), serverPath, '--stdio'] };
    this.process = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.process.once('close', (code) => resolve(code));
      // A command that cannot be run (not found, not executable) never starts: no 'exit', only 'error'.
      this.process.once('error', (error) => {
        this.stderr.push(String(error));
        resolve(null);
      });
    });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.arrival.set(params, this.arrivals++);
      this.published.push(params);
      this.publishedAt.push(performance.now());
      this.wake();
    });
    this.connection.onNotification((method: string, params: unknown) => {
      const notification = { method, params };
      this.arrival.set(notification, this.arrivals++);
      this.notifications.push(notification);
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests.push(params);
      // An answer may be a promise: a client that takes its time.
      return Promise.all(params.items.map((item) => options.configuration?.(item) ?? null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    // The process ending closes the streams; requests in flight then fail instead of hanging.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  async initialize(capabilities: object = { workspace: { configuration: true } }, initializationOptions?: unknown): Promise<any> {
    // A server that fails to start exits or closes the stream instead of answering: say so, with its stderr.
    const exitedEarly = this.exited.then((code) => {
      throw new Error(`the server exited (code ${code})`);
    });
    const result = await within(
      Promise.race([
        this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions }),
        exitedEarly,
      ]),
      10_000,
      'initialize',
    ).catch((error: Error) => {
      throw new Error(`${error.message} before answering initialize; its stderr: ${this.stderr.join('').trim() || '(empty)'}`);
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<R>(method: string, params: unknown, ms = 10_000): Promise<R> {
    return within(this.connection.sendRequest(method, params) as Promise<R>, ms, method);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The first diagnostics published for `uri` (at `version`, if given), including ones already received. */
  waitForDiagnostics(uri: string, version?: number, ms = 10_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () => this.published.find((p) => p.uri === uri && (version === undefined || p.version === version)),
      ms,
      `diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`,
    );
  }

  /**
   * The diagnostics of `uri` at `version` once complete: the last ones published, after a status notification that
   * reports no syntax check pending (the server checks documents no rule reads off its main thread, later).
   */
  waitForSettledDiagnostics(uri: string, version: number, ms = 10_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () => {
        const mine = this.published.filter((p) => p.uri === uri && p.version === version);
        const last = mine[mine.length - 1];
        if (!last) return undefined;
        const settled = this.notifications.some(
          (n) => n.method === 'k8sPersistence/status' && (n.params as { pendingSyntaxChecks?: number }).pendingSyntaxChecks === 0 && this.arrival.get(n)! > this.arrival.get(last)!,
        );
        return settled ? last : undefined;
      },
      ms,
      `settled diagnostics for ${uri} version ${version}`,
    );
  }

  /**
   * The first diagnostics for `uri` published after the first `since` publications: at `version`, or without a
   * version (a server that does not send one answers each change with one publication, in order).
   */
  waitForDiagnosticsAfter(since: number, uri: string, version: number, ms = 10_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () => this.published.slice(since).find((p) => p.uri === uri && (p.version === undefined || p.version === version)),
      ms,
      `diagnostics for ${uri} version ${version}`,
    );
  }

  /** Resolves with the first value `find` returns, re-checking after each message from the server. */
  waitFor<T>(find: () => T | undefined, ms: number, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return within(
      new Promise<T>((resolve) => {
        const check = () => {
          const value = find();
          if (value === undefined) this.waiters.push(check);
          else resolve(value);
        };
        this.waiters.push(check);
      }),
      ms,
      what,
    );
  }

  /** shutdown + exit; resolves with the process's exit code. */
  async stop(ms = 10_000): Promise<number | null> {
    await this.request('shutdown', null, ms);
    await this.notify('exit', null);
    const code = await within(this.exited, ms, 'server exit');
    this.connection.dispose();
    return code;
  }

  /** For cleanup after a failed test: ends the process if it still runs. */
  kill(): void {
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
