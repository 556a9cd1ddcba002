import { Body, Controller, Get, Param, Query, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ComplaintRequest } from '../../../libs/contracts/index.js';
import { complaintActionRoles, globalActionRoles, type ComplaintStep } from '../../../libs/domain/index.js';
import { CallerContext, entityRequest, type Caller } from '../http/request-context.js';
import { Allow } from '../http/access.js';
import { dataOf, EntityRoute, plain, problems, ReadRoute, RegisterRoute, Secured } from '../http/routes.js';
import { ComplaintsService } from './complaints.service.js';
import { CaseRefPipe } from './case-ref.js';
import {
  AssignDto,
  CommentDto,
  ContainmentDto,
  CustomerWaitDto,
  EndCustomerWaitDto,
  EscalateDto,
  DeescalateDto,
  ReopenDto,
  SeverityDto,
  WithdrawDto,
} from './dto/case-actions.dto.js';
import { CaseCommentsDto, ComplaintViewDto } from './dto/complaint-view.dto.js';
import { CaseHistoryDto } from './dto/case-history.dto.js';
import { CaseListDto } from './dto/case-list.dto.js';
import { RegisterComplaintDto } from './dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from './dto/step-bodies.dto.js';
import type { WriteDto } from '../dto/write.dto.js';
import { StateQueryDto } from '../dto/state-query.dto.js';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.js';
import { decodeCursor } from '../../../libs/projections/index.js';

/** A case's id or number; one that names no case is a 404. */
const CaseId = () => Param('id', CaseRefPipe);

/** `POST /complaints/:id/<path>`: acts on the case, answers the case as it now is. */
const CaseRoute = (path: string, type: Type & { example: object }, summary: string, status = 200) =>
  EntityRoute(`:id/${path}`, type, summary, ComplaintViewDto, status);

const StepRoute = (step: ComplaintStep, type: Type & { example: object }, summary: string) =>
  CaseRoute(`steps/${step}`, type, summary);

@ApiTags('complaints')
@Secured()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Allow(...globalActionRoles['register-complaint'])
  @RegisterRoute(RegisterComplaintDto, 'Register a complaint: the case opens at the identify step', ComplaintViewDto)
  register(@Body() dto: RegisterComplaintDto, @CallerContext() caller: Caller) {
    return this.complaints.register(plain(dto), caller);
  }

  @Get()
  @ApiOperation({
    summary:
      'The case list and inboxes, from the read model: filter by step, owner, severity, supplier, overdue, escalated, free text',
  })
  @ApiOkResponse({ type: CaseListDto, description: 'A page of case summaries, each with its SLA state' })
  @problems(400)
  list(@Query() query: ListComplaintsQueryDto) {
    const { limit, offset, sort, cursor, count, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, sort ?? 'registeredAt');
    return this.complaints.list(
      filter,
      { limit, offset, ...(after && { cursor: after }), count: count ?? (after ? 'bounded' : 'exact') },
      sort,
    );
  }

  @ReadRoute.current(
    'The case as it is now, with its SLA clocks and escalation level, and what the caller may do to it now',
    ComplaintViewDto,
  )
  get(@CaseId() id: string, @CallerContext() caller: Caller) {
    return this.complaints.get(id, caller);
  }

  @ReadRoute.history("The case's domain events in order, with actor, time and hash", CaseHistoryDto)
  history(@CaseId() id: string) {
    return this.complaints.history(id);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: 'The notes on the case file, oldest first, each with who wrote it and when' })
  @ApiOkResponse({ type: CaseCommentsDto })
  @problems(400, 404, 500)
  comments(@CaseId() id: string) {
    return this.complaints.comments(id);
  }

  @ReadRoute.asOf(
    'The case as the record stood at an instant (asOf) or after a revision, its SLA clocks read as they stood then',
    ComplaintViewDto,
  )
  state(@CaseId() id: string, @Query() query: StateQueryDto) {
    return this.complaints.stateAsOf(id, query);
  }

  @ReadRoute.audit(
    "Verifies the case's hash chain (naming the first bad event) and cross-checks every event with the Temporal history of the run that wrote it",
  )
  audit(@CaseId() id: string) {
    return this.complaints.audit(id);
  }

  @Allow(...complaintActionRoles.identify)
  @StepRoute('identify', IdentifyStepDto, 'Complete identify: acknowledge, assign an owner, confirm the classification')
  identify(@CaseId() id: string, @Body() dto: IdentifyStepDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'CompleteIdentification', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.analyse)
  @StepRoute(
    'analyse',
    AnalyseStepDto,
    'Complete analyse: root cause, cause category, responsible party (internal or a supplier)',
  )
  analyse(@CaseId() id: string, @Body() dto: AnalyseStepDto, @CallerContext() caller: Caller) {
    const { responsibleParty: party, ...rest } = dataOf(dto);
    const responsibleParty =
      party.type === 'internal'
        ? { type: 'internal' as const, department: party.department! }
        : { type: 'supplier' as const, supplierId: party.supplierId! };
    return this.act(id, { type: 'CompleteAnalysis', data: { ...rest, responsibleParty } }, dto, caller);
  }

  @Allow(...complaintActionRoles.resolve)
  @StepRoute(
    'resolve',
    ResolveStepDto,
    'Complete resolve: the containment, corrective and preventive actions implemented',
  )
  resolve(@CaseId() id: string, @Body() dto: ResolveStepDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'CompleteResolution', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.verify)
  @StepRoute(
    'verify',
    VerifyStepDto,
    'Complete verify, by someone other than the implementer; ineffective sends the case back',
  )
  verify(@CaseId() id: string, @Body() dto: VerifyStepDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'CompleteVerification', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.feedback)
  @StepRoute(
    'feedback',
    FeedbackStepDto,
    "Complete feed back: the customer's response; an unsatisfied customer reopens the case",
  )
  feedback(@CaseId() id: string, @Body() dto: FeedbackStepDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'CompleteFeedback', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.archive)
  @StepRoute('archive', ArchiveStepDto, 'Complete archive: close the case and file it in the customer record')
  archive(@CaseId() id: string, @Body() dto: ArchiveStepDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'ArchiveComplaint', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.assign)
  @CaseRoute('assign', AssignDto, 'Reassign the case to another owner')
  assign(@CaseId() id: string, @Body() dto: AssignDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'ReassignComplaint', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.comment)
  @CaseRoute('comments', CommentDto, 'Add a note to the case file', 201)
  comment(@CaseId() id: string, @Body() dto: CommentDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'AddComment', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.escalate)
  @CaseRoute(
    'escalate',
    EscalateDto,
    'Escalate by hand: one rung up the ladder, or to the rung named; that person is notified',
  )
  escalate(@CaseId() id: string, @Body() dto: EscalateDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'EscalateComplaint', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles['de-escalate'])
  @CaseRoute(
    'de-escalate',
    DeescalateDto,
    'De-escalate on purpose: down to the rung named, or off the ladder; the level a case reached holds until then',
  )
  deescalate(@CaseId() id: string, @Body() dto: DeescalateDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'DeescalateComplaint', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.severity)
  @CaseRoute(
    'severity',
    SeverityDto,
    'Change the severity: every running SLA clock is re-planned, keeping the time already spent',
  )
  severity(@CaseId() id: string, @Body() dto: SeverityDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'ChangeSeverity', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.wait)
  @CaseRoute(
    'customer-wait',
    CustomerWaitDto,
    'Wait on the customer: the SLA clocks pause until the wait ends or a step is completed',
  )
  startWaiting(@CaseId() id: string, @Body() dto: CustomerWaitDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'StartWaitingOnCustomer', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles['end-wait'])
  @CaseRoute('customer-wait/end', EndCustomerWaitDto, 'The customer answered: the SLA clocks run again')
  stopWaiting(@CaseId() id: string, @Body() dto: EndCustomerWaitDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'StopWaitingOnCustomer', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.contain)
  @CaseRoute(
    'containment',
    ContainmentDto,
    'Record what was done to protect the customer now (in identify or analyse, once): the containment clock stops',
  )
  contain(@CaseId() id: string, @Body() dto: ContainmentDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'RecordContainment', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...complaintActionRoles.withdraw)
  @CaseRoute('withdraw', WithdrawDto, 'Close the case as invalid, or as a duplicate of the surviving case it names')
  withdraw(@CaseId() id: string, @Body() dto: WithdrawDto, @CallerContext() caller: Caller) {
    return this.complaints.withdraw(
      id,
      this.request({ type: 'WithdrawComplaint', data: dataOf(dto) }, dto, caller),
      caller.idempotencyKey,
    );
  }

  @Allow(...complaintActionRoles.reopen)
  @CaseRoute('reopen', ReopenDto, 'Reopen an archived or withdrawn case (supervisor): it returns to analyse or resolve')
  reopen(@CaseId() id: string, @Body() dto: ReopenDto, @CallerContext() caller: Caller) {
    return this.complaints.reopen(
      id,
      this.request({ type: 'ReopenComplaint', data: dataOf(dto) }, dto, caller),
      caller.idempotencyKey,
    );
  }

  private request(command: ComplaintRequest['command'], dto: WriteDto, caller: Caller): ComplaintRequest {
    return entityRequest(command, caller, dto.expectedRevision);
  }

  private act(id: string, command: ComplaintRequest['command'], dto: WriteDto, caller: Caller) {
    return this.complaints.execute(id, this.request(command, dto, caller), caller.idempotencyKey);
  }
}
