import type { EventStore, StoredEvent } from './event-store.js';

const pageSize = 1000;

/** Every event of a category's streams, in the store's global order, read a page at a time. */
export async function* readCategory(store: EventStore, category: string): AsyncGenerator<StoredEvent> {
  for (let fromPosition = 0; ;) {
    const page = await store.readAll({ fromPosition, maxCount: pageSize, filter: { categories: [category] } });
    yield* page;
    if (page.length < pageSize) return;
    fromPosition = page.at(-1)!.position + 1;
  }
}
