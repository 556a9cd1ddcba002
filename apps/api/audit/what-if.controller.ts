import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';
import { defaultSlaPolicyDocument, InvalidPolicy, parseSlaPolicy, type SlaPolicy } from '../../../libs/domain/index.js';
import { ReadOnly } from '../http/access.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { invalidPolicy } from '../problems/problem.js';
import { problems, Secured } from '../http/routes.js';
import { WhatIfReportDto } from './dto/what-if-report.dto.js';

export class WhatIfDto {
  @ApiProperty({
    description: 'An SLA policy document, as in SLA_POLICY_PATH (JSON); the example is the built-in default',
    example: defaultSlaPolicyDocument,
  })
  @IsObject()
  policy!: object;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only cases registered from this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only cases registered before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('audit')
@Secured()
@Controller('audit')
export class WhatIfController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post('what-if')
  @HttpCode(200)
  @ReadOnly()
  @ApiOperation({
    summary:
      "Re-runs past cases' SLA clocks under another policy: which would have breached or escalated, and which clocks would have been due at other times (a calendar change moves due times). Changes nothing.",
  })
  @ApiBody({
    type: WhatIfDto,
    examples: { example: { value: { policy: defaultSlaPolicyDocument, from: '2026-01-01T00:00:00Z' } } },
  })
  @ApiOkResponse({
    type: WhatIfReportDto,
    description: 'Per case: the outcome as it ran and under the policy, and the clocks due at another time',
  })
  @problems(400, 415, 422)
  whatIf(@Body() dto: WhatIfDto): Promise<WhatIfReportDto> {
    let policy: SlaPolicy;
    try {
      policy = parseSlaPolicy(dto.policy);
    } catch (error) {
      if (!(error instanceof InvalidPolicy)) throw error;
      throw invalidPolicy(error);
    }
    return this.complaints.whatIf(policy, { from: dto.from, to: dto.to });
  }
}
