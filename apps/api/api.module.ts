import { Module } from '@nestjs/common';
import { WhatIfController } from './audit/what-if.controller.js';
import { ComplaintsController } from './complaints/complaints.controller.js';
import { ComplaintsService } from './complaints/complaints.service.js';
import { AdminController, OperationsController } from './operations/operations.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { SuppliersController } from './suppliers/suppliers.controller.js';
import { SuppliersService } from './suppliers/suppliers.service.js';
import { TemporalClientModule } from './temporal-client.module.js';

@Module({
  imports: [TemporalClientModule],
  controllers: [ComplaintsController, SuppliersController, ReportsController, WhatIfController, OperationsController, AdminController],
  providers: [ComplaintsService, SuppliersService],
})
export class ApiModule {}
