import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Instant } from '../../dto/instant.js';
import { reportPeriods, type ReportPeriod } from '../../../../libs/projections/reports.js';
import { LabelledReportDto } from '../../reports/dto/labelled-report.dto.js';
import { CustomerViewDto } from './customer-view.dto.js';
import { EvidenceItemDto } from '../../evidence/dto/evidence.dto.js';

export class CustomerFileQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The file as the record stood at this instant' })
  @IsOptional()
  @Instant('2026-11-30T23:59:59+08:00')
  asOf?: string;

  @ApiPropertyOptional({
    enum: reportPeriods,
    default: 'month',
    description: 'How satisfaction is grouped in time (UTC)',
  })
  @IsOptional()
  @IsIn(reportPeriods)
  period: ReportPeriod = 'month';
}

/**
 * `GET /customers/:id/file`: the customer, and its file as a report with the
 * sections summary, complaints, satisfactionByPeriod, causePareto,
 * escalationsByCase and openCorrectiveActions (`to` is the asOf asked for).
 */
export class CustomerFileDto extends LabelledReportDto {
  @ApiProperty({ type: CustomerViewDto }) customer!: CustomerViewDto;
}

export class CaseFilesDto {
  @ApiProperty() complaintId!: string;
  @ApiPropertyOptional({ example: 'CMP-2026-000123' }) number?: string;
  @ApiProperty({ type: [EvidenceItemDto] }) files!: EvidenceItemDto[];
}

export class CustomerFilesDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    type: [CaseFilesDto],
    description: 'The cases of the customer (and of duplicates merged into it) that hold files, oldest first',
  })
  complaints!: CaseFilesDto[];
}
