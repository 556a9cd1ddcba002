import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  log,
  proxyActivities,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  causedBy,
  mailAttempts,
  noRevision,
  notifyAttempts,
  type Cause,
  type ComplaintNotification,
  type EntityAnswer,
  type EntityRequest,
  type EventStoreActivities,
  type FailureType,
  type MailActivities,
  type MailNotice,
  type NotificationActivities,
  type SupplierNotification,
} from '../libs/contracts/index.js';
import {
  DomainError,
  isNotificationEvent,
  type Command,
  type CommandPayload,
  type Decider,
  type Event,
  type MailOutcome,
} from '../libs/domain/index.js';
import { Serial } from './serial.js';

/**
 * An unreachable store is retried until it is back, at least every 5 seconds,
 * so a request held through an outage lands soon after (its caller may be
 * waiting with the same Idempotency-Key).
 */
const { appendEvents } = proxyActivities<EventStoreActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumInterval: '5 seconds',
    nonRetryableErrorTypes: ['revision-conflict', 'invalid-append'] satisfies FailureType[],
  },
});

/** Telling people is best effort: a webhook down for half an hour must not hold a case or a cycle. */
const { notify } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: notifyAttempts, maximumInterval: '5 minutes' },
});

/** A mail server down for half an hour must not lose a message. */
const { mail } = proxyActivities<MailActivities>({
  // One attempt writes to every holder of a role, each message bounded by the transport's own timeouts.
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: mailAttempts, maximumInterval: '5 minutes' },
});

/** What a case records when every attempt at a notice failed: one line per recipient it named. */
const notSent = (notice: MailNotice, error: unknown): MailOutcome => {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : 'failed';
  const recipient = 'customer' in notice.to ? 'customer' : (notice.to.staff.person ?? notice.to.staff.role);
  return {
    sent: [],
    failed: [{ channel: 'email', template: notice.template, recipient, reason, causeId: notice.causeId }],
  };
};

/**
 * The store refusing an append for good (text it cannot hold, a conflict)
 * fails the one request that caused it, as the request's own failure: the
 * workflow's state is untouched and the next request is handled as usual.
 */
const refusedByStore = (error: unknown): never => {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) {
    throw refuse(cause.type as FailureType, cause.message, (cause.details?.[0] ?? {}) as Record<string, unknown>);
  }
  throw error;
};

/** How long an entity whose registration was refused lingers before its workflow ends. */
const registrationGrace = '1 minute';

export const refuse = (type: FailureType, message: string, details: Record<string, unknown> = {}): ApplicationFailure =>
  ApplicationFailure.create({ type, message, details: [details], nonRetryable: true });

/** The cause of what an Update handler records: the Update itself. */
export const updateCause = (): Cause | undefined => {
  const id = currentUpdateInfo()?.id;
  return id === undefined ? undefined : causedBy.update(id);
};

/** An Update's answer: the revision it brought, and the fingerprint of the request it answers, which a repeat of the same Idempotency-Key is held to. */
export const answerTo = (request: EntityRequest<unknown>, answer: EntityAnswer): EntityAnswer =>
  request.fingerprint ? { ...answer, fingerprint: request.fingerprint } : answer;

/**
 * What every entity workflow (a complaint case, a supplier's cycle) does with
 * a request: decide on the current state, append the events with the expected
 * revision and ids fixed by the workflow, fold them in. The workflow is the
 * single writer of its stream; `serial` keeps two requests from deciding on
 * the same state.
 */
export class EventSourcedEntity<C extends Command, E extends Event<string, { at: string }>, S> {
  readonly serial = new Serial();
  private shownAttributes = '';
  /** Should a deadline ever find nothing to do (a calendar edge), the next wait lasts a second rather than spin. */
  private shortestWait = 1;

  /**
   * The revision of the last event that changed what people see of the
   * entity: a write that expects any revision from it on is current.
   */
  private currentFrom: number;

  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly streamId: string,
    public state: S,
    public revision: number = noRevision,
  ) {
    this.currentFrom = revision;
  }

  /** The entity as read from its stream (a restored run): every event read counts. */
  loaded(state: S, revision: number): void {
    this.state = state;
    this.revision = revision;
    this.currentFrom = revision;
  }

  /**
   * An Update's validator: refuses a request early, while nothing is being
   * written. While a write is under way its events may already be in the
   * store, where a caller can see them, so the handler decides once it lands.
   */
  validate(request: EntityRequest<CommandPayload<C>>, type: C['type']): void {
    if (!this.serial.busy) this.decide(request, type);
  }

  /** The events a request would cause now, or the failure that refuses it. */
  decide(request: EntityRequest<CommandPayload<C>>, type: C['type']): E[] {
    if (request?.command?.type !== type) {
      throw refuse('invalid-command', `Update ${type} carries a ${String(request?.command?.type)} command`);
    }
    // What a person saw is still current when only records of e-mail sent came after it.
    const { expectedRevision } = request;
    if (expectedRevision !== undefined && (expectedRevision < this.currentFrom || expectedRevision > this.revision)) {
      throw refuse('revision-conflict', `The stream is at revision ${this.revision}, not ${request.expectedRevision}`, {
        expectedRevision: request.expectedRevision,
        actualRevision: this.revision,
      });
    }
    try {
      // Time comes from the workflow's clock, the same clock its timers run on.
      const metadata = {
        now: new Date().toISOString(),
        actor: request.actor,
        roles: request.roles ?? [],
        team: request.team ?? [],
      };
      return this.decider.decide({ ...request.command, metadata } as unknown as C, this.state);
    } catch (error) {
      // A plain Error would fail the workflow task and retry forever; a failure fails only this request.
      if (error instanceof DomainError) throw refuse(error.code, error.message, error.details);
      throw refuse('invalid-command', error instanceof Error ? error.message : String(error));
    }
  }

  /** Appends what `request` decides and folds it in, calling `onEvent` with the state after each event and its id; answers how many. */
  async record(
    request: EntityRequest<CommandPayload<C>>,
    type: C['type'],
    cause: Cause | undefined,
    onEvent: (state: S, event: E, eventId: string) => void = () => undefined,
  ): Promise<number> {
    const events = this.decide(request, type);
    if (events.length === 0) return 0;
    const { workflowId, runId } = workflowInfo();
    const ids = events.map(() => uuid4());
    const appended = await appendEvents({
      streamId: this.streamId,
      expectedRevision: this.revision === noRevision ? 'no-stream' : this.revision,
      events: events.map((event, index) => ({
        id: ids[index]!,
        type: event.type,
        data: event.data,
        metadata: {
          actor: request.actor,
          // Typed, for the audit; its id also as causationId, as events have always carried it.
          cause,
          causationId: cause?.id,
          correlationId: request.correlationId ?? cause?.id,
          workflowId,
          runId,
        },
      })),
    }).catch(refusedByStore);
    const first = appended.nextExpectedRevision - events.length + 1;
    events.forEach((event, index) => {
      this.state = this.decider.evolve(this.state, event);
      if (!isNotificationEvent(event)) this.currentFrom = first + index;
      onEvent(this.state, event, ids[index]!);
    });
    this.revision = appended.nextExpectedRevision;
    return events.length;
  }

  /** Until a request registers the entity: false when none has within the grace period (its registration was refused). */
  registration(isRegistered: (state: S) => boolean): Promise<boolean> {
    return condition(() => isRegistered(this.state), registrationGrace);
  }

  /**
   * One turn of an entity's life: wait until a request changes it or its next
   * deadline comes (none: until a request). At the deadline, `onDeadline`
   * (the entity's own check of its clocks) runs in turn with requests and
   * answers whether it found anything to do.
   */
  async untilChangeOrDeadline(deadline: string | undefined, onDeadline: () => Promise<boolean>): Promise<void> {
    const seen = this.revision;
    const changed = () => this.revision !== seen;
    if (deadline === undefined) {
      await condition(changed);
      return;
    }
    if (await condition(changed, Math.max(this.shortestWait, Date.parse(deadline) - Date.now()))) return;
    const found = await this.serial.run(() => survive('the check of its deadlines', onDeadline));
    // Nothing found (a calendar edge) or the check failed: wait a while rather than spin.
    this.shortestWait = found === true ? 1 : found === failedWork ? 60_000 : 1000;
  }

  /** Upserts search attributes when they differ from the last ones shown. */
  showInVisibility(values: SearchAttributeUpdatePair[]): void {
    // An entity Visibility needs nothing of (a customer) never asks.
    if (values.length === 0) return;
    const shown = JSON.stringify(values.map(({ key, value }) => [key.name, value]));
    if (shown === this.shownAttributes) return;
    upsertSearchAttributes(values);
    this.shownAttributes = shown;
  }
}

/** What `survive` answers for work that failed. */
export const failedWork = Symbol('failed');

/**
 * Work the entity's own loop does (a deadline's check, an evaluation it
 * opens) that fails is logged and answers `failedWork`, for the loop to try
 * again later. A failure there must never end the workflow (an
 * ApplicationFailure would fail it for good) nor fail its task for ever (any
 * other error): the entity must stay able to take requests.
 */
export const survive = async <T>(what: string, work: () => Promise<T>): Promise<T | typeof failedWork> => {
  try {
    return await work();
  } catch (error) {
    log.warn(`${what} failed; trying again later`, { error: error instanceof Error ? error.message : String(error) });
    return failedWork;
  }
};

/** After work of the loop failed: a pause before the next try, during which requests are taken as usual. */
export const pauseAfterFailure = (): Promise<void> => sleep('1 minute');

/** Work a run starts and must see finished before it ends: notifications, e-mails, signals to other workflows. */
export class FollowUps {
  private readonly pending = new Set<Promise<void>>();

  /** `recordMail` puts what the mail activity reports on the entity's record. */
  constructor(private readonly recordMail: (outcome: MailOutcome, notice: MailNotice) => Promise<unknown>) {}

  /** Sends a notification on, best effort, before the run ends. */
  notify(notification: ComplaintNotification | SupplierNotification): void {
    this.track(notify(notification));
  }

  /** Sends an e-mail and records on the entity that it went, or that it could not. */
  mail(notice: MailNotice): void {
    this.track(
      mail(notice)
        .catch((error: unknown) => notSent(notice, error))
        .then((outcome) =>
          outcome.sent.length + outcome.failed.length > 0 ? this.recordMail(outcome, notice) : undefined,
        ),
    );
  }

  /** Failures are the work's own business (a notification given up, a signal to a workflow that is not there). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /**
   * Until no handler runs and nothing is pending. The last await before the
   * run ends (or continues as new) is the handler check, so no update can be
   * accepted by this run and then cut off.
   */
  async settle(): Promise<void> {
    for (;;) {
      await Promise.all(this.pending);
      await condition(allHandlersFinished);
      if (this.pending.size === 0) return;
    }
  }
}
