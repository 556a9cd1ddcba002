import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { complaintSteps, severities } from '../../../../libs/domain/index.js';

export class SlaClockDto {
  @ApiProperty({
    description: 'acknowledge (until identified), case (until closed) or step:<step>',
    example: 'step:analyse',
  })
  id!: string;
  @ApiProperty({
    description: 'The target for the current severity, in milliseconds of working time',
    example: 21_600_000,
  })
  targetMs!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ description: 'Working time spent, up to runningSince while the clock runs' }) spentMs!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent while paused or stopped' }) runningSince?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When a running clock reaches its target' }) dueAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) stoppedAt?: string;
  @ApiProperty() warned!: boolean;
  @ApiProperty() breached!: boolean;
  @ApiProperty({ description: 'The rung of the escalation ladder this clock has reached' }) level!: number;
  @ApiProperty({ description: 'Working time spent as of sla.asOf' }) elapsedMs!: number;
  @ApiProperty({ description: 'Working time left before the target, as of sla.asOf (0 once past it)' })
  remainingMs!: number;
  @ApiProperty({ description: 'Past its target as of sla.asOf' }) overdue!: boolean;
}

export class SlaViewDto {
  @ApiProperty({
    format: 'date-time',
    description: 'The instant the clocks are read at: now, or the instant a state-as-of looks back to',
  })
  asOf!: string;
  @ApiProperty({ description: 'Some clock is or was past its target' }) breached!: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'The earliest due time among the running clocks' })
  dueAt?: string;
  @ApiProperty({ description: 'True while the case waits on the customer (feedback step or an explicit wait)' })
  paused!: boolean;
  @ApiProperty({ description: 'The highest rung reached, by a late clock or by hand', example: 0 })
  escalationLevel!: number;
  @ApiProperty({ type: [SlaClockDto], description: 'Every clock of the case, running, paused or stopped' })
  clocks!: SlaClockDto[];
}

/** The documented core of a case as the API returns it; analysis, resolution and later sections appear as they are completed. */
export class ComplaintViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({
    description: 'The case number people say: prefix, year, gap-free sequence; usable wherever a case id is',
    example: 'CMP-2026-000123',
  })
  number?: string;
  @ApiProperty({ enum: ['open', 'archived', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ enum: complaintSteps, description: 'The step the case waits to complete (open cases)' })
  step?: string;
  @ApiProperty({ enum: severities }) severity!: string;
  @ApiPropertyOptional() owner?: string;
  @ApiProperty({ description: 'Revision of the last event; send it back as expectedRevision or If-Match', example: 3 })
  revision!: number;
  @ApiProperty({ type: SlaViewDto }) sla!: SlaViewDto;
  @ApiPropertyOptional({ description: 'Set while the case waits on the customer: reason, since (at) and by whom' })
  waitingOnCustomer?: object;
  @ApiPropertyOptional({ description: 'Why a withdrawn case was closed, and the surviving case of a duplicate' })
  withdrawal?: object;
  @ApiProperty({
    description: 'How many notes the case file holds; their texts: GET /complaints/{id}/comments',
    example: 2,
  })
  commentCount!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty() failedVerifications!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CaseCommentDto {
  @ApiProperty({ example: 'Customer called again.' }) text!: string;
  @ApiProperty({ example: 'li.wei' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'The revision of the event that recorded it', example: 4 }) revision!: number;
}

export class CaseCommentsDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ type: [CaseCommentDto], description: 'Oldest first' }) comments!: CaseCommentDto[];
}
