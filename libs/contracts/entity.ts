import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Command, CommandPayload, Decider, Event } from '../domain/index.js';
import type { EntityRequest, EntitySnapshot } from './entity-request.js';

/**
 * An Update's answer: the revision the request brought the entity to, and
 * the fingerprint of the request, which a repeat of its Idempotency-Key is
 * held to. The entity itself is read from the record (the API's reader), so
 * no Update writes a whole state, policy included, into its history.
 */
export type EntityAnswer = Readonly<{ revision: number; fingerprint?: string }>;

/**
 * What the workflow, the API and the read models agree on about one kind of
 * entity: its decider, where its stream and workflow live, and the Updates
 * people send it. One workflow and one stream per entity, both named
 * `<category>-<id>`; the category is also the read models' name for it.
 */
export type EntityContract<C extends Command, E extends Event, S, R extends S, U extends C['type']> = Readonly<{
  category: string;
  workflowType: string;
  decider: Decider<C, E, S>;
  isRegistered: (state: S) => state is R;
  /**
   * A state kept by older code (carried by a run, held by a read model's
   * record) in today's shape; folding from the events never needs it.
   */
  upcastState: (state: R) => R;
  updateTypes: readonly U[];
  updates: { readonly [T in U]: UpdateDefinition<EntityAnswer, [EntityRequest<CommandPayload<C>>], T> };
  /** The entity as its workflow holds it: for tests and operators, never for the API's reads. */
  snapshotQuery: ReturnType<typeof defineQuery<EntitySnapshot<R> | null>>;
  streamId: (id: string) => string;
  workflowId: (id: string) => string;
}>;

export const defineEntity = <C extends Command, E extends Event, S, R extends S, U extends C['type']>(spec: {
  category: string;
  workflowType: string;
  decider: Decider<C, E, S>;
  isRegistered: (state: S) => state is R;
  upcastState?: (state: R) => R;
  updateTypes: readonly U[];
}): EntityContract<C, E, S, R, U> => ({
  upcastState: (state) => state,
  ...spec,
  // Each Update shows by name in the workflow's history.
  updates: Object.fromEntries(spec.updateTypes.map((type) => [type, defineUpdate(type)])) as unknown as EntityContract<
    C,
    E,
    S,
    R,
    U
  >['updates'],
  snapshotQuery: defineQuery<EntitySnapshot<R> | null>('snapshot'),
  streamId: (id) => `${spec.category}-${id}`,
  workflowId: (id) => `${spec.category}-${id}`,
});
