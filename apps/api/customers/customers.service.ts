import { Inject, Injectable } from '@nestjs/common';
import type { CustomerRecordInput, CustomerRequest } from '../../../libs/contracts/index.js';
import type { CustomerRow, Listing } from '../../../libs/contracts/read-views.js';
import type { Contact, CustomerDetails } from '../../../libs/domain/index.js';
import { EVENT_STORE, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import {
  customerFileIds,
  customerFileOf,
  customerNamed,
  fileFactsNow,
  fileFactsThen,
  listCustomers,
  type ReportPeriod,
  type CustomerFilter,
  type Page,
  type ReadModels,
} from '../../../libs/projections/index.js';
import { comparableName, customerIdOf, customerIdPattern } from '../../../libs/support/customer-ref.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { readableCode } from '../../../libs/support/stable-id.js';
import { EntityServices, type ServiceOf } from '../entities/entity-service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { notFound, problemSaying } from '../problems/problem.js';
import { customerDescriptor, type CustomerView } from './customer-view.js';

/** How a complaint names its customer: a registered one by id, or one to find or make by name. */
export type NamedCustomer = Readonly<{ id?: string; name?: string; contact?: string }>;

/** A merge chain longer than this is a loop, which the domain never makes. */
const maxMergeHops = 10;

/** What was typed as the one way to reach a customer, as a contact: an e-mail, a phone number, or a name. */
export const contactFrom = (text: string, customerName: string): Contact => {
  const trimmed = text.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(trimmed)) return { name: customerName, email: trimmed };
  if (/^\+?[0-9 ().-]{5,30}$/.test(trimmed)) return { name: customerName, phone: trimmed };
  return { name: trimmed };
};

@Injectable()
export class CustomersService {
  readonly entity: ServiceOf<typeof customerDescriptor>;

  constructor(
    entities: EntityServices,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.entity = entities.serve(customerDescriptor);
  }

  /** Starts the customer's record and registers it in one Update-with-Start. */
  register({ id, ...details }: CustomerDetails & { id?: string }, caller: Caller): Promise<CustomerView> {
    const customerId = id ?? readableCode('CUS', caller.idempotencyKey);
    return this.registerAs(customerId, details, caller, caller.idempotencyKey);
  }

  /** Registers the customer under this id; a repeat of `updateId` answers as the first. */
  registerAs(customerId: string, details: CustomerDetails, caller: Caller, updateId?: string) {
    const request: CustomerRequest = entityRequest(
      { type: 'RegisterCustomer' as const, data: { customerId, ...details, contacts: details.contacts ?? [] } },
      caller,
    );
    return this.entity.register(customerId, request, { customerId } satisfies CustomerRecordInput, updateId);
  }

  /** Sends a command to the customer's record as an Update; the workflow decides and appends. */
  execute(customerId: string, request: CustomerRequest, idempotencyKey?: string): Promise<CustomerView> {
    return this.entity.execute(customerId, request, idempotencyKey);
  }

  /**
   * Merges a duplicate into the customer that goes on: the duplicate records
   * where it went, then the customer at the end of that chain records what it
   * took in (for its history: the file follows `mergedInto` itself, so a
   * merge counts even before, or without, that second step). Each step is
   * recorded once, so a retry after a failure between them completes it.
   */
  async merge(
    customerId: string,
    { into, reason, expectedRevision }: { into: string; reason: string; expectedRevision?: number },
    caller: Caller,
  ): Promise<CustomerView> {
    const survivor = into === customerId ? undefined : await this.followed(into);
    if (into !== customerId && !survivor)
      throw problemSaying('rule-violated', 'named-customer-not-registered', { id: into }, { field: 'into' });
    if (survivor && survivor.id !== into)
      throw problemSaying(
        'customer-merged',
        'customer-merged',
        { id: into, into: survivor.id },
        { mergedInto: survivor.id },
      );
    const key = caller.idempotencyKey;
    const merged = await this.execute(
      customerId,
      entityRequest({ type: 'MergeCustomer', data: { into, reason } }, caller, expectedRevision),
      key && `${key}:merge`,
    );
    // The survivor may itself have gone into another meanwhile: the end of the chain takes the duplicate in.
    const end = (await this.followed(into)) ?? { id: into };
    if (end.id !== customerId)
      await this.execute(
        end.id,
        entityRequest({ type: 'AbsorbCustomer', data: { from: customerId, reason } }, caller),
        key && `${key}:absorb:${end.id}`,
      );
    return merged;
  }

  list(filter: CustomerFilter, page: Page): Promise<Listing<CustomerRow>> {
    return listCustomers(this.readModels, filter, page);
  }

  get(customerId: string, caller: Caller): Promise<CustomerView> {
    return this.entity.get(customerId, caller);
  }

  async history(customerId: string) {
    return { customerId, events: await this.entity.history(customerId) };
  }

  stateAsOf(customerId: string, query: { asOf?: string; revision?: number }): Promise<CustomerView> {
    return this.entity.stateAsOf(customerId, query);
  }

  audit(customerId: string) {
    return this.entity.audit(customerId);
  }

  /** The ids a customer's complaints are kept under: its own, and those of every customer merged into it. */
  async fileIdsOf(customerId: string): Promise<string[]> {
    if (!(await this.entity.find(customerId))) throw notFound('customer-not-found', { id: customerId });
    return customerFileIds(this.readModels, customerId);
  }

  /**
   * The customer file (客户档案): now from the read model, or as the record
   * stood at `asOf`, each case folded up to then (the customer too).
   */
  async file(customerId: string, { asOf, period }: { asOf?: string; period: ReportPeriod }) {
    const customer = asOf ? await this.entity.stateAsOf(customerId, { asOf }) : await this.entity.find(customerId);
    if (!customer) throw notFound('customer-not-found', { id: customerId });
    const ids = await customerFileIds(this.readModels, customerId);
    // In UTC, as the record's times are: compared as text, an offset would shift the instant.
    const instant = asOf === undefined ? null : new Date(asOf).toISOString();
    const facts = instant
      ? await fileFactsThen(this.readModels, this.store, ids, instant)
      : await fileFactsNow(this.readModels, ids);
    return { customer, report: customerFileOf(facts, { period, asOf: instant }) };
  }

  /**
   * The customer a complaint is registered for, as it goes on: the one named
   * by id (followed to where a merge took it), else the active one of that
   * name, else one registered now from what was typed, under the id recorded
   * complaints of that name were given. An id that is no customer id (what
   * clients sent before customers were entities, "客户 42") is kept as the
   * customer's outside reference. Registering may race another registration of
   * the same customer: whoever loses finds the winner's.
   */
  async customerOfComplaint(named: NamedCustomer, caller: Caller): Promise<{ id: string; name: string }> {
    const name = named.name?.trim().replace(/\s+/g, ' ');
    const legacyRef = named.id !== undefined && !customerIdPattern.test(named.id) ? named.id : undefined;
    const byName = name && !named.id ? await customerNamed(this.readModels, comparableName(name)) : undefined;
    if (!name && (legacyRef || !named.id))
      throw problemSaying(
        'rule-violated',
        'named-customer-not-registered',
        { id: named.id ?? '' },
        { field: 'customer.id' },
      );
    const id = legacyRef || !named.id ? (byName ?? customerIdOf({ name: name!, id: legacyRef })) : named.id;
    const found = await this.followed(id);
    if (found) return found;
    if (!name) throw problemSaying('rule-violated', 'named-customer-not-registered', { id }, { field: 'customer.id' });
    const details: CustomerDetails = {
      name,
      kind: 'company',
      contacts: named.contact ? [contactFrom(named.contact, name)] : [],
      ...(legacyRef ? { externalRef: legacyRef } : {}),
    };
    const key = caller.idempotencyKey;
    try {
      const registered = await this.registerAs(id, details, caller, key && `${key}:customer`);
      return { id: registered.id, name: registered.name };
    } catch (error) {
      // The winner's registration may still be on its way to the record.
      for (let attempt = 0; attempt < 10; attempt++) {
        const winner = await this.followed(id);
        if (winner) return winner;
        await sleep(100);
      }
      throw error;
    }
  }

  /** The customer with this id, or the one a merge took it into. */
  private async followed(id: string): Promise<{ id: string; name: string } | undefined> {
    let customer = await this.entity.find(id);
    for (let hop = 0; customer?.status === 'merged' && hop < maxMergeHops; hop++)
      customer = await this.entity.find(customer.mergedInto);
    return customer && { id: customer.id, name: customer.name };
  }
}
