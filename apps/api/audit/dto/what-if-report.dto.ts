import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DueTimeChange, SlaOutcome, WhatIfCase, WhatIfReport } from '../../../../libs/audit/index.js';

/** The answer of `POST /audit/what-if`, as the OpenAPI document states it; each class `implements` the report's own type, so the two cannot drift. */
export class SlaOutcomeDto implements SlaOutcome {
  @ApiProperty({ description: 'Some clock passed its target' }) breached!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the first clock did' })
  firstBreachAt!: string | null;
  @ApiProperty({ description: 'The highest rung of the escalation ladder reached', example: 1 })
  maxEscalationLevel!: number;
  @ApiProperty({ type: [String], example: ['acknowledge', 'step:analyse'] }) breachedClocks!: readonly string[];
}

export class DueTimeChangeDto implements DueTimeChange {
  @ApiProperty({ description: 'acknowledge, containment, case or step:<step>', example: 'acknowledge' }) clock!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The due time the clock ended with (or has now) as the case ran; null if it had none',
    example: '2026-02-24T03:00:00.000Z',
  })
  actual!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The same under the other policy',
    example: '2026-02-14T03:00:00.000Z',
  })
  hypothetical!: string | null;
}

export class WhatIfCaseDto implements WhatIfCase {
  @ApiProperty() complaintId!: string;
  @ApiPropertyOptional({ example: 'CMP-2026-000123' }) number?: string;
  @ApiProperty({ example: 'normal' }) severity!: string;
  @ApiProperty({ example: 'open' }) status!: string;
  @ApiProperty({ type: SlaOutcomeDto, description: 'As the case ran (its timer brought up to now if open)' })
  actual!: SlaOutcomeDto;
  @ApiProperty({ type: SlaOutcomeDto, description: 'Under the other policy' }) hypothetical!: SlaOutcomeDto;
  @ApiProperty({
    type: [DueTimeChangeDto],
    description: 'The clocks due at another time under the other policy (a calendar change moves these)',
  })
  dueTimes!: readonly DueTimeChangeDto[];
  @ApiProperty({ description: 'The other policy changes its breach, its escalation or a due time' }) changed!: boolean;
}

type WhatIfSummary = WhatIfReport['summary'];

export class WhatIfSummaryDto implements WhatIfSummary {
  @ApiProperty() cases!: number;
  @ApiProperty() breachedActual!: number;
  @ApiProperty() breachedHypothetical!: number;
  @ApiProperty() newlyBreached!: number;
  @ApiProperty() noLongerBreached!: number;
  @ApiProperty() escalatedActual!: number;
  @ApiProperty() escalatedHypothetical!: number;
  @ApiProperty({ description: 'Cases with a clock due at another time' }) dueTimesMoved!: number;
}

export class WhatIfReportDto implements WhatIfReport {
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ type: WhatIfSummaryDto }) summary!: WhatIfSummaryDto;
  @ApiProperty({ type: [WhatIfCaseDto] }) cases!: readonly WhatIfCaseDto[];
}
