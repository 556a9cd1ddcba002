import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { complaintActions, complaintSteps, severities, type ComplaintAction } from '../../../../libs/domain/index.js';

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
  @ApiProperty({ description: "The share of the target at which the clock warns: the case's SLA policy", example: 0.8 })
  warningRatio!: number;
  @ApiProperty({ description: 'The working time spent at which the clock warns, in milliseconds', example: 17_280_000 })
  warnAtMs!: number;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When a running clock short of its warning point reaches it (on the business calendar)',
  })
  warnAt?: string;
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

export class ScaleRangeDto {
  @ApiProperty({ example: 1 }) min!: number;
  @ApiProperty({ example: 5 }) max!: number;
}

export class PauseReasonLabelDto {
  @ApiPropertyOptional({ example: 'Awaiting the site visit' }) en?: string;
  @ApiPropertyOptional({ name: 'zh-CN', example: '等待现场访问' }) 'zh-CN'?: string;
}

export class PauseReasonDto {
  @ApiProperty({ example: 'awaiting-returned-part' }) code!: string;
  @ApiPropertyOptional({
    type: PauseReasonLabelDto,
    description: "A policy's own reason's words; the built-in reasons' words are the catalogue's",
  })
  label?: PauseReasonLabelDto;
}

export class ComplaintScalesDto {
  @ApiProperty({ description: "The rungs of the escalation ladder for the case's severity", example: 3 })
  escalationLadder!: number;
  @ApiProperty({ type: ScaleRangeDto, description: "The customer's satisfaction score" }) satisfaction!: ScaleRangeDto;
  @ApiProperty({
    type: [PauseReasonDto],
    description: "What a wait on the customer may give as its reasonCode: the case's policy's pause reasons",
  })
  pauseReasons!: PauseReasonDto[];
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
  @ApiProperty({
    enum: complaintActions,
    isArray: true,
    example: ['analyse', 'comment', 'wait', 'severity', 'withdraw'],
    description:
      "What the caller may do to the case now, by role, ownership, team and the case's state (none on a case as it stood in the past): a client offers these and no others",
  })
  allowedActions!: ComplaintAction[];
  @ApiProperty({ type: ComplaintScalesDto }) scales!: ComplaintScalesDto;
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
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the customer complained, where it was before the registration; the clocks count from it',
  })
  receivedAt?: string;
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
