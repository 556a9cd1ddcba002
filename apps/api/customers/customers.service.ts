import { Inject, Injectable } from '@nestjs/common';
import type { CustomerRecordInput, CustomerRequest } from '../../../libs/contracts/index.js';
import type { CustomerRow, Listing } from '../../../libs/contracts/read-views.js';
import {
  erasedMark,
  erasedPathsIn,
  type Contact,
  type CustomerDetails,
  type CustomerKind,
  type Personal,
} from '../../../libs/domain/index.js';
import { complaintStreamId } from '../../../libs/contracts/index.js';
import { EVENT_STORE, PERSONAL_DATA, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { quoteSchema, type EventStore } from '../../../libs/event-store/index.js';
import { historyOf } from '../audit/history.js';
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
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { readableCode } from '../../../libs/support/stable-id.js';
import { EntityServices, type ServiceOf } from '../entities/entity-service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { notFound, problemSaying } from '../problems/problem.js';
import { customerDescriptor, type CustomerView } from './customer-view.js';
import { followedCustomer, type FollowedCustomer } from './personal-texts.js';
import { COMPLAINT_EVIDENCE } from '../evidence/evidence.controller.js';
import type { EntityEvidence, EvidenceItem } from '../evidence/evidence.service.js';
import type { ComplaintView } from '../../../libs/contracts/read-views.js';

/** A file on one of the customer's cases, as an erasure names it for purging. */
export type CaseFileRef = Readonly<{ complaintId: string; evidenceId: string }>;
/** The files on a customer's cases, case by case: what an erasure may purge. */
export type CustomerFiles = Readonly<{
  customerId: string;
  complaints: readonly Readonly<{ complaintId: string; number?: string; files: readonly EvidenceItem[] }>[];
}>;

/** How a complaint names its customer: a registered one by id, or one to find or make by name. */
export type NamedCustomer = Readonly<{
  id?: string;
  name?: string;
  contact?: string;
  kind?: CustomerKind;
  /** The contact as its own fields (the public form's): kept as given rather than read from `contact`'s text. */
  contactDetails?: Contact;
}>;

/** A merge chain longer than this is a loop, which the domain never makes. */

/** What was typed as the one way to reach a customer, as a contact: an e-mail, a phone number, or a name. */
export const contactFrom = (text: string, customerName: string): Contact => {
  const trimmed = text.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(trimmed)) return { name: customerName, email: trimmed };
  if (/^\+?[0-9 ().-]{5,30}$/.test(trimmed)) return { name: customerName, phone: trimmed };
  return { name: trimmed };
};

const contactKey = ({ name, email, phone, language }: Contact) =>
  JSON.stringify([name, email ?? null, phone ?? null, language ?? null]);
const sameContacts = (a: readonly Contact[], b: readonly Contact[]) =>
  a.length === b.length && a.every((contact, index) => contactKey(contact) === contactKey(b[index]!));

/** A contact as a list shows it: name · e-mail · phone; one erased mark for an erased contact. */
const lineOf = (contact: Contact | null): string | null => {
  if (!contact) return null;
  const parts = [contact.name, contact.email, contact.phone].filter((part) => part !== undefined && part !== '');
  return parts.every((part) => part === erasedMark) ? erasedMark : parts.join(' · ');
};

@Injectable()
export class CustomersService {
  readonly entity: ServiceOf<typeof customerDescriptor>;

  constructor(
    entities: EntityServices,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
    @Inject(COMPLAINT_EVIDENCE) private readonly caseFiles: EntityEvidence<ComplaintView>,
  ) {
    this.entity = entities.serve(customerDescriptor);
  }

  /** A value sealed under the customer's key, before any workflow sees it; one sealed already stays as it is. */
  sealFor(customerId: string, value: Personal): Promise<Personal>;
  sealFor(customerId: string, value: Personal | undefined): Promise<Personal | undefined>;
  async sealFor(customerId: string, value: Personal | undefined): Promise<Personal | undefined> {
    return typeof value === 'string' ? this.personal.seal(customerId, value) : value;
  }

  /**
   * The e-mail addresses the customer (or the one they were merged into) is
   * known by now, opened and in lower case: none once they are erased.
   */
  async addressesOf(customerId: string): Promise<string[]> {
    const found = await this.followed(customerId);
    const customer = found && !found.erased ? await this.entity.find(found.id) : undefined;
    if (!customer) return [];
    const opened = await this.personal.open(customer.contacts);
    return opened.flatMap(({ email }) => (typeof email === 'string' ? [email.trim().toLowerCase()] : []));
  }

  private sealContacts(customerId: string, contacts: readonly Contact[]): Promise<Contact[]> {
    return Promise.all(
      contacts.map(async ({ name, email, phone, ...rest }) => ({
        ...rest,
        name: await this.sealFor(customerId, name),
        ...(email !== undefined ? { email: await this.sealFor(customerId, email) } : {}),
        ...(phone !== undefined ? { phone: await this.sealFor(customerId, phone) } : {}),
      })),
    );
  }

  /**
   * The customer as it stands, its personal values opened: what a change is
   * compared with. One unknown or erased is refused before anything is
   * sealed (no key is made for a customer that is not, nor used for one gone).
   */
  private async takingPersonalData(customerId: string): Promise<CustomerView> {
    const found = await this.entity.find(customerId);
    if (!found) throw notFound('customer-not-found', { id: customerId });
    if (found.erased) throw problemSaying('customer-erased', 'customer-erased', { id: customerId });
    return this.personal.open(found);
  }

  /** Starts the customer's record and registers it in one Update-with-Start. */
  register({ id, ...details }: CustomerDetails & { id?: string }, caller: Caller): Promise<CustomerView> {
    const customerId = id ?? readableCode('CUS', caller.idempotencyKey);
    return this.registerAs(customerId, details, caller, caller.idempotencyKey);
  }

  /** Registers the customer under this id; a repeat of `updateId` answers as the first. */
  async registerAs(customerId: string, details: CustomerDetails, caller: Caller, updateId?: string) {
    const sealed: CustomerDetails = {
      ...details,
      // A company's name is no personal data: it stays readable, for its file and its search.
      name: details.kind === 'person' ? await this.sealFor(customerId, details.name) : details.name,
      contacts: await this.sealContacts(customerId, details.contacts ?? []),
    };
    const request: CustomerRequest = entityRequest(
      { type: 'RegisterCustomer' as const, data: { customerId, ...sealed } },
      caller,
    );
    return this.entity.register(customerId, request, { customerId } satisfies CustomerRecordInput, updateId);
  }

  /** Sends a command to the customer's record as an Update; the workflow decides and appends. */
  execute(customerId: string, request: CustomerRequest, idempotencyKey?: string): Promise<CustomerView> {
    return this.entity.execute(customerId, request, idempotencyKey);
  }

  /**
   * Replaces the contacts, sealed. The same list again (a form sent twice)
   * records nothing: compared here, in the open, as sealed values never match.
   */
  async changeContacts(
    customerId: string,
    { contacts, expectedRevision }: { contacts: readonly Contact[]; expectedRevision?: number },
    caller: Caller,
  ): Promise<CustomerView> {
    const current = await this.takingPersonalData(customerId);
    // Only one that takes changes: a merged customer refuses even the same list, saying why.
    if (current?.status === 'active' && !current.erased && sameContacts(current.contacts, contacts))
      return this.get(customerId, caller);
    const sealed = await this.sealContacts(customerId, contacts);
    const request = entityRequest(
      { type: 'ChangeContacts' as const, data: { contacts: sealed } },
      caller,
      expectedRevision,
    );
    return this.execute(customerId, request, caller.idempotencyKey);
  }

  /** Changes the name or outside reference; a person's name sealed, and recorded only when it changed. */
  async changeDetails(
    customerId: string,
    { name, externalRef, expectedRevision }: { name?: string; externalRef?: string; expectedRevision?: number },
    caller: Caller,
  ): Promise<CustomerView> {
    const current = await this.takingPersonalData(customerId);
    const person = current.kind === 'person';
    const changedName = name !== undefined && name !== current.name ? name : undefined;
    const data = {
      ...(changedName !== undefined
        ? { name: person ? await this.sealFor(customerId, changedName) : changedName }
        : {}),
      ...(externalRef !== undefined ? { externalRef } : {}),
    };
    const request = entityRequest({ type: 'ChangeCustomerDetails' as const, data }, caller, expectedRevision);
    return this.execute(customerId, request, caller.idempotencyKey);
  }

  /**
   * Erases the customer's personal data, and that of every duplicate merged
   * into it (the same person): each records `CustomerErased`, then its key is
   * destroyed (the projector destroys it too, with the scrub of the read
   * models, should this process stop between the two).
   */
  async erase(
    customerId: string,
    {
      reason,
      expectedRevision,
      purgeEvidence = [],
    }: { reason: string; expectedRevision?: number; purgeEvidence?: readonly CaseFileRef[] },
    caller: Caller,
  ): Promise<CustomerView> {
    const key = caller.idempotencyKey;
    // Before anything is written: a file that is not on one of their cases is refused, and nothing is erased.
    if (purgeEvidence.length > 0) await this.requireTheirFiles(customerId, purgeEvidence);
    const erase = (id: string, who: Caller, revision?: number) =>
      this.execute(
        id,
        entityRequest({ type: 'EraseCustomer', data: { reason } }, who, revision),
        key && `${key}:erase:${id}`,
      );
    // The revision the caller saw guards the customer they saw; its duplicates are erased whatever theirs.
    const erased = await erase(customerId, caller, expectedRevision);
    await this.personal.destroy(customerId);
    const unguarded = { ...caller, ifMatchRevision: undefined };
    for (const id of await this.duplicatesOf(erased)) {
      await erase(id, unguarded);
      await this.personal.destroy(id);
    }
    // After the erasure: a retry with the same key erases nothing twice and finishes the purges (a purged file is skipped).
    await this.caseFiles.purgeAll(
      purgeEvidence.map(({ complaintId, evidenceId }) => ({
        id: complaintId,
        evidenceId,
        request: entityRequest({ type: 'PurgeEvidence', data: { evidenceId, reason } }, unguarded),
        idempotencyKey: key && `${key}:purge:${complaintId}:${evidenceId}`,
      })),
    );
    return erased;
  }

  /** The files on the cases of the customer and of the duplicates merged into it, case by case. */
  async files(customerId: string): Promise<CustomerFiles> {
    const cases = await this.casesOf(await this.fileIdsOf(customerId));
    const complaints = await Promise.all(
      cases.map(async ({ id, number }) => ({
        complaintId: id,
        ...(number ? { number } : {}),
        files: (await this.caseFiles.list(id)).files,
      })),
    );
    return { customerId, complaints: complaints.filter((complaint) => complaint.files.length > 0) };
  }

  private async requireTheirFiles(customerId: string, refs: readonly CaseFileRef[]): Promise<void> {
    const { complaints } = await this.files(customerId);
    refs.forEach(({ complaintId, evidenceId }, index) => {
      const onTheirCase = complaints.some(
        // Ids are UUIDs, which a client may write in capitals.
        (complaint) =>
          complaint.complaintId === complaintId.toLowerCase() &&
          complaint.files.some((file) => file.id === evidenceId.toLowerCase()),
      );
      if (!onTheirCase)
        throw problemSaying(
          'rule-violated',
          'evidence-not-on-customers-case',
          { evidenceId, complaintId },
          { field: `purgeEvidence[${index}]` },
        );
    });
  }

  /** The cases of these customers, oldest first. */
  private async casesOf(customerIds: readonly string[]): Promise<{ id: string; number: string | null }[]> {
    const { db, schema } = this.readModels;
    return db.query<{ id: string; number: string | null }>(
      `select id, number from ${quoteSchema(schema)}.complaint_cases where customer_id = any($1::text[]) order by registered_at, id`,
      [customerIds],
    );
  }

  /**
   * Every customer merged into this one, and into those: from the records
   * themselves (a merge just made counts) and from the read models (a merge
   * whose second step, the absorption, never landed counts too).
   */
  private async duplicatesOf(customer: { id: string; absorbed: readonly string[] }): Promise<string[]> {
    const found: string[] = [];
    const merged = await customerFileIds(this.readModels, customer.id);
    const queue = [...customer.absorbed, ...merged.filter((id) => id !== customer.id)];
    while (queue.length > 0 && found.length < 1000) {
      const id = queue.shift()!;
      if (found.includes(id)) continue;
      found.push(id);
      queue.push(...((await this.entity.find(id))?.absorbed ?? []));
    }
    return found;
  }

  /**
   * Everything held about the customer, readable (PIPL art. 45): the
   * customer and the duplicates merged into it, with their events, and the
   * complaints they brought, with theirs; where a value was erased, it says
   * so, and `erasedFields` lists where. The export itself is recorded.
   */
  async export(customerId: string, caller: Caller) {
    const ids = await this.fileIdsOf(customerId);
    await this.execute(
      customerId,
      entityRequest({ type: 'RecordCustomerExport', data: {} }, caller),
      caller.idempotencyKey && `${caller.idempotencyKey}:export`,
    );
    const customers = await Promise.all(
      ids.map(async (id) => ({ customer: await this.entity.find(id), events: await this.entity.history(id) })),
    );
    const complaints = await Promise.all(
      (await this.casesOf(ids))
        .map(({ id }) => id)
        .map(async (id) => ({ id, events: historyOf(await this.store.readStream(complaintStreamId(id))) })),
    );
    const bundle = { customerId, exportedAt: new Date().toISOString(), customers, complaints };
    // Erased: a value whose key is gone, or one the customer's view shows erased (text from before sealing).
    const value = await this.personal.open(bundle);
    return { ...value, erasedFields: erasedPathsIn(value) };
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
    if (survivor?.erased) throw problemSaying('customer-erased', 'customer-erased', { id: survivor.id });
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

  /** A page of customers, each with its first contact on one line, opened (or erased, said once). */
  async list(filter: CustomerFilter, page: Page): Promise<Listing<CustomerRow>> {
    const listed = await listCustomers(this.readModels, filter, page);
    const value = await this.personal.open(listed);
    return {
      ...value,
      items: value.items.map(({ firstContact, erased, ...row }) => ({
        ...row,
        // Erased: no contact shows, whatever it was recorded as (text from before sealing too).
        contact: erased && firstContact ? erasedMark : lineOf(firstContact),
      })),
    };
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
  async customerOfComplaint(
    named: NamedCustomer,
    caller: Caller,
  ): Promise<{ id: string; name: Personal; kind: CustomerKind }> {
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
    const derived = legacyRef || !named.id ? (byName ?? customerIdOf({ name: name!, id: legacyRef })) : named.id;
    const found = await this.followed(derived);
    // A company erased keeps its name (no personal data): its complaints go on to it, as long as they bring no contact.
    if (found && (!found.erased || (found.kind === 'company' && !named.contact))) return this.namedOnComplaint(found);
    // An erased customer takes no personal data again: named by its id, that is refused; by name, a new one is made.
    if (found && !(legacyRef || !named.id)) throw problemSaying('customer-erased', 'customer-erased', { id: found.id });
    // A person's id tells nothing of their name (one made from it would confirm the name for good, erased or not).
    const fresh = () => readableCode('CUS', `customer\u0000${caller.idempotencyKey ?? randomUUID()}`);
    const id = found || (named.kind === 'person' && !named.id) ? fresh() : derived;
    if (!name) throw problemSaying('rule-violated', 'named-customer-not-registered', { id }, { field: 'customer.id' });
    const details: CustomerDetails = {
      name,
      kind: named.kind ?? 'company',
      contacts: named.contactDetails ? [named.contactDetails] : named.contact ? [contactFrom(named.contact, name)] : [],
      ...(legacyRef ? { externalRef: legacyRef } : {}),
    };
    const key = caller.idempotencyKey;
    try {
      const registered = await this.registerAs(id, details, caller, key && `${key}:customer`);
      return { id: registered.id, name: registered.name, kind: registered.kind };
    } catch (error) {
      // The winner's registration may still be on its way to the record.
      for (let attempt = 0; attempt < 10; attempt++) {
        const winner = await this.followed(id);
        if (winner) return this.namedOnComplaint(winner);
        await sleep(100);
      }
      throw error;
    }
  }

  /**
   * The customer as a complaint records it: a person's name sealed, even one
   * registered before names were (new events are sealed from now on).
   */
  private async namedOnComplaint({ id, name, kind }: { id: string; name: Personal; kind: CustomerKind }) {
    return { id, kind, name: kind === 'person' ? await this.sealFor(id, name) : name };
  }

  /** The customer with this id, or the one a merge took it into. */
  private followed(id: string): Promise<FollowedCustomer | undefined> {
    return followedCustomer(this.entity, id);
  }
}
