import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiModule } from '../apps/api/api.module.js';
import { createHttpApp } from '../apps/api/http/http-app.js';
import { complaintStreamId } from '../libs/contracts/index.js';
import type { EventStore } from '../libs/event-store/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { EVENT_STORE, READ_MODELS } from '../libs/platform/nest/tokens.js';
import { Projector, type ReadModels } from '../libs/projections/index.js';
import { freePort } from '../libs/support/free-port.js';
import { median, report } from './measure.js';
import { analysedCase } from './support/complaint-snapshot.js';
import { bearer, benchSecret } from './support/services.js';

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
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-bench-read-')),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    JWT_SECRET: benchSecret,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  });
  const app = await createHttpApp(config, [ApiModule]);
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const short = await appendCase(store, 5);
    const long = await appendCase(store, longCase);
    const projector = await Projector.open(store, app.get<ReadModels>(READ_MODELS));
    await projector.catchUp();
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    const headers = await bearer('li.wei', 'owner');
    const timedGet = async (id: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/complaints/${id}`, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET ${id}: ${response.status}`);
      return performance.now() - started;
    };
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
    await app.close();
  }
};
