import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { isPolicyKind, policyKinds, type PolicyKind } from '../../../libs/contracts/index.js';
import { defaultSlaPolicyDocument, globalActionRoles } from '../../../libs/domain/index.js';
import { Allow } from '../http/access.js';
import { notFound } from '../problems/problem.js';
import { CallerContext, type Caller } from '../http/request-context.js';
import { problems, Secured, Write } from '../http/routes.js';
import { PoliciesService } from './policies.service.js';
import { PolicyViewDto } from './dto/policy-view.dto.js';

export class AdoptPolicyDto {
  static readonly example = {
    policy: defaultSlaPolicyDocument,
    reason: 'Critical complaints acknowledged within the hour, per the 2026 quality review',
  };

  @ApiProperty({
    description:
      'The policy document, in the format of its file (SLA_POLICY_PATH or SUPPLIER_POLICY_PATH); the example is the built-in SLA policy',
  })
  @IsObject()
  policy!: object;

  @ApiPropertyOptional({ description: 'Why it changes: kept with the change for auditors', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}

const kindParam = ApiParam({ name: 'kind', enum: policyKinds });

const kindOf = (value: string): PolicyKind => {
  if (!isPolicyKind(value)) throw notFound('policy-kind-not-found', { kind: value });
  return value;
};

/**
 * The SLA and supplier-evaluation policies in force. Everyone may read them;
 * admins change them, each change an event in the policy's own stream.
 */
@ApiTags('policies')
@Secured()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get(':kind')
  @kindParam
  @ApiOperation({
    summary:
      'The policy in force: adopted here (who, when, why, revision) or from the configured file or built-in default',
  })
  @ApiOkResponse({ type: PolicyViewDto })
  @problems(404)
  async current(@Param('kind') kind: string) {
    return (await this.policies.current(kindOf(kind))).view;
  }

  @Get(':kind/history')
  @kindParam
  @ApiOperation({ summary: 'Every policy adopted here, oldest first' })
  @ApiOkResponse({ type: [PolicyViewDto] })
  @problems(404)
  history(@Param('kind') kind: string) {
    return this.policies.history(kindOf(kind));
  }

  @Put(':kind')
  @HttpCode(200)
  @Allow(...globalActionRoles.administer)
  @kindParam
  @Write(
    AdoptPolicyDto,
    'Adopt a policy (admin): validated like a policy file, every bad field named (422); cases registered from now on follow it, open cases keep theirs',
  )
  @ApiOkResponse({ type: PolicyViewDto, description: 'The policy now in force, as GET answers it' })
  adopt(@Param('kind') kind: string, @Body() dto: AdoptPolicyDto, @CallerContext() caller: Caller) {
    return this.policies.adopt(kindOf(kind), dto.policy, dto.reason, caller);
  }
}
