import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  createEventStoreActivities,
  createMailActivities,
  createNotificationActivities,
  createSupplierActivities,
} from '../../activities/index.js';
import { mailWithoutKeys } from '../../activities/mail.activities.js';
import { outboxTransport } from '../../libs/platform/mail-transport.js';
import { workflowBundlePath } from '../../apps/worker/temporal-worker.service.js';
import { searchAttributeKeys, taskQueue as productTaskQueue } from '../../libs/contracts/index.js';
import type { EventStore } from '../../libs/event-store/index.js';

import { ensureSearchAttributes } from '../../libs/platform/search-attributes.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';

installTemporalLogging();

/** The dev server Jest's global setup starts for all integration tests (test/jest/temporal-server.ts). */
export const testTemporalAddress = (): string => {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run integration tests through `npm test`');
  return address;
};

/** A worker on a task queue of its own, so test files running side by side never run each other's activities. */
export type TestWorker = Readonly<{ client: Client; taskQueue: string; stop(): Promise<void> }>;

/** A real worker on the real server, with the same bundle, activities and search attributes as production. */
export const startTestWorker = async (
  store: EventStore,
  notifications: { webhookUrl?: string } = {},
): Promise<TestWorker> => {
  const address = testTemporalAddress();
  const taskQueue = `${productTaskQueue}-test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  await ensureSearchAttributes(nativeConnection.operatorService, 'default', searchAttributeKeys);
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: workflowBundlePath },
    activities: {
      ...createEventStoreActivities(store),
      ...createSupplierActivities(store),
      ...createNotificationActivities({ ...notifications, log: () => undefined }),
      // Their cases name no customer's contact and no directory: the activity runs, and finds no one to write to.
      ...createMailActivities({
        transport: outboxTransport(),
        people: [],
        store,
        personal: mailWithoutKeys,
        log: () => undefined,
      }),
    },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection }),
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
};
