// When to analyse a document: at once when nothing is running for it; while an analysis runs, edits only ask for one
// more run, with whatever text is current when it starts. So an idle server answers a keystroke without delay, and a
// burst of edits into a large file costs one analysis per analysis time, not one per edit.

export class ValidationQueue {
  private readonly runs = new Map<string, { again: boolean }>();

  /** `validate` analyses and publishes the current version of `key`'s document. */
  constructor(private readonly validate: (key: string) => Promise<void>) {}

  request(key: string): void {
    const running = this.runs.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: true };
    this.runs.set(key, run);
    // After the current message: the notifications already read (a burst of didChange) are applied first.
    setImmediate(async () => {
      try {
        while (run.again && this.runs.get(key) === run) {
          run.again = false;
          await this.validate(key);
        }
      } finally {
        if (this.runs.get(key) === run) this.runs.delete(key);
      }
    });
  }

  /** The document closed: a run in progress finishes its step, and no other starts. */
  cancel(key: string): void {
    this.runs.delete(key);
  }
}
