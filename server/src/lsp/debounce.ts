// Coalesces bursts per key: while the user types into a 35k-line file, only the latest version gets analysed
// (re-analysing a large document costs ~200 ms; see scripts/bench.ts), like yaml-language-server's validation delay.

export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Runs `task` after `delayMs` unless `schedule` or `cancel` is called again for `key` before that. */
  schedule(key: string, delayMs: number, task: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        task();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
}
