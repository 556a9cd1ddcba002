import { Module } from '@nestjs/common';
import { ProjectionRunner } from './projection-runner.service.js';
import { TemporalWorkerService } from './temporal-worker.service.js';

@Module({ providers: [TemporalWorkerService, ProjectionRunner] })
export class WorkerModule {}
