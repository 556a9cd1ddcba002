import type { StoredEvent } from './event-store.js';

/** Turns the data of one event type from one schema version into the next. */
export type Upcaster = Readonly<{ eventType: string; fromVersion: number; upcast: (data: never) => unknown }>;

/**
 * Lets old events be read as the current shape. The store keeps events as
 * they were written (that is what the hash chain vouches for); readers that
 * fold them apply this step first.
 */
export const createUpcasting = (upcasters: readonly Upcaster[]) => {
  const byStep = new Map(upcasters.map((u) => [`${u.eventType}@${u.fromVersion}`, u]));
  return <E extends Pick<StoredEvent, 'type' | 'data' | 'schemaVersion'>>(event: E): E => {
    let current = event;
    for (
      let step = byStep.get(`${current.type}@${current.schemaVersion}`);
      step;
      step = byStep.get(`${current.type}@${current.schemaVersion}`)
    ) {
      current = { ...current, data: step.upcast(current.data as never), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  };
};
