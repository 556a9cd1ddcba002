/**
 * Runs async work one piece at a time, in arrival order. Update handlers
 * await activities, so without this two updates could both decide on the
 * same state.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
