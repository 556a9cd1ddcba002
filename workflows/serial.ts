/**
 * Runs async work one piece at a time, in arrival order. Update handlers
 * await activities, so without this two updates could both decide on the
 * same state.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  /** Whether some work is under way or waiting: the state may be about to change. */
  get busy(): boolean {
    return this.running > 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    const result = this.tail.then(work).finally(() => this.running--);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
