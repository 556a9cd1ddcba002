import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Customer } from '../../../libs/domain/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { quoteSchema, type EventStore } from '../../../libs/event-store/index.js';
import { EVENT_STORE, PROJECTOR, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { tallyCases, type Projector, type ReadModels } from '../../../libs/projections/index.js';
import { customerIdOf } from '../../../libs/support/customer-ref.js';
import type { Caller } from '../http/request-context.js';
import { contactFrom, CustomersService } from './customers.service.js';

/** The actor of what the backfill records. */
export const backfillActor = 'system:customer-backfill';
const backfillCaller: Caller = { actor: backfillActor, roles: [], team: [] };
const pageSize = 200;

/**
 * Complaints registered before customers were entities named a customer by
 * what was typed. Their events read as naming the customer made from it (the
 * upcast of ComplaintRegistered); this registers each such customer, on the
 * record as the backfill's own event, and points the case's row at it, as a
 * rebuild of the read model would. Once done it finds nothing, and any number
 * of API instances may run it at once: each customer is registered under an
 * Update id of its own, once.
 */
@Injectable()
export class CustomerBackfill implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CustomerBackfill');
  private stopped = false;

  constructor(
    private readonly customers: CustomersService,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: Projector,
  ) {}

  onApplicationBootstrap(): void {
    void this.caughtUp()
      .then(() => this.run())
      .then(
        ({ registered, linked }) => {
          if (registered + linked > 0)
            this.logger.log(`Registered ${registered} customer(s) from recorded complaints; linked ${linked} case(s)`);
        },
        (error: unknown) =>
          this.logger.warn(`Customer backfill did not finish, it runs again at the next start: ${String(error)}`),
      );
  }

  /** Until the read models hold every event the store held when this started: the cases recorded before it. */
  private async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === undefined) return;
    while (!this.stopped) {
      const checkpoint = await this.projector.checkpoint();
      if (checkpoint !== null && checkpoint >= head) return;
      await sleep(1000, undefined, { ref: false });
    }
    throw new Error('stopped before the read models caught up');
  }

  onModuleDestroy(): void {
    this.stopped = true;
  }

  async run(): Promise<{ registered: number; linked: number }> {
    const { db, schema } = this.readModels;
    const s = quoteSchema(schema);
    let registered = 0;
    let linked = 0;
    for (let after = ''; ;) {
      const rows = await db.query<{ id: string; customer_id: string | null; customer: Customer; registered_at: Date }>(
        `select c.id, c.customer_id, c.registered_at, c.state -> 'customer' as customer from ${s}.complaint_cases c
          where c.id > $1 and (c.customer_id is null or not exists (select 1 from ${s}.customers cu where cu.id = c.customer_id))
          order by c.id limit ${pageSize}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      // A name typed two ways names one customer, called as it was first typed.
      const named = new Map(
        [...rows]
          .sort((a, b) => new Date(b.registered_at).getTime() - new Date(a.registered_at).getTime())
          .map((row) => [customerIdOf(row.customer), row.customer]),
      );
      for (const [id, customer] of named) {
        // One that cannot be registered now (a complaint registering it this moment) is found at the next start.
        const done = await this.register(id, customer).catch((error: unknown) => {
          this.logger.warn(
            `Customer ${id} not registered from recorded complaints, tried again at the next start: ${String(error)}`,
          );
          return false;
        });
        if (done) registered++;
      }
      for (const row of rows) {
        const id = customerIdOf(row.customer);
        if (row.customer_id === id) continue;
        // The report's feedback tallies count by customer: the case's part moves with it.
        await db.transaction(async (tx) => {
          await tallyCases(tx, s, [row.id], -1);
          await tx.query(`update ${s}.complaint_cases set customer_id = $2 where id = $1`, [row.id, id]);
          await tallyCases(tx, s, [row.id], 1);
        });
        linked++;
      }
    }
    return { registered, linked };
  }

  /** Registers the customer a recorded complaint named, unless it is registered already; true when this did. */
  private async register(id: string, { name: typed, contact }: Customer): Promise<boolean> {
    // Only complaints from before customers were entities are backfilled, and they were recorded in plain text.
    if (typeof typed !== 'string' || (await this.customers.entity.find(id))) return false;
    const name = typed.trim().replace(/\s+/g, ' ');
    const details = {
      name,
      kind: 'company' as const,
      contacts: typeof contact === 'string' ? [contactFrom(contact, name)] : [],
    };
    await this.customers.registerAs(id, details, backfillCaller, `customer-backfill:${id}`);
    return true;
  }
}
