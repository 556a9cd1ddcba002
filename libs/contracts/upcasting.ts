import { createUpcasting, type Upcaster } from '../event-store/upcasting.js';
import type { ComplaintRegistered } from '../domain/index.js';
import { customerIdOf } from '../support/customer-ref.js';

/**
 * Complaints registered before customers were entities name a customer by
 * what was typed: read as naming the customer made from it (which the
 * customer backfill registers). New registrations name one already, and pass
 * unchanged.
 */
const complaintNamesItsCustomer: Upcaster = {
  eventType: 'ComplaintRegistered',
  fromVersion: 1,
  upcast: (data: ComplaintRegistered['data']) => ({
    ...data,
    customer: { ...data.customer, id: customerIdOf(data.customer) },
  }),
};

/**
 * Upcasters from older event schemas, for every stream: each names its event
 * type and version. Readers (the API, the projections, the workflow's
 * restore) fold only what passes through here.
 */
const upcasters: readonly Upcaster[] = [complaintNamesItsCustomer];

export const upcastEvent = createUpcasting(upcasters);
