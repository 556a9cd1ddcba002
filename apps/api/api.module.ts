import { Module } from '@nestjs/common';
import { ComplaintsController } from './complaints/complaints.controller.js';
import { ComplaintsService } from './complaints/complaints.service.js';
import { SuppliersController } from './suppliers/suppliers.controller.js';
import { SuppliersService } from './suppliers/suppliers.service.js';
import { TemporalClientModule } from './temporal-client.module.js';

@Module({
  imports: [TemporalClientModule],
  controllers: [ComplaintsController, SuppliersController],
  providers: [ComplaintsService, SuppliersService],
})
export class ApiModule {}
