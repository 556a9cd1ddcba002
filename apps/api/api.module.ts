import { Module } from '@nestjs/common';
import { ComplaintsController } from './complaints/complaints.controller.js';
import { ComplaintsService } from './complaints/complaints.service.js';
import { TemporalClientModule } from './temporal-client.module.js';

@Module({
  imports: [TemporalClientModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsService],
})
export class ApiModule {}
