import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCaseRef } from '../case-ref.js';
import {
  pauseReasonCodePattern,
  returnSteps,
  severities,
  withdrawReasons,
  type ReturnStep,
  type Severity,
  type WithdrawReason,
} from '../../../../libs/domain/index.js';
import { WriteDto } from '../../dto/write.dto.js';
import { Text } from '../../dto/text.js';

export class AssignDto extends WriteDto {
  static readonly example = { owner: 'chen.jing', reason: 'Li Wei is on leave until December' };

  @ApiProperty({ description: 'The new owner', example: 'chen.jing', maxLength: 100 })
  @Text(100)
  owner!: string;

  @ApiPropertyOptional({ example: 'Li Wei is on leave until December', maxLength: 2000 })
  @IsOptional()
  @Text(2000)
  reason?: string;
}

export class CommentDto extends WriteDto {
  static readonly example = { text: 'Customer sent two more photos; attached to the evidence folder.' };

  @ApiProperty({ example: 'Customer sent two more photos.', maxLength: 5000 })
  @Text(5000)
  text!: string;
}

export class EscalateDto extends WriteDto {
  static readonly example = {
    reason: 'The customer threatens to stop all orders; needs the department manager today.',
  };

  @ApiProperty({ example: 'The customer threatens to stop all orders.', maxLength: 2000 })
  @Text(2000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'The rung of the ladder to reach (default: one above the current)',
    minimum: 1,
    maximum: 20,
    example: 2,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  level?: number;
}

export class DeescalateDto extends WriteDto {
  static readonly example = { reason: 'Replacement seals shipped; the customer accepted the plan.', level: 0 };

  @ApiProperty({ example: 'Replacement seals shipped; the customer accepted the plan.', maxLength: 2000 })
  @Text(2000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'The rung to come down to (default: 0, off the ladder); lower than the current one',
    minimum: 0,
    maximum: 19,
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(19)
  level?: number;
}

@ValidatorConstraint({ name: 'caseRef' })
class IsCaseRef implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCaseRef(value);
  }
  defaultMessage(): string {
    return 'must be a case id (UUID) or number (CMP-2026-000123)';
  }
}

export class WithdrawDto extends WriteDto {
  static readonly example = {
    reason: 'duplicate',
    explanation: 'Same leak reported by the customer’s purchasing department on the same day.',
    duplicateOf: '4f7c2a9e-1b3d-4e5f-8a6b-7c8d9e0f1a2b',
  };

  @ApiProperty({
    enum: withdrawReasons,
    description: 'invalid: not a complaint; duplicate: another case covers it',
    example: 'duplicate',
  })
  @IsIn(withdrawReasons)
  reason!: WithdrawReason;

  @ApiProperty({ example: 'Same leak reported twice on the same day.', maxLength: 2000 })
  @Text(2000)
  explanation!: string;

  @ApiPropertyOptional({
    description: 'The surviving case, by id or number (required for a duplicate); recorded as its id',
    example: 'CMP-2026-000123',
  })
  @IsOptional()
  @IsString()
  @Validate(IsCaseRef, { context: { rule: 'case-ref' } })
  duplicateOf?: string;
}

export class ReopenDto extends WriteDto {
  static readonly example = {
    returnTo: 'analyse',
    reason: 'The leak is back on the customer’s line: the root cause was wrong.',
  };

  @ApiProperty({ enum: returnSteps, example: 'analyse' })
  @IsIn(returnSteps)
  returnTo!: ReturnStep;

  @ApiProperty({ example: 'The leak is back: the root cause was wrong.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

export class SeverityDto extends WriteDto {
  static readonly example = { severity: 'critical', reason: 'A second customer reports the same leak on a gas line.' };

  @ApiProperty({ enum: severities, example: 'critical' })
  @IsIn(severities)
  severity!: Severity;

  @ApiProperty({ example: 'A second customer reports the same leak.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

export class CustomerWaitDto extends WriteDto {
  static readonly example = {
    reasonCode: 'awaiting-returned-part',
    reason: 'Waiting for the customer to send the failed valves back for analysis.',
  };

  @ApiProperty({
    description:
      "Why the clocks stop: one of the case's policy's pause reasons (scales.pauseReasons of the case; built in: awaiting-information, awaiting-returned-part, awaiting-customer-test, customer-unreachable)",
    example: 'awaiting-returned-part',
    maxLength: 50,
  })
  @IsString()
  @Matches(pauseReasonCodePattern, {
    message: 'reasonCode must be a pause reason code of the case',
    context: { rule: 'reason-code' },
  })
  reasonCode!: string;

  @ApiProperty({ example: 'Waiting for the failed valves to come back.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

export class ContainmentDto extends WriteDto {
  static readonly example = {
    action: 'Sorted the customer’s stock of PO-7781: 3 leaking valves quarantined, 37 released after a pressure test.',
  };

  @ApiProperty({
    description: 'What was done to protect the customer now, before the cause is known, and by whom',
    example: 'Sorted the customer’s stock of PO-7781: 3 leaking valves quarantined, 37 released after a pressure test.',
    maxLength: 2000,
  })
  @Text(2000)
  action!: string;
}

export class EndCustomerWaitDto extends WriteDto {
  static readonly example = { note: 'Valves received at the lab.' };

  @ApiPropertyOptional({ example: 'Valves received at the lab.', maxLength: 2000 })
  @IsOptional()
  @Text(2000)
  note?: string;
}
