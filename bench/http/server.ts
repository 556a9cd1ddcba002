import 'reflect-metadata';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiModule } from '../../apps/api/api.module.js';
import { toComplaintView } from '../../apps/api/complaints/complaint-view.js';
import { createHttpApp } from '../../apps/api/http/http-app.js';
import { loadConfig } from '../../libs/platform/config.js';
import { EVENT_STORE, TEMPORAL_CLIENT } from '../../libs/platform/nest/tokens.js';
import { complaintStreamId } from '../../libs/contracts/index.js';
import type { EventStore } from '../../libs/event-store/index.js';
import { analysedCase } from '../support/complaint-snapshot.js';
import { benchSecret } from '../support/services.js';

/**
 * The HTTP benchmark's server, a process of its own: argv = ours|bare, port.
 * ours: the whole API (guards, token check, validation, logging, metrics,
 * problem filter) with the Temporal client's Update stubbed to answer at once;
 * bare: a plain express handler answering the same JSON.
 */
const [kind, port, complaintId] = process.argv.slice(2);
const snapshot = analysedCase(complaintId);

if (kind === 'ours') {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-bench-http-')),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    JWT_SECRET: benchSecret,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_FORMAT: 'json',
  });
  const app = await createHttpApp(config, [ApiModule]);
  // The stub: every Update answers at once that the case is analysed, so only the API's side is measured: the
  // HTTP layers and reading the case it answers with from the store.
  const store = app.get<EventStore>(EVENT_STORE);
  await store.append(
    complaintStreamId(complaintId!),
    snapshot.events.map((event) => ({ ...event, id: randomUUID() })),
    { expectedRevision: 'no-stream' },
  );
  const client = app.get(TEMPORAL_CLIENT) as { workflow: { getHandle: unknown } };
  client.workflow.getHandle = () => ({ executeUpdate: async () => ({ revision: snapshot.revision }) });
  await app.listen(Number(port), '127.0.0.1');
} else {
  const app = express();
  app.use(express.json());
  app.post('/api/v1/complaints/:id/steps/analyse', (_request, response) => {
    response.json(toComplaintView(snapshot));
  });
  app.get('/health', (_request, response) => response.json({ status: 'up' }));
  app.listen(Number(port), '127.0.0.1');
}
// A plain exit, so a --cpu-prof run writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
