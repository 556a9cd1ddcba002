import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '../../libs/platform/config.js';
import { nestLogger } from '../../libs/platform/logging.js';
import { PlatformModule } from '../../libs/platform/nest/platform.module.js';
import { ApiModule } from './api.module.js';
import { configureHttpApp } from './http-app.js';

/** The API alone, for a cluster: it needs TEMPORAL_ADDRESS. */
const config = loadConfigOrExit();
const app = await NestFactory.create({ module: class ApiApp {}, imports: [PlatformModule.forRoot(config), ApiModule] }, { logger: nestLogger(config.log) });
// On SIGTERM: refuse new requests, finish those under way, close Temporal and the store, exit 0.
configureHttpApp(app).enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
await app.listen(config.http.port, config.http.host);
console.log(`API on ${await app.getUrl()}/api/v1, OpenAPI UI on ${await app.getUrl()}/docs`);
