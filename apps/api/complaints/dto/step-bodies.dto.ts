import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  actionKinds,
  causeCategories,
  channels,
  complaintCategories,
  returnSteps,
  satisfactionScale,
  severities,
  type ActionKind,
  type CauseCategory,
  type Channel,
  type ComplaintCategory,
  type ReturnStep,
  type Severity,
} from '../../../../libs/domain/index.js';
import { WriteDto } from '../../dto/write.dto.js';
import { Text } from '../../dto/text.js';

export class IdentifyStepDto extends WriteDto {
  static readonly example = {
    owner: 'li.wei',
    acknowledgement: 'Received on the phone; we will call back with a containment plan within 24 hours.',
    severity: 'high',
    evidence: ['photo-flange-leak.jpg', 'incoming-test-report-7781.pdf'],
  };

  @ApiProperty({ description: 'Who owns the case from now on', example: 'li.wei', maxLength: 100 })
  @Text(100)
  owner!: string;

  @ApiProperty({
    description: 'What the customer was told on acknowledgement',
    example: 'Received; we call back within 24 hours.',
    maxLength: 2000,
  })
  @Text(2000)
  acknowledgement!: string;

  @ApiPropertyOptional({ enum: complaintCategories, description: 'Reclassify, if registration got it wrong' })
  @IsOptional()
  @IsIn(complaintCategories)
  category?: ComplaintCategory;

  @ApiPropertyOptional({ enum: severities, description: 'Reclassify, if registration got it wrong', example: 'high' })
  @IsOptional()
  @IsIn(severities)
  severity?: Severity;

  @ApiPropertyOptional({ type: [String], example: ['photo-flange-leak.jpg'], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  evidence?: string[];
}

export class ResponsiblePartyDto {
  @ApiProperty({ enum: ['internal', 'supplier'], example: 'supplier' })
  @IsIn(['internal', 'supplier'])
  type!: 'internal' | 'supplier';

  @ApiPropertyOptional({ description: 'Required when type is internal', example: 'assembly', maxLength: 100 })
  @ValidateIf((party: ResponsiblePartyDto) => party.type === 'internal')
  @Text(100)
  department?: string;

  @ApiPropertyOptional({ description: 'Required when type is supplier', example: 'sup-casting-01', maxLength: 100 })
  @ValidateIf((party: ResponsiblePartyDto) => party.type === 'supplier')
  @Text(100)
  supplierId?: string;
}

export class AnalyseStepDto extends WriteDto {
  static readonly example = {
    rootCause: 'Gas porosity in the flange casting of lot 2311 was not caught: incoming inspection sampled below plan.',
    causeCategory: 'material',
    responsibleParty: { type: 'internal', department: 'incoming-inspection' },
    containmentAction: 'Quarantine lot 2311 at our warehouse and at the customer; 100 % pressure test of stock.',
  };

  @ApiProperty({ example: 'Gas porosity in the flange casting.', maxLength: 5000 })
  @Text(5000)
  rootCause!: string;

  @ApiProperty({
    enum: causeCategories,
    description: 'Man, machine, material, method, measurement, environment',
    example: 'material',
  })
  @IsIn(causeCategories)
  causeCategory!: CauseCategory;

  @ApiProperty({ type: ResponsiblePartyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ResponsiblePartyDto)
  responsibleParty!: ResponsiblePartyDto;

  @ApiPropertyOptional({ example: 'Quarantine lot 2311.', maxLength: 5000 })
  @IsOptional()
  @Text(5000)
  containmentAction?: string;
}

export class ActionDto {
  @ApiProperty({ enum: actionKinds, example: 'corrective' })
  @IsIn(actionKinds)
  kind!: ActionKind;

  @ApiProperty({
    example: 'Supplier restores the degassing step; we pressure-test every incoming casting for three lots.',
    maxLength: 2000,
  })
  @Text(2000)
  description!: string;

  @ApiProperty({ example: 'zhao.scm', maxLength: 100 })
  @Text(100)
  owner!: string;

  @ApiProperty({ description: 'ISO-8601 date', example: '2026-12-15' })
  @IsISO8601({ strict: true })
  dueDate!: string;
}

export class ResolveStepDto extends WriteDto {
  static readonly example = {
    summary: 'Replace the 40 valves; supplier corrects degassing; incoming pressure test added.',
    actions: [
      {
        kind: 'containment',
        description: 'Ship 40 replacement valves from tested stock.',
        owner: 'li.wei',
        dueDate: '2026-11-25',
      },
      {
        kind: 'corrective',
        description: 'Supplier restores the degassing step (SCAR-118).',
        owner: 'zhao.scm',
        dueDate: '2026-12-15',
      },
      {
        kind: 'preventive',
        description: 'Add a 6 bar pressure test to incoming inspection of castings.',
        owner: 'qa.lab',
        dueDate: '2026-12-01',
      },
    ],
  };

  @ApiProperty({ example: 'Replace the valves; supplier corrects degassing.', maxLength: 5000 })
  @Text(5000)
  summary!: string;

  @ApiProperty({ type: [ActionDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionDto)
  actions!: ActionDto[];
}

export class VerifyStepDto extends WriteDto {
  static readonly example = {
    effective: true,
    notes: 'Three lots (600 castings) passed the 6 bar test; the customer reports no further leaks.',
  };

  @ApiProperty({ description: 'Did the actions remove the problem? No sends the case back.', example: true })
  @IsBoolean()
  effective!: boolean;

  @ApiProperty({ example: 'Three lots passed the 6 bar test.', maxLength: 5000 })
  @Text(5000)
  notes!: string;

  @ApiPropertyOptional({
    enum: returnSteps,
    description: 'Where an ineffective resolution goes back to (default analyse)',
  })
  @IsOptional()
  @IsIn(returnSteps)
  returnTo?: ReturnStep;
}

export class FeedbackStepDto extends WriteDto {
  static readonly example = {
    satisfied: true,
    satisfactionScore: 4,
    customerResponse: 'Replacement arrived quickly; please keep us informed about the supplier action.',
    contactChannel: 'email',
  };

  @ApiProperty({ description: 'An unsatisfied customer reopens the case', example: true })
  @IsBoolean()
  satisfied!: boolean;

  @ApiProperty({ minimum: satisfactionScale.min, maximum: satisfactionScale.max, example: 4 })
  @IsInt()
  @Min(satisfactionScale.min)
  @Max(satisfactionScale.max)
  satisfactionScore!: number;

  @ApiProperty({ example: 'Replacement arrived quickly.', maxLength: 5000 })
  @Text(5000)
  customerResponse!: string;

  @ApiProperty({ enum: channels, example: 'email' })
  @IsIn(channels)
  contactChannel!: Channel;
}

export class ArchiveStepDto extends WriteDto {
  static readonly example = {
    lessonsLearned: 'Castings need a pressure test at intake whenever a supplier changes a special process.',
    customerRecordRef: 'CUST-0042/2026/017',
  };

  @ApiProperty({ example: 'Pressure-test castings at intake after any process change.', maxLength: 5000 })
  @Text(5000)
  lessonsLearned!: string;

  @ApiPropertyOptional({
    description: 'Where the case is filed in the customer record',
    example: 'CUST-0042/2026/017',
    maxLength: 200,
  })
  @IsOptional()
  @Text(200)
  customerRecordRef?: string;
}
