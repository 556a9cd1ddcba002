import { assertNever, type Event, type Stamp } from '../decider.js';
import { erasedMark, type Personal } from '../personal.js';

/** A customer is a company (its name is no personal data) or a person (whose name is). */
export const customerKinds = ['company', 'person'] as const;
export type CustomerKind = (typeof customerKinds)[number];

/** The languages a customer is written to in. */
export const customerLanguages = ['zh-CN', 'en'] as const;
export type CustomerLanguage = (typeof customerLanguages)[number];

/** Someone at the customer to reach: by e-mail, by phone, in their language. Name, e-mail and phone are personal data. */
export type Contact = Readonly<{ name: Personal; email?: Personal; phone?: Personal; language?: CustomerLanguage }>;

export type CustomerDetails = Readonly<{
  /** A company's name is no personal data and stays text; a person's is sealed. */
  name: Personal;
  kind: CustomerKind;
  contacts: readonly Contact[];
  /** The customer's id elsewhere: a CRM's, an ERP's. */
  externalRef?: string;
}>;

export type CustomerRegistered = Event<'CustomerRegistered', Stamp & CustomerDetails & { customerId: string }>;
/** The contacts as they now are, whole: a change replaces the list. */
export type CustomerContactsChanged = Event<'CustomerContactsChanged', Stamp & { contacts: readonly Contact[] }>;
export type CustomerDetailsChanged = Event<'CustomerDetailsChanged', Stamp & { name?: Personal; externalRef?: string }>;
/** A duplicate merged into the customer that goes on: it answers with where it went, and takes no more changes. */
export type CustomerMerged = Event<'CustomerMerged', Stamp & { into: string; reason: string }>;
/** The customer that goes on records the duplicate it took in, so its file counts the duplicate's complaints too. */
export type CustomerAbsorbed = Event<'CustomerAbsorbed', Stamp & { from: string; reason: string }>;

/**
 * The customer's personal data erased (PIPL art. 47, GDPR art. 17): its data
 * key destroyed, so every value sealed under it, in every event, workflow
 * history and read model, reads as erased from now on. Who, when and why;
 * nothing personal.
 */
export type CustomerErased = Event<'CustomerErased', Stamp & { reason: string }>;
/** Everything held about the customer was exported, readable (PIPL art. 45): who did it, and when. */
export type CustomerDataExported = Event<'CustomerDataExported', Stamp>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerContactsChanged
  | CustomerDetailsChanged
  | CustomerMerged
  | CustomerAbsorbed
  | CustomerErased
  | CustomerDataExported;

export type RegisteredCustomer = CustomerDetails &
  Readonly<{
    id: string;
    registeredAt: string;
    updatedAt: string;
    /** The duplicates merged into this customer, in order. */
    absorbed: readonly string[];
    /** Its personal data erased: who, when, why. */
    erased?: Readonly<{ at: string; by: string; reason: string }>;
  }> &
  (Readonly<{ status: 'active'; mergedInto?: undefined }> | Readonly<{ status: 'merged'; mergedInto: string }>);

export type CustomerState = Readonly<{ status: 'unregistered' }> | RegisteredCustomer;

export const initialCustomerState = (): CustomerState => ({ status: 'unregistered' });

export const evolveCustomer = (state: CustomerState, event: CustomerEvent): CustomerState => {
  if (event.type === 'CustomerRegistered') {
    const { customerId, at, by: _by, ...details } = event.data;
    return { ...details, id: customerId, status: 'active', registeredAt: at, updatedAt: at, absorbed: [] };
  }
  if (state.status === 'unregistered') return state;
  const touched = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'CustomerContactsChanged':
      return { ...touched, contacts: event.data.contacts };
    case 'CustomerDetailsChanged': {
      const { name, externalRef } = event.data;
      return {
        ...touched,
        ...(name !== undefined ? { name } : {}),
        ...(externalRef !== undefined ? { externalRef } : {}),
      };
    }
    case 'CustomerMerged':
      return { ...touched, status: 'merged', mergedInto: event.data.into };
    case 'CustomerAbsorbed':
      return { ...touched, absorbed: [...state.absorbed, event.data.from] };
    case 'CustomerErased':
      return { ...touched, erased: { at: event.data.at, by: event.data.by, reason: event.data.reason } };
    case 'CustomerDataExported':
      // Recorded for the auditors; the customer is as it was.
      return state;
    default:
      return assertNever(event);
  }
};

/**
 * The customer as it may be shown once erased: every personal value the
 * erased mark, whatever it was recorded as (sealed, or text from before
 * sealing, which the record keeps). A company's name is no personal data.
 */
export const withErasureShown = <C extends RegisteredCustomer>(customer: C): C =>
  customer.erased
    ? {
        ...customer,
        name: customer.kind === 'person' ? erasedMark : customer.name,
        contacts: customer.contacts.map(({ email, phone, ...contact }) => ({
          ...contact,
          name: erasedMark,
          ...(email !== undefined ? { email: erasedMark } : {}),
          ...(phone !== undefined ? { phone: erasedMark } : {}),
        })),
      }
    : customer;
