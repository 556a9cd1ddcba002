import { NativeConnection, Worker } from '@temporalio/worker';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { SqlEventStore } from '../../libs/event-store/sql/sql-event-store.js';
import { PostgresDatabase } from '../../libs/event-store/postgres/postgres-database.js';

/**
 * The baseline's worker, a process of its own as ours is: argv = Temporal
 * address, task queue, health port; maxCachedWorkflows as
 * WORKER_MAX_CACHED_WORKFLOWS sets ours. With BARE_DATABASE_URL, its `append`
 * activity writes to an event store there, as ours does.
 */
const [address, taskQueue, port] = process.argv.slice(2);
const maxCachedWorkflows = process.env.WORKER_MAX_CACHED_WORKFLOWS
  ? Number(process.env.WORKER_MAX_CACHED_WORKFLOWS)
  : undefined;
const store = process.env.BARE_DATABASE_URL
  ? await SqlEventStore.open(PostgresDatabase.connect(process.env.BARE_DATABASE_URL), 'bare')
  : undefined;
const connection = await NativeConnection.connect({ address: address! });
const worker = await Worker.create({
  connection,
  taskQueue: taskQueue!,
  workflowsPath: fileURLToPath(new URL('./bare.workflow.js', import.meta.url)),
  activities: {
    noop: async () => undefined,
    append: async ({ streamId, id, expectedRevision }: { streamId: string; id: string; expectedRevision: number }) => {
      if (!store) throw new Error('BARE_DATABASE_URL is not set');
      await store.append(streamId, [{ id, type: 'Stepped', data: { at: new Date().toISOString() } }], {
        expectedRevision: expectedRevision < 0 ? 'no-stream' : expectedRevision,
      });
    },
  },
  maxCachedWorkflows,
});
const running = worker.run();
createServer((_, response) => response.end('up')).listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => worker.shutdown());
await running;
await store?.close();
process.exit(0);
