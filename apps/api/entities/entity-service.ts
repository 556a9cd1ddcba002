import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, type Client, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  taskQueue,
  type EntityContract,
  type EntityRequest,
  type EntitySnapshot,
} from '../../../libs/contracts/index.js';
import { upcastEvent } from '../../../libs/contracts/upcasting.js';
import type { CallerIdentity, Command, CommandPayload, Event } from '../../../libs/domain/index.js';
import {
  EventStoreError,
  UnreadableRevisions,
  type EventStore,
  type PageCheck,
  type StoredEvent,
} from '../../../libs/event-store/index.js';
import type { ApiDetailKey } from '../../../libs/i18n/index.js';
import { projectionOf, type Projection, type ReadModels } from '../../../libs/projections/index.js';
import { instantOf, readUpTo, type PointInTime } from '../../../libs/audit/index.js';
import { auditOf, historyOf, pointInTime } from '../audit/history.js';
import { identityOf, requesterOf, type Caller } from '../http/request-context.js';
import { notFound, problemSaying, runFold, type Problem } from '../problems/problem.js';
import { WorkflowWrites } from '../temporal/workflow-writes.js';
import {
  BLOB_STORE,
  EVENT_STORE,
  READ_MODELS,
  STORE_PAGE_CHECK,
  TEMPORAL_CLIENT,
} from '../../../libs/platform/nest/tokens.js';
import type { BlobStore } from '../../../libs/blob-store/index.js';

/** What the API adds to an entity's contract: how clients see it, and what to say when it is missing. */
export type EntityDescriptor<C extends Command, E extends Event, S, R extends S, U extends C['type'], V> = Readonly<{
  contract: EntityContract<C, E, S, R, U>;
  /** The entity as clients see it, for a caller (what they may do now) and at an instant (now, or the past). */
  view: (snapshot: EntitySnapshot<R>, options: { caller?: CallerIdentity; at?: string }) => V;
  notFound: Readonly<{ now: ApiDetailKey; then: ApiDetailKey }>;
  /** Why an entity that exists has no running workflow, when its state says so (a closed case); else the general 409. */
  notRunning?: (view: V, id: string) => Problem | undefined;
  /** What a new run starts with to read an ended entity back from the store: requests an ended entity takes too (a reopening, a purge) reach it so. */
  restoreInput?: (id: string) => unknown;
}>;

/** A descriptor, its types inferred from its contract and its view. */
export const entityDescriptor = <C extends Command, E extends Event, S, R extends S, U extends C['type'], V>(
  descriptor: EntityDescriptor<C, E, S, R, U, V>,
) => descriptor;

/** The service of a descriptor. */
export type ServiceOf<D> =
  D extends EntityDescriptor<infer C, infer E, infer S, infer R, infer U, infer V>
    ? EntityService<C, E, S, R, U, V>
    : never;

export type EntityDeps = Readonly<{
  temporal: Client;
  store: EventStore;
  readModels: ReadModels;
  /** The files the entities' events name, re-hashed by the audit. */
  blobs: BlobStore;
  writes: WorkflowWrites;
  /** The streams whose revisions sit on a damaged page of the store, as found at start-up (by stream id). */
  unreadable?: ReadonlyMap<string, readonly number[]>;
}>;

/** Serves each kind of entity its one way, from the same parts. */
@Injectable()
export class EntityServices {
  private readonly deps: EntityDeps;

  constructor(
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODELS) readModels: ReadModels,
    writes: WorkflowWrites,
    @Inject(STORE_PAGE_CHECK) pageCheck: PageCheck | null,
    @Inject(BLOB_STORE) blobs: BlobStore,
  ) {
    const unreadable = new Map((pageCheck?.unreadable ?? []).map(({ streamId, revisions }) => [streamId, revisions]));
    this.deps = { temporal, store, readModels, blobs, writes, unreadable };
  }

  serve<C extends Command, E extends Event, S, R extends S, U extends C['type'], V>(
    descriptor: EntityDescriptor<C, E, S, R, U, V>,
  ): EntityService<C, E, S, R, U, V> {
    return new EntityService(this.deps, descriptor);
  }
}

type StartPolicies = Pick<WorkflowStartOptions, 'workflowIdReusePolicy'> &
  Required<Pick<WorkflowStartOptions, 'workflowIdConflictPolicy'>>;

/**
 * The one way the API serves an entity: writes go to its workflow as
 * Updates (Update-with-Start where one may not run yet), reads come from its
 * record. Reading the current entity costs the same however long its
 * history: the read model's record, and the few events the projector has not
 * folded yet, straight from the store, so a writer reads its own write.
 */
export class EntityService<C extends Command, E extends Event, S, R extends S, U extends C['type'], V> {
  private readonly contract: EntityContract<C, E, S, R, U>;
  /** Where the read model keeps this kind's records: the projection of its stream category. */
  private readonly records: Projection['records'];

  constructor(
    private readonly deps: EntityDeps,
    private readonly descriptor: EntityDescriptor<C, E, S, R, U, V>,
  ) {
    this.contract = descriptor.contract;
    this.records = projectionOf(descriptor.contract.category).records;
  }

  /**
   * Registers the entity: Update-with-Start on a workflow that must not have
   * run before. With an Idempotency-Key (which the entity's id derives from)
   * a retry reaches the running workflow and answers as the first time;
   * without one, an id taken is a conflict.
   */
  register(id: string, request: EntityRequest<CommandPayload<C>>, input: unknown, idempotencyKey?: string): Promise<V> {
    return this.start(id, request, {
      idempotencyKey,
      input,
      policies: {
        workflowIdConflictPolicy: idempotencyKey ? 'USE_EXISTING' : 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      },
    });
  }

  /**
   * Update-with-Start on the entity's workflow: the Update reaches the running
   * run, or a new one started with `input`. Its callers have just read the
   * store (the policy in force, the entity), so the store is not probed again.
   */
  async start(
    id: string,
    request: EntityRequest<CommandPayload<C>>,
    { idempotencyKey, input, policies }: { idempotencyKey?: string; input: unknown; policies: StartPolicies },
  ): Promise<V> {
    const update = this.contract.updates[request.command.type as U];
    const { revision } = await this.deps.writes.send(
      () =>
        this.deps.temporal.workflow.executeUpdateWithStart(update, {
          args: [request],
          updateId: idempotencyKey,
          startWorkflowOperation: new WithStartWorkflowOperation(this.contract.workflowType, {
            workflowId: this.contract.workflowId(id),
            taskQueue,
            args: [input],
            ...policies,
          }),
        }),
      { storeJustAnswered: true, fingerprint: request.fingerprint },
    );
    return this.written(id, revision, requesterOf(request));
  }

  /**
   * A request an ended entity takes too: its workflow has ended, so a new run
   * reads it back from the store and decides; a running one receives it as
   * any request. Retried with its key once that run has ended, the request is
   * decided again and refused as done (its Update id lives with a run).
   */
  async executeOnAnyRun(id: string, request: EntityRequest<CommandPayload<C>>, idempotencyKey?: string): Promise<V> {
    const { restoreInput } = this.descriptor;
    if (!restoreInput) return this.execute(id, request, idempotencyKey);
    if (!(await this.find(id))) throw notFound(this.descriptor.notFound.now, { id });
    return this.start(id, request, {
      idempotencyKey,
      input: restoreInput(id),
      policies: { workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE' },
    });
  }

  /** Sends a request to the entity's running workflow as an Update; the workflow decides and appends. */
  async execute(id: string, request: EntityRequest<CommandPayload<C>>, idempotencyKey?: string): Promise<V> {
    const handle = this.deps.temporal.workflow.getHandle(this.contract.workflowId(id));
    const update = this.contract.updates[request.command.type as U];
    try {
      const { revision } = await this.deps.writes.send(
        () => handle.executeUpdate(update, { args: [request], updateId: idempotencyKey }),
        { fingerprint: request.fingerprint },
      );
      return this.written(id, revision, requesterOf(request));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // No running workflow: no such entity (404), or one that takes no requests now (409).
      const current = await this.find(id);
      if (!current) throw notFound(this.descriptor.notFound.now, { id });
      throw (
        this.descriptor.notRunning?.(current, id) ??
        problemSaying('not-running', 'workflow-not-running', { id }, { id })
      );
    }
  }

  /** The entity as it is now, with what this caller may do to it. */
  async get(id: string, caller: Caller): Promise<V> {
    const view = await this.find(id, identityOf(caller));
    if (!view) throw notFound(this.descriptor.notFound.now, { id });
    return view;
  }

  /** The entity now, or undefined when it does not exist. */
  async find(id: string, caller?: CallerIdentity): Promise<V | undefined> {
    const current = await this.current(id);
    return current && this.descriptor.view(current, { caller });
  }

  /** Every event of the entity, as auditors read them. */
  async history(id: string) {
    return historyOf(await this.events(id));
  }

  /** The entity as the record stood at an instant or after a revision, folded from its stream: the past, where nothing may be done. */
  async stateAsOf(id: string, query: { asOf?: string; revision?: number }): Promise<V> {
    const point = pointInTime(query);
    const events = await this.eventsUpTo(id, point);
    const then = this.fold(this.contract.streamId(id), undefined, events);
    if (!then) throw notFound(this.descriptor.notFound.then, { id });
    return this.descriptor.view(then, { at: instantOf(events, point) });
  }

  audit(id: string) {
    return auditOf(
      { temporal: this.deps.temporal, store: this.deps.store, blobs: this.deps.blobs },
      {
        streamId: this.contract.streamId(id),
        workflowId: this.contract.workflowId(id),
        entity: [this.descriptor.notFound.now, { id }],
      },
    );
  }

  /** The entity's events up to an instant or a revision; a 404 naming it when it has none at all. */
  async eventsUpTo(id: string, point: PointInTime): Promise<StoredEvent[]> {
    const events = await readUpTo(this.deps.store, this.contract.streamId(id), point);
    if (events.length === 0) await this.events(id); // no such entity: 404 naming it
    return events;
  }

  /** The entity's whole stream; a 404 naming it when there is none. */
  async events(id: string): Promise<StoredEvent[]> {
    const events = await this.deps.store.readStream(this.contract.streamId(id));
    if (events.length === 0) throw notFound(this.descriptor.notFound.now, { id });
    return events;
  }

  /**
   * After a write that brought the entity to `revision`: the entity as it is
   * now, which includes that write. The write has landed, so a read that
   * fails or lags (a store going away, a follower behind) must not say
   * nothing was written: it is a 503 `pending`, and the same
   * Idempotency-Key answers the outcome.
   */
  private async written(id: string, revision: number, caller: CallerIdentity): Promise<V> {
    const recorded = () =>
      problemSaying('unavailable', 'write-recorded-not-read', { id, revision }, { pending: true, revision });
    const current = await this.current(id).catch((error: unknown) => {
      if (error instanceof EventStoreError && error.code === 'store-corrupted') throw error;
      throw recorded();
    });
    if (!current || current.revision < revision) throw recorded();
    return this.descriptor.view(current, { caller });
  }

  /**
   * The entity now: its record in the read model and the events after it. A
   * read model out of reach (or not yet holding the entity) costs a fold of
   * the whole stream, never a wrong answer.
   */
  private async current(id: string): Promise<EntitySnapshot<R> | undefined> {
    const streamId = this.contract.streamId(id);
    // The record was folded before the page was damaged: the store can no longer vouch for it, so neither do we.
    const lost = this.deps.unreadable?.get(streamId);
    if (lost) throw new UnreadableRevisions(streamId, lost, []);
    const { db, schema } = this.deps.readModels;
    const recorded = await this.records(db, schema, [id]).then(
      (records) => records.get(id) as EntitySnapshot<R> | undefined,
      () => undefined,
    );
    const after = await this.deps.store.readStream(
      streamId,
      recorded ? { fromRevision: recorded.revision + 1 } : undefined,
    );
    return this.fold(streamId, recorded, after);
  }

  /** Folds `events` onto `from` (or onto nothing) with the entity's own decider, the one way to fold. */
  private fold(
    streamId: string,
    from: EntitySnapshot<R> | undefined,
    events: readonly StoredEvent[],
  ): EntitySnapshot<R> | undefined {
    if (!from && events.length === 0) return undefined;
    return runFold(streamId, () => {
      const { evolve, initialState } = this.contract.decider;
      let state: S = from?.state ?? initialState();
      for (const event of events) state = evolve(state, { type: event.type, data: upcastEvent(event).data } as E);
      if (!this.contract.isRegistered(state)) return undefined;
      return { state, revision: events.at(-1)?.revision ?? from!.revision };
    });
  }
}
