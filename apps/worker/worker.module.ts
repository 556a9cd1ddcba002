import { Module } from '@nestjs/common';
import { TemporalWorkerService } from './temporal-worker.service.js';

@Module({ providers: [TemporalWorkerService] })
export class WorkerModule {}
