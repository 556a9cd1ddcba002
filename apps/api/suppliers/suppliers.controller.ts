import { Body, Controller, Get, Param, Query, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SupplierRequest } from '../../../libs/contracts/index.js';
import { fieldError, validationProblem } from '../problems/problem.js';
import { CallerContext, entityRequest, type Caller } from '../http/request-context.js';
import { Allow } from '../http/access.js';
import { globalActionRoles, supplierActionRoles } from '../../../libs/domain/index.js';
import { dataOf, EntityRoute, plain, problems, ReadRoute, RegisterRoute, Secured } from '../http/routes.js';
import type { WriteDto } from '../dto/write.dto.js';
import {
  CorrectiveActionResponseDto,
  PerformanceDto,
  RegisterSupplierDto,
  RequalifyDto,
  ScoresDto,
  RequestEvaluationDto,
  supplierIdPattern,
} from './dto/supplier-bodies.dto.js';
import { SupplierViewDto } from './dto/supplier-view.dto.js';
import { SupplierHistoryDto } from './dto/supplier-history.dto.js';
import { SupplierListDto } from './dto/supplier-list.dto.js';
import { SuppliersService } from './suppliers.service.js';
import { StateQueryDto } from '../dto/state-query.dto.js';
import { ListSuppliersQueryDto } from './dto/list-suppliers.query.js';

export const SupplierId = () =>
  Param('id', {
    transform: (value: string) => {
      if (!supplierIdPattern.test(value)) throw validationProblem([fieldError('id', 'supplier-id-path')]);
      return value;
    },
  });

/** `POST /suppliers/:id/<path>`: acts on the supplier, answers it as it now is. */
const SupplierRoute = (path: string, type: Type & { example: object }, summary: string, status = 200) =>
  EntityRoute(`:id/${path}`, type, summary, SupplierViewDto, status);

@ApiTags('suppliers')
@Secured()
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Allow(...globalActionRoles['register-supplier'])
  @RegisterRoute(
    RegisterSupplierDto,
    'Register a supplier: its re-evaluation cycle starts, with a first evaluation at once',
    SupplierViewDto,
  )
  register(@Body() dto: RegisterSupplierDto, @CallerContext() caller: Caller) {
    return this.suppliers.register(plain(dto), caller);
  }

  @Get()
  @ApiOperation({
    summary:
      'Supplier scorecards from the read model: grade, status, score, next evaluation, open and overdue corrective actions',
  })
  @ApiOkResponse({ type: SupplierListDto, description: 'A page of scorecards' })
  @problems(400)
  list(@Query() query: ListSuppliersQueryDto) {
    const { limit, offset, ...filter } = query;
    return this.suppliers.list(filter, { limit, offset });
  }

  @ReadRoute.audit(
    "Verifies the supplier's hash chain and cross-checks every event with the Temporal history of the run that wrote it",
  )
  audit(@SupplierId() id: string) {
    return this.suppliers.audit(id);
  }

  @ReadRoute.current('The supplier as it is now, and what the caller may do to it now', SupplierViewDto)
  get(@SupplierId() id: string, @CallerContext() caller: Caller) {
    return this.suppliers.get(id, caller);
  }

  @ReadRoute.history("The supplier's events in order, with actor, time and hash", SupplierHistoryDto)
  history(@SupplierId() id: string) {
    return this.suppliers.history(id);
  }

  @ReadRoute.asOf('The supplier as the record stood at an instant (asOf) or after a revision', SupplierViewDto)
  state(@SupplierId() id: string, @Query() query: StateQueryDto) {
    return this.suppliers.stateAsOf(id, query);
  }

  @Allow(...supplierActionRoles['record-performance'])
  @SupplierRoute(
    'performance',
    PerformanceDto,
    'Record performance: deliveries, on-time deliveries, units received and rejected',
    201,
  )
  performance(@SupplierId() id: string, @Body() dto: PerformanceDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'RecordPerformance', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...supplierActionRoles['start-evaluation'])
  @SupplierRoute(
    'evaluations',
    RequestEvaluationDto,
    'Start a re-evaluation now; it is measured on the records since the last one when its scores are submitted',
    201,
  )
  requestEvaluation(@SupplierId() id: string, @Body() dto: RequestEvaluationDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'RequestEvaluation', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...supplierActionRoles['submit-scores'])
  @SupplierRoute(
    'evaluations/current/scores',
    ScoresDto,
    "An engineer's scores for the open evaluation: it is graded at once, with the records up to now",
  )
  submitScores(@SupplierId() id: string, @Body() dto: ScoresDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'SubmitScores', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...supplierActionRoles['respond-corrective-action'])
  @SupplierRoute(
    'corrective-actions/:actionId/response',
    CorrectiveActionResponseDto,
    "The supplier's answer to a corrective action request",
  )
  respond(
    @SupplierId() id: string,
    @Param('actionId') actionId: string,
    @Body() dto: CorrectiveActionResponseDto,
    @CallerContext() caller: Caller,
  ) {
    return this.act(id, { type: 'RespondToCorrectiveAction', data: { actionId, ...dataOf(dto) } }, dto, caller);
  }

  @Allow(...supplierActionRoles.requalify)
  @SupplierRoute(
    'requalify',
    RequalifyDto,
    'Requalify a disqualified supplier, on the record; an evaluation opens at once',
  )
  requalify(@SupplierId() id: string, @Body() dto: RequalifyDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'RequalifySupplier', data: dataOf(dto) }, dto, caller);
  }

  private act(id: string, command: SupplierRequest['command'], dto: WriteDto, caller: Caller) {
    return this.suppliers.execute(id, entityRequest(command, caller, dto.expectedRevision), caller.idempotencyKey);
  }
}
