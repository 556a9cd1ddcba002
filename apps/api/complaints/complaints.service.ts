import type { PersonalTextField } from '../../../libs/domain/index.js';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { supplierStreamId, type ComplaintCaseInput, type ComplaintRequest } from '../../../libs/contracts/index.js';
import { upcastEvent } from '../../../libs/contracts/upcasting.js';
import type { CommentAdded, ComplaintDetails, SlaPolicy } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { idFromKey } from '../../../libs/support/stable-id.js';
import { problemSaying } from '../problems/problem.js';
import { readComplaintStreams, whatIf, type WhatIfReport } from '../../../libs/audit/index.js';
import {
  listCases,
  type CaseListFilter,
  type CaseSort,
  type CasePage,
  type ReadModels,
} from '../../../libs/projections/index.js';
import type { CaseListing } from '../../../libs/contracts/read-views.js';
import { PoliciesService } from '../policies/policies.service.js';
import { EntityServices, type ServiceOf } from '../entities/entity-service.js';
import { complaintDescriptor, type ComplaintView } from './complaint-view.js';
import { caseIdOf } from './case-ref.js';
import { PersonalTexts } from '../customers/personal-texts.js';
import { CustomersService, type NamedCustomer } from '../customers/customers.service.js';

/** Which field of which command is free text the policy may mark personal (PERSONAL_TEXT), and under what name. */
const personalTextOf = {
  AddComment: ['text', 'comments'],
  CompleteFeedback: ['customerResponse', 'customer-response'],
  AnswerFeedbackLink: ['comment', 'customer-response'],
} as const satisfies Partial<Record<ComplaintRequest['command']['type'], readonly [string, PersonalTextField]>>;

@Injectable()
export class ComplaintsService {
  private readonly cases: ServiceOf<typeof complaintDescriptor>;

  constructor(
    entities: EntityServices,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly policies: PoliciesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customers: CustomersService,
    private readonly texts: PersonalTexts,
  ) {
    this.cases = entities.serve(complaintDescriptor);
  }

  /** Starts the case's workflow and registers the complaint in one atomic Update-with-Start, under the SLA policy in force now. */
  async register(
    { customer: named, ...details }: Omit<ComplaintDetails, 'customer'> & { customer: NamedCustomer },
    caller: Caller,
  ): Promise<ComplaintView> {
    const { idempotencyKey } = caller;
    if (details.supplierId) await this.requireSupplier(details.supplierId, 'supplierId');
    if (details.receivedAt) this.requireRecentReceipt(details.receivedAt);
    const complaintId = idempotencyKey ? idFromKey('complaint', idempotencyKey) : randomUUID();
    const { policy: slaPolicy } = await this.policies.current('sla');
    // The complaint keeps the customer's name as it was then, beside the id its file is kept under.
    const { id, name } = await this.customers.customerOfComplaint(named, caller);
    const customer = {
      id,
      name,
      ...(named.contact ? { contact: await this.customers.sealFor(id, named.contact) } : {}),
    };
    const description = await this.texts.textFor(id, 'description', details.description as string);
    const data = { complaintId, ...details, description, customer, slaPolicy };
    const request: ComplaintRequest = entityRequest({ type: 'RegisterComplaint' as const, data }, caller);
    return this.cases.register(complaintId, request, { complaintId } satisfies ComplaintCaseInput, idempotencyKey);
  }

  /** Sends the step's command to the case's workflow as an Update; the workflow decides and appends. */
  async execute(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    const { command } = request;
    if (command.type === 'CompleteAnalysis' && command.data.responsibleParty.type === 'supplier')
      await this.requireSupplier(command.data.responsibleParty.supplierId, 'responsibleParty.supplierId');
    return this.cases.execute(complaintId, await this.withPersonalText(complaintId, request), idempotencyKey);
  }

  /** The request with the free text the policy marks personal sealed under the case's customer's key (see `textFor`). */
  async withPersonalText(complaintId: string, request: ComplaintRequest): Promise<ComplaintRequest> {
    const { command } = request;
    const marked = personalTextOf[command.type as keyof typeof personalTextOf];
    if (!marked) return request;
    const [name, field] = marked;
    const data = command.data as unknown as Record<string, string>;
    const customerId = (await this.cases.find(complaintId))?.customer.id;
    const text = await this.texts.textFor(customerId, field, data[name]!);
    return { ...request, command: { ...command, data: { ...data, [name]: text } } as ComplaintRequest['command'] };
  }

  /** A receipt long past is not a clock to start now: the deployment says how far back one may be (RECEIVED_AT_MAX_AGE). */
  private requireRecentReceipt(receivedAt: string): void {
    const maxAgeMs = this.config.receivedAtMaxAgeMs;
    if (Date.parse(receivedAt) < Date.now() - maxAgeMs)
      throw problemSaying(
        'rule-violated',
        'received-too-long-ago',
        { days: Math.round((maxAgeMs / 86_400_000) * 100) / 100 },
        { field: 'receivedAt' },
      );
  }

  /** A case names only a supplier that is registered, or its supplier scoring would silently miss it. */
  private async requireSupplier(supplierId: string, field: string): Promise<void> {
    const [first] = await this.store.readStream(supplierStreamId(supplierId), { maxCount: 1 });
    if (!first)
      throw problemSaying('rule-violated', 'named-supplier-not-registered', { id: supplierId }, { field, supplierId });
  }

  /** A duplicate must name a case that exists, or the link would lead nowhere. */
  async withdraw(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    const { command } = request;
    const named = command.type === 'WithdrawComplaint' ? command.data.duplicateOf : undefined;
    if (!named) return this.execute(complaintId, request, idempotencyKey);
    const nowhere = () =>
      problemSaying('rule-violated', 'surviving-case-not-found', { id: named }, { field: 'duplicateOf' });
    const survivor = await caseIdOf(this.store, named).catch(() => {
      throw nowhere();
    });
    if (survivor !== complaintId && !(await this.cases.find(survivor))) throw nowhere();
    const linked = { ...command, data: { ...command.data, duplicateOf: survivor } } as typeof command;
    return this.execute(complaintId, { ...request, command: linked }, idempotencyKey);
  }

  /** A closed case's workflow has ended: reopening reaches it all the same; an open case refuses it. */
  reopen(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    return this.cases.executeOnAnyRun(complaintId, request, idempotencyKey);
  }

  /** What the customer wrote: on an open case, or on a closed one, whose workflow starts again to take it. */
  recordCustomerMessage(
    complaintId: string,
    request: ComplaintRequest,
    idempotencyKey: string,
  ): Promise<ComplaintView> {
    return this.cases.executeOnAnyRun(complaintId, request, idempotencyKey);
  }

  /** The case's events as stored, oldest first. */
  events(complaintId: string) {
    return this.cases.events(complaintId);
  }

  /** The case as it is now, or undefined when there is none. */
  find(complaintId: string): Promise<ComplaintView | undefined> {
    return this.cases.find(complaintId);
  }

  /** The case as it is now, with what this caller may do to it. */
  get(complaintId: string, caller: Caller): Promise<ComplaintView> {
    return this.cases.get(complaintId, caller);
  }

  /** The case list and inboxes, from the read model (a moment behind the store: see /health/ready). */
  async list(
    { customerId, ...filter }: CaseListFilter & { customerId?: string },
    page: CasePage,
    sort?: CaseSort,
  ): Promise<CaseListing> {
    const customerIds = customerId === undefined ? undefined : await this.customers.fileIdsOf(customerId);
    return listCases(this.readModels, { ...filter, customerIds }, page, { sort });
  }

  async history(complaintId: string) {
    return { complaintId, events: await this.cases.history(complaintId) };
  }

  /** The notes live in the case's history, not in its state: read from the record, oldest first. */
  async comments(complaintId: string) {
    const notes = (await this.cases.events(complaintId)).filter((event) => event.type === 'CommentAdded');
    return {
      complaintId,
      comments: notes.map((event) => {
        const { text, by, at } = upcastEvent(event).data as CommentAdded['data'];
        return { text, by, at, revision: event.revision };
      }),
    };
  }

  /** The case as the record stood at an instant or after a revision, its clocks read as they stood then. */
  stateAsOf(complaintId: string, query: { asOf?: string; revision?: number }): Promise<ComplaintView> {
    return this.cases.stateAsOf(complaintId, query);
  }

  audit(complaintId: string) {
    return this.cases.audit(complaintId);
  }

  /** Every case's SLA clocks re-run under another policy: which would have breached or escalated. */
  async whatIf(policy: SlaPolicy, range: { from?: string; to?: string }): Promise<WhatIfReport> {
    return whatIf(await readComplaintStreams(this.store, range), policy);
  }
}
