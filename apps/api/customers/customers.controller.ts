import { Body, Controller, Get, Param, Query, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PoliciesService } from '../policies/policies.service.js';
import { answerReport } from '../reports/report-answer.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomerRequest } from '../../../libs/contracts/index.js';
import { customerActionRoles, globalActionRoles } from '../../../libs/domain/index.js';
import type { WriteDto } from '../dto/write.dto.js';
import { StateQueryDto } from '../dto/state-query.dto.js';
import { Allow } from '../http/access.js';
import { CallerContext, entityRequest, type Caller } from '../http/request-context.js';
import { dataOf, EntityRoute, plain, problems, ReadRoute, RegisterRoute, Secured } from '../http/routes.js';
import { fieldError, validationProblem } from '../problems/problem.js';
import {
  ChangeContactsDto,
  ChangeCustomerDetailsDto,
  customerIdPattern,
  MergeCustomerDto,
  RegisterCustomerDto,
} from './dto/customer-bodies.dto.js';
import { CustomerHistoryDto, CustomerListDto, CustomerViewDto } from './dto/customer-view.dto.js';
import { ListCustomersQueryDto } from './dto/list-customers.query.js';
import { CustomerFileDto, CustomerFileQueryDto } from './dto/customer-file.dto.js';
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
    return this.act(id, { type: 'ChangeContacts', data: dataOf(dto) }, dto, caller);
  }

  @Allow(...customerActionRoles['change-details'])
  @CustomerRoute('details', ChangeCustomerDetailsDto, "Change the customer's name or outside reference")
  details(@CustomerId() id: string, @Body() dto: ChangeCustomerDetailsDto, @CallerContext() caller: Caller) {
    return this.act(id, { type: 'ChangeCustomerDetails', data: dataOf(dto) }, dto, caller);
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

  private act(id: string, command: CustomerRequest['command'], dto: WriteDto, caller: Caller) {
    return this.customers.execute(id, entityRequest(command, caller, dto.expectedRevision), caller.idempotencyKey);
  }
}
