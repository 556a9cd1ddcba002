import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '../../libs/platform/config.js';
import { nestLogger } from '../../libs/platform/logging.js';
import { PlatformModule } from '../../libs/platform/nest/platform.module.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';
import { WorkerModule } from './worker.module.js';

/** The worker alone, for a cluster: it needs TEMPORAL_ADDRESS. */
const config = loadConfigOrExit();
installTemporalLogging();
const app = await NestFactory.createApplicationContext({ module: class WorkerApp {}, imports: [PlatformModule.forRoot(config), WorkerModule] }, { logger: nestLogger(config.log) });
app.enableShutdownHooks();
