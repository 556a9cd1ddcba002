import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ComplaintRequest } from '../../../libs/contracts/index.js';
import { Actor, IdempotencyKey, IfMatchRevision } from '../request-context.js';
import { validationProblem } from '../problems/problem.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { ComplaintsService } from './complaints.service.js';
import { ComplaintViewDto } from './dto/complaint-view.dto.js';
import { RegisterComplaintDto } from './dto/register-complaint.dto.js';
import { AnalyseStepDto, ArchiveStepDto, FeedbackStepDto, IdentifyStepDto, ResolveStepDto, VerifyStepDto } from './dto/step-bodies.dto.js';
import type { StepDto } from './dto/step.dto.js';

const CaseId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => validationProblem([{ field: 'id', message: 'must be a UUID' }]) }));

const bodyWithExample = (type: Type & { example: object }) => ApiBody({ type, examples: { example: { value: type.example } } });

const problems = (...statuses: number[]) => (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
  for (const status of statuses) ApiResponse({ status, type: ProblemDto, description: 'application/problem+json' })(target, key!, descriptor!);
};

const writeHeaders = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiHeader({ name: 'X-Actor', required: false, description: 'Who acts (until authentication is enabled)' })(target, key, descriptor);
  ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the request with the same key: same answer, nothing done twice' })(target, key, descriptor);
};

/** The command's data is the validated body without the transport's own fields. */
const dataOf = <T extends StepDto>(dto: T): Omit<T, 'expectedRevision'> => {
  const { expectedRevision: _, ...data } = dto;
  return JSON.parse(JSON.stringify(data)) as Omit<T, 'expectedRevision'>;
};

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a complaint: the case opens at the identify step' })
  @bodyWithExample(RegisterComplaintDto)
  @ApiCreatedResponse({ type: ComplaintViewDto })
  @problems(400, 409, 503)
  @writeHeaders
  register(@Body() dto: RegisterComplaintDto, @Actor() actor: string, @IdempotencyKey() key?: string) {
    return this.complaints.register(JSON.parse(JSON.stringify(dto)) as RegisterComplaintDto, actor, key);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The case as it is now' })
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404)
  get(@CaseId() id: string) {
    return this.complaints.get(id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's domain events in order, with actor, time and hash" })
  @problems(400, 404)
  history(@CaseId() id: string) {
    return this.complaints.history(id);
  }

  @Post(':id/steps/identify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete identify: acknowledge, assign an owner, confirm the classification' })
  @bodyWithExample(IdentifyStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  identify(@CaseId() id: string, @Body() dto: IdentifyStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteIdentification', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @Post(':id/steps/analyse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete analyse: root cause, cause category, responsible party (internal or a supplier)' })
  @bodyWithExample(AnalyseStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  analyse(@CaseId() id: string, @Body() dto: AnalyseStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    const { responsibleParty: party, ...rest } = dataOf(dto);
    const responsibleParty = party.type === 'internal' ? { type: 'internal' as const, department: party.department! } : { type: 'supplier' as const, supplierId: party.supplierId! };
    return this.step(id, { type: 'CompleteAnalysis', data: { ...rest, responsibleParty } }, dto, actor, key, ifMatch);
  }

  @Post(':id/steps/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete resolve: the containment, corrective and preventive actions implemented' })
  @bodyWithExample(ResolveStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  resolve(@CaseId() id: string, @Body() dto: ResolveStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteResolution', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @Post(':id/steps/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete verify, by someone other than the implementer; ineffective sends the case back' })
  @bodyWithExample(VerifyStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  verify(@CaseId() id: string, @Body() dto: VerifyStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteVerification', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @Post(':id/steps/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: "Complete feed back: the customer's response; an unsatisfied customer reopens the case" })
  @bodyWithExample(FeedbackStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  feedback(@CaseId() id: string, @Body() dto: FeedbackStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteFeedback', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @Post(':id/steps/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete archive: close the case and file it in the customer record' })
  @bodyWithExample(ArchiveStepDto)
  @ApiOkResponse({ type: ComplaintViewDto })
  @problems(400, 404, 409, 422, 503)
  @writeHeaders
  archive(@CaseId() id: string, @Body() dto: ArchiveStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'ArchiveComplaint', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  private step(id: string, command: ComplaintRequest['command'], dto: StepDto, actor: string, key?: string, ifMatch?: number) {
    return this.complaints.execute(id, { command, actor, expectedRevision: dto.expectedRevision ?? ifMatch }, key);
  }
}
