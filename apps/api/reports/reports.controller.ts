import { applyDecorators, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import {
  complaintsReport,
  reportLabels,
  reportPeriods,
  reportToCsv,
  suppliersReport,
  type Report,
  type ReadModels,
  type ReportPeriod,
} from '../../../libs/projections/index.js';
import { READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { csvOrJson } from '../http/csv-or-json.js';
import { readerTimeZone } from '../../../libs/i18n/index.js';
import { catalogueOf } from '../http/language.js';
import { PoliciesService } from '../policies/policies.service.js';
import { problems, Secured } from '../http/routes.js';
import { LabelledReportDto } from './dto/labelled-report.dto.js';

export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: reportPeriods, default: 'month', description: 'How rows are grouped in time (UTC)' })
  @IsOptional()
  @IsIn(reportPeriods)
  period: ReportPeriod = 'month';
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
    @Query() query: ReportQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(request, response, await complaintsReport(this.readModels, query), 'complaints-report');
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

  /**
   * JSON with its headings in the caller's language (`labels`), or CSV for
   * people: in their words, times in the business calendar's zone (else
   * their language's).
   */
  private async answer(request: Request, response: Response, report: Report, filename: string) {
    const catalogue = catalogueOf(request);
    const { policy } = await this.policies.current('sla');
    const timeZone = readerTimeZone(catalogue, policy.calendar?.timeZone);
    return csvOrJson(
      request,
      response,
      { ...report, labels: reportLabels(report, catalogue) },
      ({ labels: _, ...body }) => reportToCsv(body, catalogue, timeZone),
      filename,
    );
  }
}
