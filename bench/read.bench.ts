import { randomUUID } from 'node:crypto';
import { complaintStreamId } from '../libs/contracts/index.js';
import type { EventStore } from '../libs/event-store/index.js';
import { median, report } from './measure.js';
import { analysedCase } from './support/complaint-snapshot.js';
import { readApi } from './support/read-api.js';

/**
 * 9. Reading a case: `GET /complaints/:id` of a case with 5,000 events
 * against one with 5, through the whole API on the embedded store, the read
 * models caught up. The case page polls this route, so it must not cost more
 * the longer a case's history.
 */
const longCase = Number(process.env.BENCH_READ_LONG ?? 5_000);
const reads = Number(process.env.BENCH_READ_COUNT ?? 300);

/** An analysed case (3 events) and `notes` notes on it, appended in pages as a workflow would. */
const appendCase = async (store: EventStore, events: number): Promise<string> => {
  const complaintId = randomUUID();
  const analysed = analysedCase(complaintId).events;
  const notes = Array.from({ length: events - analysed.length }, (_, i) => ({
    type: 'CommentAdded',
    data: { text: `Note ${i}: the customer called again about the leak`, by: 'li.wei', at: new Date().toISOString() },
  }));
  const all = [...analysed, ...notes];
  for (let from = 0; from < all.length; from += 500) {
    const page = all
      .slice(from, from + 500)
      .map((event) => ({ ...event, id: randomUUID(), metadata: { actor: 'bench' } }));
    await store.append(complaintStreamId(complaintId), page, { expectedRevision: from === 0 ? 'no-stream' : from - 1 });
  }
  return complaintId;
};

export const runRead = async (): Promise<void> => {
  const api = await readApi('read');
  try {
    const { store } = api;
    const short = await appendCase(store, 5);
    const long = await appendCase(store, longCase);
    const get = await api.serve();
    const timedGet = (id: string) => get(`/api/v1/complaints/${id}`);
    for (let i = 0; i < 20; i++) await Promise.all([timedGet(short), timedGet(long)]); // warm-up
    const samples = { short: [] as number[], long: [] as number[] };
    // Interleaved, so a pause of the machine falls on both alike.
    for (let i = 0; i < reads; i++) {
      samples.short.push(await timedGet(short));
      samples.long.push(await timedGet(long));
    }
    console.log(
      `\nGET /complaints/:id, median of ${reads} interleaved reads, embedded store, read models caught up.\n`,
    );
    report(
      `read latency, ${longCase}-event case vs 5-event case`,
      median(samples.long),
      median(samples.short),
      'ms',
      false,
    );
  } finally {
    await api.close();
  }
};
