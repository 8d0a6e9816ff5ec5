// Syntax checks of the documents the keystroke path does not compose (CRDs, ConfigMaps, RBAC…), in a worker thread:
// a 20,000-line CRD then never holds up another document's diagnostics or a hover. One check runs at a time, and a
// check whose document has changed again before its turn is dropped, so typing into a CRD costs one check per check
// time, not one per keystroke.
import { Worker } from 'node:worker_threads';
import { checkSyntax, SyntaxCheck } from '../yaml/syntax';

interface Request {
  readonly text: string;
  /** Whether the check is still wanted when its turn comes. */
  readonly wanted: () => boolean;
  readonly done: (check: SyntaxCheck) => void;
}

/** After this many worker failures, checks run on the main thread. */
const MAX_FAILURES = 3;
/** The worker's first heap fits a 1.4 MB CRD (argo-cd's); it doubles for larger documents, up to this. */
const FIRST_HEAP_MB = 48;
const MAX_HEAP_MB = 1024;

export class SyntaxChecks {
  private worker: Worker | undefined;
  private failures = 0;
  private readonly queue: Request[] = [];
  private running: Request | undefined;
  private holds = 0;
  private heapMb = FIRST_HEAP_MB;

  /** `workerPath`: the bundled syntaxCheckWorker.js; where no worker can run, the checks run here, one per turn. */
  constructor(private readonly workerPath: string, private readonly log: (message: string) => void) {}

  /** Asks for a check; `done` is called later (never within this call), unless `wanted` says no by then. */
  check(text: string, wanted: () => boolean, done: (check: SyntaxCheck) => void): void {
    this.queue.push({ text, wanted, done });
    if (!this.running) setImmediate(() => this.next());
  }

  /**
   * Keeps new checks from starting until the returned function is called: while the main thread analyses, a check
   * would take the CPU it needs (this machine may have as few cores as threads).
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.next();
    };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private next(): void {
    if (this.running || this.holds > 0) return;
    const request = this.takeWanted();
    if (!request) return;
    this.running = request;
    this.dispatch(request);
  }

  /** To the worker, or, where none can run, here on a later turn. */
  private dispatch(request: Request): void {
    const worker = this.started();
    // A check in flight keeps the process alive; an idle worker does not.
    worker?.ref();
    if (worker) worker.postMessage(request.text);
    else setImmediate(() => this.finish(checkSyntax(request.text)));
  }

  private takeWanted(): Request | undefined {
    for (let request = this.queue.shift(); request; request = this.queue.shift()) if (request.wanted()) return request;
    return undefined;
  }

  private finish(check: SyntaxCheck): void {
    const request = this.running;
    this.running = undefined;
    this.worker?.unref();
    // A heap grown for one large document is not kept for the small ones after it.
    if (this.heapMb > FIRST_HEAP_MB) {
      this.dispose();
      this.heapMb = FIRST_HEAP_MB;
    }
    if (request?.wanted()) request.done(check);
    this.next();
  }

  private started(): Worker | undefined {
    if (this.worker || this.failures >= MAX_FAILURES) return this.worker;
    try {
      // A bounded heap keeps the worker's memory near what a check needs: V8 otherwise lets garbage grow far past it.
      const resourceLimits = { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 4 };
      const worker = new Worker(this.workerPath, { resourceLimits });
      worker.on('message', (check: SyntaxCheck) => this.finish(check));
      worker.on('error', (error: Error & { code?: string }) => this.failed(error));
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.log(`No syntax check worker (${String(error)}): checks run on the main thread.`);
      this.failures = MAX_FAILURES;
      return undefined;
    }
  }

  /**
   * A worker that dies takes its check with it. Out of memory, the check runs again in a worker with twice the heap;
   * otherwise it runs here, and the next check starts a new worker.
   */
  private failed(error: Error & { code?: string }): void {
    this.worker = undefined;
    const request = this.running;
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.heapMb < MAX_HEAP_MB) {
      this.heapMb *= 2;
      if (request) this.dispatch(request);
      return;
    }
    this.log(`The syntax check worker failed: ${error.message}`);
    this.failures++;
    if (request) this.finish(checkSyntax(request.text));
  }
}
