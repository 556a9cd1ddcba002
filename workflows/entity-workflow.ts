import { condition, setHandler } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import {
  causedBy,
  noRevision,
  type Cause,
  type EntityAnswer,
  type EntityContract,
  type EntityRequest,
  type EntitySnapshot,
  type FailureType,
} from '../libs/contracts/index.js';
import { notifierActor, type Command, type CommandPayload, type Event } from '../libs/domain/index.js';
import { answerTo, EventSourcedEntity, FollowUps, refuse, updateCause } from './event-sourced-entity.js';

type Request<C extends Command> = EntityRequest<CommandPayload<C>>;

/** What one kind of entity adds to the shell: what its events set off, how it shows in Visibility, how it completes a request. */
export type EntityWorkflowHooks<C extends Command, E extends Event, R, U extends C['type']> = Readonly<{
  /** The failure an Update gets when the entity is not (or no longer) registered. */
  notRegistered: FailureType;
  /** Notifications, signals: what an event calls for, tracked by `followUps`. */
  followUp: (state: R, event: E, followUps: FollowUps, eventId: string, request: Request<C>) => void;
  searchAttributes: (state: R) => SearchAttributeUpdatePair[];
  /** The request as the decider takes it: what only the workflow can add (a case number). Runs in turn with the others. */
  complete?: (request: Request<C>, type: U) => Promise<Request<C>>;
  /** The request as its validator judges it, before `complete` could run. */
  asValidated?: (request: Request<C>) => Request<C>;
  /** Until it holds, Updates wait and validators let requests through (a restored run reading its record). */
  ready?: () => boolean;
}>;

/**
 * The part every entity workflow shares: the entity held in memory and
 * recorded through its decider, one Update handler per command people send,
 * the snapshot query, follow-ups awaited before the run ends, and what is
 * carried across continue-as-new. The workflow adds only its own loop.
 */
export class EntityWorkflow<
  C extends Command,
  E extends Event<string, { at: string }>,
  S,
  R extends S,
  U extends C['type'],
> {
  readonly entity: EventSourcedEntity<C, E, S>;
  readonly followUps = new FollowUps((outcome, notice) =>
    this.entity.serial.run(() =>
      this.record(
        { command: { type: 'RecordNotifications', data: outcome }, actor: notifierActor } as unknown as Request<C>,
        'RecordNotifications' as C['type'],
        causedBy.mail(notice.causeId),
      ),
    ),
  );

  constructor(
    private readonly contract: EntityContract<C, E, S, R, U>,
    id: string,
    carried: EntitySnapshot<R> | undefined,
    private readonly hooks: EntityWorkflowHooks<C, E, R, U>,
  ) {
    this.entity = new EventSourcedEntity<C, E, S>(
      contract.decider,
      contract.streamId(id),
      carried ? contract.upcastState(carried.state) : contract.decider.initialState(),
      carried?.revision ?? noRevision,
    );
  }

  /** The entity, once registered. */
  registered(): R | undefined {
    const { state } = this.entity;
    return this.contract.isRegistered(state) ? state : undefined;
  }

  snapshot(): EntitySnapshot<R> | null {
    const state = this.registered();
    return state === undefined ? null : { state, revision: this.entity.revision };
  }

  /** Decides, appends and folds in what a request causes; tells whoever must hear; answers how many events. */
  async record(request: Request<C>, type: C['type'], cause: Cause | undefined): Promise<number> {
    const recorded = await this.entity.record(request, type, cause, (state, event, eventId) => {
      if (this.contract.isRegistered(state)) this.hooks.followUp(state, event, this.followUps, eventId, request);
    });
    const state = this.registered();
    if (recorded > 0 && state !== undefined) this.entity.showInVisibility(this.hooks.searchAttributes(state));
    return recorded;
  }

  /** One handler per Update the contract names, each in turn with the others, and the snapshot query. */
  serve(): void {
    const { ready, complete, asValidated = (request) => request } = this.hooks;
    const handle = async (request: Request<C>, type: U): Promise<EntityAnswer> => {
      if (ready) await condition(ready);
      await this.record(complete ? await complete(request, type) : request, type, updateCause());
      if (this.registered() === undefined) throw refuse(this.hooks.notRegistered, 'Not registered');
      return answerTo(request, { revision: this.entity.revision });
    };
    for (const type of this.contract.updateTypes) {
      const update = this.contract.updates[type] as UpdateDefinition<EntityAnswer, [Request<C>], string>;
      setHandler(update, (request) => this.entity.serial.run(() => handle(request, type)), {
        validator: (request) => {
          if (!ready || ready()) this.entity.validate(asValidated(request), type);
        },
      });
    }
    setHandler(this.contract.snapshotQuery, () => this.snapshot());
  }

  /** Until a request registers the entity: false when none did within the grace period. */
  registration(): Promise<boolean> {
    return this.entity.registration((state) => this.contract.isRegistered(state));
  }
}
