import { applyDecorators, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Instant } from '../dto/instant.js';
import { customerIdPattern } from '../../../libs/support/customer-ref.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Request, Response } from 'express';
import {
  complaintsReport,
  reportPeriods,
  suppliersReport,
  type Report,
  type ReadModels,
  type ReportPeriod,
} from '../../../libs/projections/index.js';
import { READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { answerReport } from './report-answer.js';
import { PoliciesService } from '../policies/policies.service.js';
import { problems, Secured } from '../http/routes.js';
import { LabelledReportDto } from './dto/labelled-report.dto.js';

export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @Instant('2026-11-01T00:00:00+08:00')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this instant (exclusive)' })
  @IsOptional()
  @Instant('2026-12-01T00:00:00+08:00')
  to?: string;

  @ApiPropertyOptional({ enum: reportPeriods, default: 'month', description: 'How rows are grouped in time (UTC)' })
  @IsOptional()
  @IsIn(reportPeriods)
  period: ReportPeriod = 'month';
}

export class ComplaintsReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    description: "Only this customer's complaints (and those of the duplicates merged into it)",
    example: 'CUST-0042',
    pattern: customerIdPattern.source,
  })
  @IsOptional()
  @Matches(customerIdPattern, { message: 'customerId must be a customer id', context: { rule: 'customer-id-path' } })
  customerId?: string;
}

/** A report answers JSON, or CSV (every section in one sheet, headed in the reader's language) for `Accept: text/csv`. */
const ReportResponse = (description: string) =>
  applyDecorators(
    ApiExtraModels(LabelledReportDto),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(LabelledReportDto) } },
        'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte-order mark' } },
      },
    }),
  );

/** Dashboards from the read models; `Accept: text/csv` exports every section in one sheet. */
@ApiTags('reports')
@Secured()
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly policies: PoliciesService,
    private readonly customers: CustomersService,
  ) {}

  @Get('complaints')
  @ApiOperation({
    summary:
      'SLA compliance per severity and period, time in each step (median, p90), first-pass yield, Pareto of causes, satisfaction (CSI) by period and customer, escalations per level',
  })
  @ReportResponse(
    'Sections slaCompliance, timeInStep, firstPassYield, causePareto, satisfactionByPeriod, satisfactionByCustomer, escalations, pausedByReason; labels in the Accept-Language',
  )
  @problems(400)
  async complaints(
    @Query() { customerId, ...query }: ComplaintsReportQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const customerIds = customerId === undefined ? undefined : await this.customers.fileIdsOf(customerId);
    const report = await complaintsReport(this.readModels, { ...query, customerIds });
    return this.answer(request, response, report, 'complaints-report');
  }

  @Get('suppliers')
  @ApiOperation({
    summary: 'Supplier scorecards, grade distribution, and grades and mean scores per period of evaluation',
  })
  @ReportResponse('Sections gradeDistribution, gradeTrend, scorecards; labels in the Accept-Language')
  @problems(400)
  async suppliers(
    @Query() query: ReportQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(request, response, await suppliersReport(this.readModels, query), 'suppliers-report');
  }

  private answer(request: Request, response: Response, report: Report, filename: string) {
    return answerReport({ request, response, policies: this.policies }, report, filename);
  }
}
