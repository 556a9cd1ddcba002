import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiModule } from '../../apps/api/api.module.js';
import { createHttpApp } from '../../apps/api/http/http-app.js';
import type { EventStore } from '../../libs/event-store/index.js';
import { loadConfig } from '../../libs/platform/config.js';
import { EVENT_STORE, READ_MODELS } from '../../libs/platform/nest/tokens.js';
import { Projector, type ReadModels } from '../../libs/projections/index.js';
import { freePort } from '../../libs/support/free-port.js';
import { bearer, benchSecret } from './services.js';

/**
 * The API alone on the embedded store, with no Temporal behind it: enough
 * for benchmarks of reads. Fill `store` as workflows would, then `serve()`
 * catches the read models up and answers a GET of a path, timed.
 */
export const readApi = async (name: string) => {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), `qloop-bench-${name}-`)),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    JWT_SECRET: benchSecret,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  });
  const app = await createHttpApp(config, [ApiModule]);
  const serve = async () => {
    const projector = await Projector.open(app.get<EventStore>(EVENT_STORE), app.get<ReadModels>(READ_MODELS));
    await projector.catchUp();
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    const headers = await bearer('li.wei', 'owner');
    /** GETs `paths` one after another: how long they took, in ms. */
    const timed = async (...paths: string[]): Promise<number> => {
      const started = performance.now();
      for (const path of paths) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      }
      return performance.now() - started;
    };
    /** A path's answer, read. */
    const json = async <T>(path: string): Promise<T> => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    return Object.assign(timed, { json });
  };
  return { store: app.get<EventStore>(EVENT_STORE), serve, close: () => app.close() };
};
