import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '../../libs/platform/config.js';
import { ownerOnlyFiles } from '../../libs/platform/storage.js';
import { nestLogger } from '../../libs/platform/logging.js';
import { PlatformModule } from '../../libs/platform/nest/platform.module.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';
import { MetricsEndpoint } from './metrics-endpoint.service.js';
import { WorkerModule } from './worker.module.js';

/** The worker alone, for a cluster: it needs TEMPORAL_ADDRESS. */
const config = loadConfigOrExit();
// DATA_DIR's files, when this process keeps any, are its owner's only.
ownerOnlyFiles();
installTemporalLogging();
const app = await NestFactory.createApplicationContext(
  { module: class WorkerApp {}, imports: [PlatformModule.forRoot(config), WorkerModule], providers: [MetricsEndpoint] },
  { logger: nestLogger(config.log) },
);
// On SIGTERM: stop polling, let the tasks under way finish, close the store, exit 0.
app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
