import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '../../libs/platform/config.js';
import { PlatformModule } from '../../libs/platform/nest/platform.module.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';
import { WorkerModule } from './worker.module.js';

/** The worker alone, for a cluster: it needs TEMPORAL_ADDRESS. */
installTemporalLogging();
const app = await NestFactory.createApplicationContext({ module: class WorkerApp {}, imports: [PlatformModule.forRoot(loadConfigOrExit()), WorkerModule] });
app.enableShutdownHooks();
