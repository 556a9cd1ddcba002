import { ApiProperty } from '@nestjs/swagger';
import { criticalities, outcomes } from '../../../../libs/domain/index.js';
import { PageDto } from '../../dto/page.dto.js';

/** A supplier's scorecard (`ScorecardRow` in libs/contracts/read-views.ts): the columns lists and reports use. */
export class ScorecardDto {
  @ApiProperty({ example: 'sup-casting-01' }) id!: string;
  @ApiProperty({ example: 4 }) revision!: number;
  @ApiProperty({ example: 'Ningbo Precision Castings Co.' }) name!: string;
  @ApiProperty({ example: 'castings' }) category!: string;
  @ApiProperty({ enum: criticalities }) criticality!: string;
  @ApiProperty({ enum: ['active', 'disqualified'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'B', description: 'The grade of the last evaluation' })
  grade!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 78.5, description: 'Weighted score of the last evaluation' })
  score!: number | null;
  @ApiProperty({ enum: [...outcomes, null], nullable: true, description: 'The outcome of the last evaluation' })
  outcome!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextEvaluationDue!: string | null;
  @ApiProperty({ description: 'An evaluation waits for scores' }) evaluationOpen!: boolean;
  @ApiProperty({ example: 1 }) openCorrectiveActions!: number;
  @ApiProperty({ example: 0 }) overdueCorrectiveActions!: number;
  @ApiProperty({ description: 'Complaints whose analysis named this supplier', example: 2 })
  attributedComplaints!: number;
  @ApiProperty({ description: 'Evaluations graded', example: 3 }) evaluations!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEvaluatedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** `GET /suppliers`: a page of scorecards. */
export class SupplierListDto extends PageDto {
  @ApiProperty({ type: [ScorecardDto] }) items!: ScorecardDto[];
}
