import { Inject, Injectable } from '@nestjs/common';
import type { CustomerKind, Personal, PersonalTextField } from '../../../libs/domain/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { KeyDestroyed } from '../../../libs/platform/data-keys.js';
import { APP_CONFIG, PERSONAL_DATA } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { EntityServices, type ServiceOf } from '../entities/entity-service.js';
import { customerDescriptor } from './customer-view.js';

/** How many merges are followed to the customer that goes on: a chain longer than this is a loop. */
const maxMergeHops = 10;

export type FollowedCustomer = Readonly<{ id: string; name: Personal; kind: CustomerKind; erased: boolean }>;

/** The customer with this id, or the one a merge took it into. */
export const followedCustomer = async (
  customers: ServiceOf<typeof customerDescriptor>,
  id: string,
): Promise<FollowedCustomer | undefined> => {
  let customer = await customers.find(id);
  for (let hop = 0; customer?.status === 'merged' && hop < maxMergeHops; hop++)
    customer = await customers.find(customer.mergedInto);
  return (
    customer && { id: customer.id, name: customer.name, kind: customer.kind, erased: customer.erased !== undefined }
  );
};

/**
 * A complaint's free text as the record keeps it: sealed under its customer's
 * key when the policy (PERSONAL_TEXT) marks the field personal and the
 * customer is a person; as written otherwise. Once the person is erased there
 * is no key to seal under: what is written after that is kept as written, and
 * is the writer's to keep free of them.
 */
@Injectable()
export class PersonalTexts {
  private readonly customers: ServiceOf<typeof customerDescriptor>;

  constructor(
    entities: EntityServices,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.customers = entities.serve(customerDescriptor);
  }

  async textFor(customerId: string | null | undefined, field: PersonalTextField, value: string): Promise<Personal> {
    if (!customerId || !this.config.personalText.includes(field)) return value;
    const customer = await followedCustomer(this.customers, customerId);
    if (customer?.kind !== 'person' || customer.erased) return value;
    try {
      return await this.personal.seal(customer.id, value);
    } catch (error) {
      if (error instanceof KeyDestroyed) return value;
      throw error;
    }
  }
}
