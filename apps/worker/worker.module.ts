import { Module } from '@nestjs/common';
import { BlobSweeper } from './blob-sweeper.service.js';
import { ProjectionRunner } from './projection-runner.service.js';
import { TemporalWorkerService } from './temporal-worker.service.js';

@Module({ providers: [TemporalWorkerService, ProjectionRunner, BlobSweeper] })
export class WorkerModule {}
