import { setTimeout as sleep } from 'node:timers/promises';
import type { EventFilter, EventStore, StoredEvent } from './event-store.js';

export type SubscriptionOptions = Readonly<{
  /** The position of the last event already handled; unset: from the beginning. */
  checkpoint?: number;
  filter?: EventFilter;
  /** Called once per event, in global order; the next waits for it to finish. */
  handle: (event: StoredEvent) => Promise<void> | void;
  pageSize?: number;
  /** How often to look for new events once caught up. */
  pollIntervalMs?: number;
}>;

export type Subscription = Readonly<{
  /** The position of the last event handled. */
  checkpoint: () => number | undefined;
  /** Resolves once the subscription has caught up with everything stored when this was called. */
  caughtUp: () => Promise<void>;
  stop: () => Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects if a handler threw. */
  done: Promise<void>;
}>;

/**
 * Catch-up, then live: reads the global order in pages from a checkpoint and
 * keeps polling. Works over any adapter's `readAll`, whose positions are never
 * skipped by a later commit, so resuming from the checkpoint neither loses nor
 * repeats an event.
 */
export const subscribeToAll = (store: EventStore, options: SubscriptionOptions): Subscription => {
  const { filter, handle, pageSize = 500, pollIntervalMs = 100 } = options;
  let checkpoint = options.checkpoint;
  let stopped = false;
  // caughtUp() needs a read that began after it was called and found no more events.
  let reads = 0;
  let waiters: { after: number; resolve: () => void }[] = [];
  const wake = (upTo: number) => {
    waiters.filter((w) => w.after < upTo).forEach((w) => w.resolve());
    waiters = waiters.filter((w) => w.after >= upTo);
  };

  const run = async () => {
    while (!stopped) {
      const read = ++reads;
      // From the checkpoint itself, not the position after it: on KurrentDB a
      // position is a log offset, and only an event's own is sure to be valid.
      const from = checkpoint;
      const page = await store.readAll({
        fromPosition: from ?? 0,
        maxCount: pageSize + (from === undefined ? 0 : 1),
        filter,
      });
      const fresh = from === undefined ? page : page.filter((event) => event.position > from);
      for (const event of fresh) {
        if (stopped) return;
        await handle(event);
        checkpoint = event.position;
      }
      if (fresh.length < pageSize) {
        wake(read);
        await sleep(pollIntervalMs);
      }
    }
  };
  const done = run();
  void done.catch(() => undefined).finally(() => wake(Number.POSITIVE_INFINITY));

  return {
    checkpoint: () => checkpoint,
    caughtUp: () => new Promise<void>((resolve) => waiters.push({ after: reads, resolve })),
    stop: async () => {
      stopped = true;
      await done.catch(() => undefined);
    },
    done,
  };
};
