import { afterAll, beforeAll } from '@jest/globals';
import { PgliteDatabase, SqlEventStore, type EventStore } from '../../libs/event-store/index.js';
import { startTestWorker, type TestWorker } from './temporal.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook.js';

// Apart from temporal.ts, which scripts outside Jest (the fixture recorder) import: Jest's globals exist only under Jest.

export type WorkerSuite = { store: EventStore; worker: TestWorker; webhook: WebhookReceiver };

/**
 * For a describe block: before it, an in-memory PGlite store, a webhook
 * receiver and a worker that notifies it; after it, all stopped. Read the
 * fields inside the tests, once `before` has run.
 */
export const workerSuite = (webhookDelayMs = 0): WorkerSuite => {
  const suite = {} as WorkerSuite;
  beforeAll(async () => {
    suite.webhook = await startWebhookReceiver({ delayMs: webhookDelayMs });
    suite.store = await SqlEventStore.open(await PgliteDatabase.open());
    suite.worker = await startTestWorker(suite.store, { webhookUrl: suite.webhook.url });
  });
  afterAll(async () => {
    await suite.worker?.stop();
    await suite.store?.close();
    suite.webhook?.close();
  });
  return suite;
};
