import { NativeConnection, Worker } from '@temporalio/worker';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The baseline's worker, a process of its own as ours is: argv = Temporal address, task queue, health port, and maxCachedWorkflows as WORKER_MAX_CACHED_WORKFLOWS sets ours. */
const [address, taskQueue, port] = process.argv.slice(2);
const maxCachedWorkflows = process.env.WORKER_MAX_CACHED_WORKFLOWS
  ? Number(process.env.WORKER_MAX_CACHED_WORKFLOWS)
  : undefined;
const connection = await NativeConnection.connect({ address: address! });
const worker = await Worker.create({
  connection,
  taskQueue: taskQueue!,
  workflowsPath: fileURLToPath(new URL('./bare.workflow.js', import.meta.url)),
  activities: { noop: async () => undefined },
  maxCachedWorkflows,
});
const running = worker.run();
createServer((_, response) => response.end('up')).listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => worker.shutdown());
await running;
process.exit(0);
