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

export class SyntaxChecks {
  private worker: Worker | undefined;
  private failures = 0;
  private readonly queue: Request[] = [];
  private running: Request | undefined;

  /** `workerPath`: the bundled syntaxCheckWorker.js; where no worker can run, the checks run here, one per turn. */
  constructor(private readonly workerPath: string, private readonly log: (message: string) => void) {}

  /** Asks for a check; `done` is called later (never within this call), unless `wanted` says no by then. */
  check(text: string, wanted: () => boolean, done: (check: SyntaxCheck) => void): void {
    this.queue.push({ text, wanted, done });
    if (!this.running) setImmediate(() => this.next());
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private next(): void {
    if (this.running) return;
    const request = this.takeWanted();
    if (!request) return;
    this.running = request;
    const worker = this.started();
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
    if (request?.wanted()) request.done(check);
    this.next();
  }

  private started(): Worker | undefined {
    if (this.worker || this.failures >= MAX_FAILURES) return this.worker;
    try {
      const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 } });
      worker.on('message', (check: SyntaxCheck) => this.finish(check));
      // A worker that dies takes its check with it: that one runs here, and the next check starts a new worker.
      worker.on('error', (error) => {
        this.log(`The syntax check worker failed: ${error.message}`);
        this.failures++;
        this.worker = undefined;
        const request = this.running;
        if (request) this.finish(checkSyntax(request.text));
      });
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.log(`No syntax check worker (${String(error)}): checks run on the main thread.`);
      this.failures = MAX_FAILURES;
      return undefined;
    }
  }
}
