import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEventStoreActivities } from '../../activities/index.js';
import { workflowBundlePath } from '../../apps/worker/temporal-worker.service.js';
import { complaintTaskQueue } from '../../libs/contracts/index.js';
import type { EventStore } from '../../libs/event-store/index.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';

installTemporalLogging();

/** The dev server scripts/run-tests.mjs starts for all integration tests. */
export const testTemporalAddress = (): string => {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run integration tests through `npm test`');
  return address;
};

export type TestWorker = Readonly<{ client: Client; stop(): Promise<void> }>;

/** A real worker on the real server, with the same bundle and activities as production. */
export const startTestWorker = async (store: EventStore): Promise<TestWorker> => {
  const address = testTemporalAddress();
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: complaintTaskQueue,
    workflowBundle: { codePath: workflowBundlePath },
    activities: createEventStoreActivities(store),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection }),
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
};
