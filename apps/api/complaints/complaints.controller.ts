import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ComplaintRequest } from '../../../libs/contracts/index.js';
import type { ComplaintStep } from '../../../libs/domain/index.js';
import { Actor, IdempotencyKey, IfMatchRevision } from '../request-context.js';
import { validationProblem } from '../problems/problem.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { ComplaintsService } from './complaints.service.js';
import { ComplaintViewDto } from './dto/complaint-view.dto.js';
import { RegisterComplaintDto } from './dto/register-complaint.dto.js';
import { AnalyseStepDto, ArchiveStepDto, FeedbackStepDto, IdentifyStepDto, ResolveStepDto, VerifyStepDto } from './dto/step-bodies.dto.js';
import type { StepDto } from './dto/step.dto.js';

const CaseId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => validationProblem([{ field: 'id', message: 'must be a UUID' }]) }));

const problems = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, type: ProblemDto, description: 'application/problem+json' })));

const writeHeaders = () =>
  applyDecorators(
    ApiHeader({ name: 'X-Actor', required: false, description: 'Who acts (until authentication is enabled)' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the request with the same key: same answer, nothing done twice' }),
  );

/** A write whose body is `type`, documented with the example the end-to-end tests also send. */
const Write = (type: Type & { example: object }, summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiBody({ type, examples: { example: { value: type.example } } }),
    problems(400, 404, 409, 422, 503),
    writeHeaders(),
  );

/** `POST /complaints/:id/steps/<step>`: completes that step, answers the case as it now is. */
const StepRoute = (step: ComplaintStep, type: Type & { example: object }, summary: string) =>
  applyDecorators(Post(`:id/steps/${step}`), HttpCode(200), Write(type, summary), ApiOkResponse({ type: ComplaintViewDto }));

/** A validated DTO as plain data for a command: no class instances, no undefined fields. */
const plain = <T>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;

/** A step's command data is its body without the transport's own fields. */
const dataOf = <T extends StepDto>(dto: T): Omit<T, 'expectedRevision'> => {
  const { expectedRevision: _, ...data } = dto;
  return plain(data);
};

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @HttpCode(201)
  @Write(RegisterComplaintDto, 'Register a complaint: the case opens at the identify step')
  @ApiCreatedResponse({ type: ComplaintViewDto })
  register(@Body() dto: RegisterComplaintDto, @Actor() actor: string, @IdempotencyKey() key?: string) {
    return this.complaints.register(plain(dto), actor, key);
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

  @StepRoute('identify', IdentifyStepDto, 'Complete identify: acknowledge, assign an owner, confirm the classification')
  identify(@CaseId() id: string, @Body() dto: IdentifyStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteIdentification', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @StepRoute('analyse', AnalyseStepDto, 'Complete analyse: root cause, cause category, responsible party (internal or a supplier)')
  analyse(@CaseId() id: string, @Body() dto: AnalyseStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    const { responsibleParty: party, ...rest } = dataOf(dto);
    const responsibleParty = party.type === 'internal' ? { type: 'internal' as const, department: party.department! } : { type: 'supplier' as const, supplierId: party.supplierId! };
    return this.step(id, { type: 'CompleteAnalysis', data: { ...rest, responsibleParty } }, dto, actor, key, ifMatch);
  }

  @StepRoute('resolve', ResolveStepDto, 'Complete resolve: the containment, corrective and preventive actions implemented')
  resolve(@CaseId() id: string, @Body() dto: ResolveStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteResolution', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @StepRoute('verify', VerifyStepDto, 'Complete verify, by someone other than the implementer; ineffective sends the case back')
  verify(@CaseId() id: string, @Body() dto: VerifyStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteVerification', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @StepRoute('feedback', FeedbackStepDto, "Complete feed back: the customer's response; an unsatisfied customer reopens the case")
  feedback(@CaseId() id: string, @Body() dto: FeedbackStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'CompleteFeedback', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  @StepRoute('archive', ArchiveStepDto, 'Complete archive: close the case and file it in the customer record')
  archive(@CaseId() id: string, @Body() dto: ArchiveStepDto, @Actor() actor: string, @IdempotencyKey() key?: string, @IfMatchRevision() ifMatch?: number) {
    return this.step(id, { type: 'ArchiveComplaint', data: dataOf(dto) }, dto, actor, key, ifMatch);
  }

  private step(id: string, command: ComplaintRequest['command'], dto: StepDto, actor: string, key?: string, ifMatch?: number) {
    return this.complaints.execute(id, { command, actor, expectedRevision: dto.expectedRevision ?? ifMatch }, key);
  }
}
