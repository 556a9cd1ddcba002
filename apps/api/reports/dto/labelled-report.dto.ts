import { ApiProperty } from '@nestjs/swagger';
import { reportPeriods } from '../../../../libs/projections/reports.js';

/** One cell of a report's table: a count, a share, a code, a time, or nothing. */
const cell = {
  anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
};

export class ReportLabelsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Each section's heading, in the reader's language",
    example: { slaCompliance: 'SLA compliance' },
  })
  sections!: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Each column's heading, in the reader's language",
    example: { severity: 'Severity' },
  })
  columns!: Record<string, string>;
}

/** A report in JSON (`LabelledReport` in libs/contracts/read-views.ts): its tables, and their headings in the reader's language. */
export class LabelledReportDto {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The from asked for, if any' })
  from!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The to asked for, if any' })
  to!: string | null;
  @ApiProperty({ enum: reportPeriods, description: 'How rows are grouped in time (UTC)' }) period!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: cell } },
    description: 'The tables by name, each a list of rows keyed by column code',
    example: {
      slaCompliance: [
        { period: '2026-03-01', severity: 'normal', cases: 12, closed: 10, met: 9, breached: 1, compliance: 0.9 },
      ],
    },
  })
  sections!: Record<string, Record<string, string | number | boolean | null>[]>;
  @ApiProperty({ type: ReportLabelsDto }) labels!: ReportLabelsDto;
}
