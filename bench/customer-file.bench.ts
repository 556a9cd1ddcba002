import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiModule } from '../apps/api/api.module.js';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { createHttpApp } from '../apps/api/http/http-app.js';
import { complaintStreamId, customerStreamId } from '../libs/contracts/index.js';
import type { EventStore } from '../libs/event-store/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { EVENT_STORE, READ_MODELS } from '../libs/platform/nest/tokens.js';
import { Projector, type ReadModels } from '../libs/projections/index.js';
import { freePort } from '../libs/support/free-port.js';
import { median, report } from './measure.js';
import { analysedCase } from './support/complaint-snapshot.js';
import { bearer, benchSecret } from './support/services.js';

/**
 * 11. The customer file: `GET /customers/:id/file` of a customer with 1,000
 * complaints against listing the same 1,000 rows from the read model
 * (`GET /complaints?customerId=`, two pages of 500), through the whole API on
 * the embedded store, the read models caught up. Goal: at least half the
 * listing's speed, for a file that also counts, ranks and dates them.
 */
const complaints = Number(process.env.BENCH_CUSTOMER_COMPLAINTS ?? 1_000);
const reads = Number(process.env.BENCH_CUSTOMER_READS ?? 50);

export const runCustomerFile = async (): Promise<void> => {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-bench-customer-')),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    JWT_SECRET: benchSecret,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  });
  const app = await createHttpApp(config, [ApiModule]);
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const customerId = RegisterComplaintDto.example.customer.id;
    const at = new Date().toISOString();
    await store.append(
      customerStreamId(customerId),
      [
        {
          id: randomUUID(),
          type: 'CustomerRegistered',
          data: { customerId, name: 'Hangzhou Valve Co.', kind: 'company', contacts: [], by: 'bench', at },
          metadata: { actor: 'bench' },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    for (let i = 0; i < complaints; i++) {
      const complaintId = randomUUID();
      const events = analysedCase(complaintId).events.map((event) => ({
        ...event,
        id: randomUUID(),
        metadata: { actor: 'bench' },
      }));
      await store.append(complaintStreamId(complaintId), events, { expectedRevision: 'no-stream' });
    }
    const projector = await Projector.open(store, app.get<ReadModels>(READ_MODELS));
    await projector.catchUp();
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    const headers = await bearer('li.wei', 'owner');
    const timed = async (paths: readonly string[]): Promise<number> => {
      const started = performance.now();
      for (const path of paths) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      }
      return performance.now() - started;
    };
    const file = [`/api/v1/customers/${customerId}/file`];
    const listing = [0, 500].map((offset) => `/api/v1/complaints?customerId=${customerId}&limit=500&offset=${offset}`);
    for (let i = 0; i < 5; i++) await Promise.all([timed(file), timed(listing)]); // warm-up
    const samples = { file: [] as number[], listing: [] as number[] };
    // Interleaved, so a pause of the machine falls on both alike.
    for (let i = 0; i < reads; i++) {
      samples.file.push(await timed(file));
      samples.listing.push(await timed(listing));
    }
    console.log(
      `\nThe file of a customer with ${complaints} complaints against listing them, median of ${reads} interleaved reads, embedded store.\n`,
    );
    report(`customer file vs listing ${complaints} rows`, median(samples.file), median(samples.listing), 'ms', false);
  } finally {
    await app.close();
  }
};
