import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  criticalities,
  outcomes,
  supplierActions,
  supplierPhases,
  type SupplierAction,
} from '../../../../libs/domain/index.js';

export class ScoreRangeDto {
  @ApiProperty({ example: 0 }) min!: number;
  @ApiProperty({ example: 100 }) max!: number;
}

export class SupplierScalesDto {
  @ApiProperty({ type: ScoreRangeDto, description: 'The range of each criterion score' }) score!: ScoreRangeDto;
}

/** The documented core of a supplier as the API returns it. */
export class SupplierViewDto {
  @ApiProperty({ example: 'sup-casting-01' }) id!: string;
  @ApiProperty({ example: 'Ningbo Precision Castings Co.' }) name!: string;
  @ApiProperty({ enum: ['active', 'disqualified'] }) status!: string;
  @ApiProperty({
    enum: supplierPhases,
    description: 'Where it stands in its cycle: waiting for the next evaluation, an evaluation open, or disqualified',
  })
  phase!: string;
  @ApiProperty({ enum: criticalities }) criticality!: string;
  @ApiPropertyOptional({ example: 'B', description: 'The grade of the last evaluation' }) grade?: string;
  @ApiPropertyOptional({ example: 78.5, description: 'Weighted score of the last evaluation, 0-100' }) score?: number;
  @ApiPropertyOptional({ enum: outcomes }) outcome?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the next periodic re-evaluation falls due' })
  nextEvaluationDue?: string;
  @ApiPropertyOptional({ description: 'The evaluation waiting for scores: id, trigger, due by' })
  evaluation?: object;
  @ApiProperty({
    description:
      'The records since the last evaluation was graded (or the registration): what scores submitted now are measured on, as the evaluation then records them (measuredOver)',
    example: {
      from: '2026-01-05T08:00:00.000Z',
      deliveries: 24,
      onTimeDeliveries: 22,
      receivedUnits: 4800,
      rejectedUnits: 31,
      complaints: [],
      correctiveActions: [],
    },
  })
  sinceLastEvaluation!: object;
  @ApiProperty({
    enum: supplierActions,
    isArray: true,
    example: ['record-performance', 'submit-scores'],
    description:
      'What the caller may do to the supplier now, by role and state (none on a supplier as it stood in the past): a client offers these and no others',
  })
  allowedActions!: SupplierAction[];
  @ApiProperty({ type: SupplierScalesDto }) scales!: SupplierScalesDto;
  @ApiProperty({ description: 'Corrective action requests not yet answered' }) openCorrectiveActions!: number;
  @ApiProperty({ description: 'Evaluations graded in all (the view lists the last 20)' }) evaluationCount!: number;
  @ApiProperty({ description: 'Corrective action requests in all (the view lists the open ones and the last ones)' })
  correctiveActionCount!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Every corrective action request, answered or not',
  })
  correctiveActions!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Past evaluations: score, grade, outcome, when and by whom',
  })
  evaluations!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Complaints whose analysis named this supplier',
  })
  attributedComplaints!: object[];
  @ApiProperty({ description: 'Revision of the last event; send it back as expectedRevision or If-Match', example: 4 })
  revision!: number;
}
