import 'reflect-metadata';
import { loadConfigOrExit } from '../../libs/platform/config.js';
import { ownerOnlyFiles } from '../../libs/platform/storage.js';
import { ApiModule } from './api.module.js';
import { createHttpApp } from './http/http-app.js';

/** The API alone, for a cluster: it needs TEMPORAL_ADDRESS. */
const config = loadConfigOrExit();
// DATA_DIR's files, when this process keeps any, are its owner's only.
ownerOnlyFiles();
const app = await createHttpApp(config, [ApiModule]);
// On SIGTERM: refuse new requests, finish those under way, close Temporal and the store, exit 0.
app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
await app.listen(config.http.port, config.http.host);
console.log(`API on ${await app.getUrl()}/api/v1, OpenAPI UI on ${await app.getUrl()}/docs`);
