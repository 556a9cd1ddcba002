import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { criticalities, scoreScale, type Criticality } from '../../../../libs/domain/index.js';
import { Text } from '../../dto/text.js';
import { WriteDto } from '../../dto/write.dto.js';

/** Supplier ids are codes people type and other systems share: letters, digits, '.', '_' and '-'. */
export const supplierIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class RegisterSupplierDto {
  static readonly example = {
    id: 'sup-casting-01',
    name: 'Ningbo Precision Castings Co.',
    category: 'castings',
    supplies: ['DN50 valve body', 'DN80 valve body'],
    criticality: 'high',
  };

  @ApiPropertyOptional({
    description: 'Your code for the supplier (complaints name it as responsible party); generated if absent',
    example: 'sup-casting-01',
    pattern: supplierIdPattern.source,
  })
  @IsOptional()
  @Matches(supplierIdPattern, {
    message: 'id must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    context: { rule: 'supplier-id-characters' },
  })
  id?: string;

  @ApiProperty({ example: 'Ningbo Precision Castings Co.', maxLength: 200 })
  @Text(200)
  name!: string;

  @ApiProperty({ example: 'castings', maxLength: 100 })
  @Text(100)
  category!: string;

  @ApiProperty({
    type: [String],
    description: 'What it supplies: parts, materials or services',
    example: ['DN50 valve body'],
    minItems: 1,
    maxItems: 100,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  supplies!: string[];

  @ApiProperty({ enum: criticalities, description: 'How much its parts affect the final product', example: 'high' })
  @IsIn(criticalities)
  criticality!: Criticality;
}

const Count = () => (target: object, key: string) => {
  IsInt()(target, key);
  Min(0)(target, key);
  Max(1_000_000_000)(target, key);
};

export class PerformanceDto extends WriteDto {
  static readonly example = {
    deliveries: 24,
    onTimeDeliveries: 22,
    receivedUnits: 4800,
    rejectedUnits: 31,
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    note: 'October incoming inspection',
  };

  @ApiProperty({ example: 24, minimum: 0 }) @Count() deliveries!: number;
  @ApiProperty({ example: 22, minimum: 0 }) @Count() onTimeDeliveries!: number;
  @ApiProperty({ example: 4800, minimum: 0 }) @Count() receivedUnits!: number;
  @ApiProperty({ example: 31, minimum: 0 }) @Count() rejectedUnits!: number;

  @ApiPropertyOptional({ example: '2026-10-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  periodStart?: string;

  @ApiPropertyOptional({ example: '2026-10-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  periodEnd?: string;

  @ApiPropertyOptional({ example: 'October incoming inspection', maxLength: 2000 })
  @IsOptional()
  @Text(2000)
  note?: string;
}

export class RequestEvaluationDto extends WriteDto {
  static readonly example = { reason: 'Annual audit brought forward after the line move' };

  @ApiPropertyOptional({ example: 'Annual audit brought forward', maxLength: 2000 })
  @IsOptional()
  @Text(2000)
  reason?: string;
}

const Score = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
  Min(scoreScale.min)(target, key);
  Max(scoreScale.max)(target, key);
};

/** One score per qualitative criterion, 0 to 100; the policy says which are required. */
export class CriterionScoresDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 80 }) @Score() 'quality-awareness'?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 75 }) @Score() 'technical-capability'?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 70 }) @Score() reproducibility?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 65 }) @Score() 'problem-solving'?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 85 }) @Score() 'system-stability'?: number;
}

export class ScoresDto extends WriteDto {
  static readonly example = {
    scores: {
      'quality-awareness': 80,
      'technical-capability': 75,
      reproducibility: 70,
      'problem-solving': 65,
      'system-stability': 85,
    },
    notes: 'Site visit 12 Nov: degassing procedure restored, SPC charts in use on line 2.',
  };

  @ApiProperty({ type: CriterionScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CriterionScoresDto)
  scores!: CriterionScoresDto;

  @ApiPropertyOptional({ example: 'Site visit 12 Nov.', maxLength: 5000 })
  @IsOptional()
  @Text(5000)
  notes?: string;
}

export class CorrectiveActionResponseDto extends WriteDto {
  static readonly example = {
    response:
      'Root cause: degassing step skipped on night shift. Action: interlock on the furnace, retraining, 100 % X-ray for three lots.',
  };

  @ApiProperty({ example: 'Degassing interlock installed; three lots X-rayed.', maxLength: 5000 })
  @Text(5000)
  response!: string;
}

export class RequalifyDto extends WriteDto {
  static readonly example = { reason: 'New foundry line audited on site; first-article inspection passed.' };

  @ApiProperty({ example: 'New foundry line audited on site.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}
