import { Body, Controller, Get, Param, Query, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PoliciesService } from '../policies/policies.service.js';
import { answerReport } from '../reports/report-answer.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerActionRoles, globalActionRoles } from '../../../libs/domain/index.js';
import { StateQueryDto } from '../dto/state-query.dto.js';
import { Allow } from '../http/access.js';
import { CallerContext, type Caller } from '../http/request-context.js';
import { EntityRoute, plain, problems, ReadRoute, RegisterRoute, Secured } from '../http/routes.js';
import { fieldError, validationProblem } from '../problems/problem.js';
import {
  ChangeContactsDto,
  ChangeCustomerDetailsDto,
  customerIdPattern,
  EraseCustomerDto,
  MergeCustomerDto,
  RegisterCustomerDto,
} from './dto/customer-bodies.dto.js';
import { CustomerExportDto, CustomerHistoryDto, CustomerListDto, CustomerViewDto } from './dto/customer-view.dto.js';
import { ListCustomersQueryDto } from './dto/list-customers.query.js';
import { CustomerFileDto, CustomerFileQueryDto, CustomerFilesDto } from './dto/customer-file.dto.js';
import { CustomersService } from './customers.service.js';

export const CustomerId = () =>
  Param('id', {
    transform: (value: string) => {
      if (!customerIdPattern.test(value)) throw validationProblem([fieldError('id', 'customer-id-path')]);
      return value;
    },
  });

/** `POST /customers/:id/<path>`: acts on the customer, answers it as it now is. */
const CustomerRoute = (path: string, type: Type & { example: object }, summary: string) =>
  EntityRoute(`:id/${path}`, type, summary, CustomerViewDto);

@ApiTags('customers')
@Secured()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly policies: PoliciesService,
  ) {}

  @Allow(...globalActionRoles['register-customer'])
  @RegisterRoute(RegisterCustomerDto, 'Register a customer: a company or a person, with its contacts', CustomerViewDto)
  register(@Body() dto: RegisterCustomerDto, @CallerContext() caller: Caller) {
    const { contacts = [], ...rest } = plain(dto);
    return this.customers.register({ ...rest, contacts }, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Customers from the read model, by name, with how many complaints each brought' })
  @ApiOkResponse({ type: CustomerListDto, description: 'A page of customers' })
  @problems(400)
  list(@Query() query: ListCustomersQueryDto) {
    const { limit, offset, ...filter } = query;
    return this.customers.list(filter, { limit, offset });
  }

  @Get(':id/file')
  @ApiOperation({
    summary:
      "The customer file (客户档案): every complaint with its status, time to close and SLA met; satisfaction by period; the Pareto of causes; escalations; corrective actions open at suppliers its complaints named. As of any instant (asOf); CSV for Accept: text/csv, in the reader's language",
  })
  @ApiOkResponse({ type: CustomerFileDto })
  @problems(400, 404)
  async file(
    @CustomerId() id: string,
    @Query() query: CustomerFileQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { customer, report } = await this.customers.file(id, query);
    return answerReport({ request, response, policies: this.policies }, report, `customer-file-${customer.id}`, {
      customer,
    });
  }

  @ReadRoute.audit("Verifies the customer's hash chain and cross-checks every event with the workflow that wrote it")
  audit(@CustomerId() id: string) {
    return this.customers.audit(id);
  }

  @ReadRoute.current(
    'The customer as it is now (a merged one names where it went), and what the caller may do to it',
    CustomerViewDto,
  )
  get(@CustomerId() id: string, @CallerContext() caller: Caller) {
    return this.customers.get(id, caller);
  }

  @ReadRoute.history("The customer's events in order, with actor, time and hash", CustomerHistoryDto)
  history(@CustomerId() id: string) {
    return this.customers.history(id);
  }

  @ReadRoute.asOf('The customer as the record stood at an instant (asOf) or after a revision', CustomerViewDto)
  state(@CustomerId() id: string, @Query() query: StateQueryDto) {
    return this.customers.stateAsOf(id, query);
  }

  @Allow(...customerActionRoles['change-contacts'])
  @CustomerRoute('contacts', ChangeContactsDto, "Replace the customer's contacts with the list sent, whole")
  contacts(@CustomerId() id: string, @Body() dto: ChangeContactsDto, @CallerContext() caller: Caller) {
    return this.customers.changeContacts(id, plain(dto), caller);
  }

  @Allow(...customerActionRoles['change-details'])
  @CustomerRoute('details', ChangeCustomerDetailsDto, "Change the customer's name or outside reference")
  details(@CustomerId() id: string, @Body() dto: ChangeCustomerDetailsDto, @CallerContext() caller: Caller) {
    return this.customers.changeDetails(id, plain(dto), caller);
  }

  @Allow(...customerActionRoles.erase)
  @CustomerRoute(
    'erase',
    EraseCustomerDto,
    "Erase the customer's personal data, and that of the duplicates merged into it: their keys destroyed, so every contact, a person's name, a complaint's contact read as erased everywhere, while every audit still passes. Recorded, with the reason. Cannot be undone, so If-Match (or expectedRevision) is required",
  )
  erase(@CustomerId() id: string, @Body() dto: EraseCustomerDto, @CallerContext() caller: Caller) {
    if (dto.expectedRevision === undefined && caller.ifMatchRevision === undefined)
      throw validationProblem([fieldError('If-Match', 'if-match-required')]);
    return this.customers.erase(id, plain(dto), caller);
  }

  @Allow(...customerActionRoles.erase)
  @Get(':id/evidence')
  @ApiOperation({
    summary:
      "The files on the customer's cases (and their merged duplicates'), case by case: what an erasure may purge with it",
  })
  @ApiOkResponse({ type: CustomerFilesDto })
  @problems(400, 403, 404)
  files(@CustomerId() id: string) {
    return this.customers.files(id);
  }

  @Allow(...customerActionRoles.export)
  @Get(':id/export')
  @ApiOperation({
    summary:
      'Everything held about the customer, readable (PIPL art. 45): the customer and its merged duplicates with their events, the complaints they brought with theirs; `erasedFields` names where values were erased. Recorded as an event: the auditors see who exported',
  })
  @ApiOkResponse({ type: CustomerExportDto })
  @problems(400, 403, 404)
  async export(
    @CustomerId() id: string,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    response.setHeader('Content-Disposition', `attachment; filename="customer-${id}.json"`);
    return this.customers.export(id, caller);
  }

  @Allow(...customerActionRoles.merge)
  @CustomerRoute(
    'merge',
    MergeCustomerDto,
    'Merge this duplicate into the customer that goes on, with a reason: its complaints count there, and it answers with where it went',
  )
  merge(@CustomerId() id: string, @Body() dto: MergeCustomerDto, @CallerContext() caller: Caller) {
    return this.customers.merge(id, plain(dto), caller);
  }
}
