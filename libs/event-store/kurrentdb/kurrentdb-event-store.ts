import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  categoryOf,
  EventStoreError,
  revisionConflict,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  noRevision,
} from '../event-store.js';
import { chainHash } from '../hash-chain.js';
import { validateAppend, validateRead } from '../validate.js';

type Kurrent = typeof import('@kurrent/kurrentdb-client');

/** KurrentDB keeps no hash chain of its own: ours travels in each event's metadata under this key. */
type ChainFields = Readonly<{ hash: string; prevHash: string | null; recordedAt: string; schemaVersion: number }>;
type StoredMetadata = EventMetadata & { qloop?: ChainFields };

type Recorded = Readonly<{
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
  position?: { commit: bigint; prepare: bigint };
}>;

const toStoredEvent = (event: Recorded): StoredEvent => {
  const { qloop, ...metadata } = (event.metadata ?? {}) as StoredMetadata;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    // Each event of an append has its own log position; its commit position orders $all.
    position: Number(event.position?.commit ?? -1),
    type: event.type,
    data: event.data,
    metadata,
    schemaVersion: qloop?.schemaVersion ?? 1,
    recordedAt: qloop?.recordedAt ?? '',
    prevHash: qloop?.prevHash ?? null,
    hash: qloop?.hash ?? '',
  };
};

const isUserEvent = (event: Recorded | undefined): event is Recorded =>
  !!event && event.isJson && !event.type.startsWith('$') && !event.streamId.startsWith('$');

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The event store on KurrentDB (EventStoreDB): the same port, proven by the same conformance suite. */
export class KurrentDbEventStore implements EventStore {
  private constructor(
    private readonly client: KurrentDBClient,
    private readonly kurrent: Kurrent,
  ) {}

  /** An unreachable server is the port's `store-unavailable`, whatever the client calls it. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof this.kurrent.UnavailableError || error instanceof this.kurrent.DeadlineExceededError) {
        throw new EventStoreError('store-unavailable', 'KurrentDB is unavailable', { cause: String(error) });
      }
      throw error;
    }
  }

  static async open(connectionString: string): Promise<KurrentDbEventStore> {
    // An optional dependency: loaded only by those who choose this adapter.
    const kurrent = await import('@kurrent/kurrentdb-client');
    return new KurrentDbEventStore(kurrent.KurrentDBClient.connectionString(connectionString), kurrent);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedRevision);
    return this.guard(() => this.appendChecked(streamId, events, options.expectedRevision));
  }

  private async appendChecked(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const [last] = await this.readStreamChecked(streamId, { direction: 'backwards', maxCount: 1 });
    const current = last?.revision ?? noRevision;

    const replayed = await this.alreadyAppended(streamId, events, expectedRevision);
    if (replayed) return replayed;
    const satisfied =
      expectedRevision === 'any' ||
      (expectedRevision === 'no-stream' ? current === noRevision : expectedRevision === current);
    if (!satisfied) throw revisionConflict(streamId, expectedRevision, current);

    const recordedAt = new Date().toISOString();
    let prevHash = last?.hash ?? null;
    const data = events.map((event, index) => {
      const metadata = event.metadata ?? {};
      const schemaVersion = event.schemaVersion ?? 1;
      const hash = chainHash(prevHash, {
        id: event.id,
        streamId,
        revision: current + 1 + index,
        type: event.type,
        data: event.data,
        metadata,
        schemaVersion,
        recordedAt,
      });
      const qloop: ChainFields = { hash, prevHash, recordedAt, schemaVersion };
      prevHash = hash;
      return this.kurrent.jsonEvent({
        id: event.id,
        type: event.type,
        data: event.data as never,
        metadata: { ...metadata, qloop },
      });
    });
    try {
      // The state we read is the state we chained from: any writer in between makes this fail, not fork the chain.
      const result = await this.client.appendToStream(streamId, data, {
        streamState: current === noRevision ? this.kurrent.NO_STREAM : BigInt(current),
      });
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        lastPosition: Number(result.position?.commit ?? -1),
      };
    } catch (error) {
      if (error instanceof this.kurrent.WrongExpectedVersionError)
        throw revisionConflict(streamId, expectedRevision, current);
      throw error;
    }
  }

  /** As in the SQL adapter: a retry of a stored batch answers as the first time and writes nothing. */
  private async alreadyAppended(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const from = expected === 'any' ? undefined : expected === 'no-stream' ? 0 : expected + 1;
    if (from === undefined) return undefined;
    const stored = await this.readStreamChecked(streamId, { fromRevision: from, maxCount: events.length });
    if (stored.length === 0 || stored[0]!.id !== events[0]!.id) return undefined;
    if (stored.length !== events.length || stored.some((event, index) => event.id !== events[index]!.id)) {
      throw new EventStoreError('invalid-append', 'Event ids already used elsewhere', { streamId });
    }
    return { nextExpectedRevision: stored.at(-1)!.revision, lastPosition: stored.at(-1)!.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    validateRead({ fromRevision: options.fromRevision, maxCount: options.maxCount });
    return this.guard(() => this.readStreamChecked(streamId, options));
  }

  private async readStreamChecked(
    streamId: string,
    { fromRevision, direction = 'forwards', maxCount }: ReadStreamOptions,
  ): Promise<StoredEvent[]> {
    const forwards = direction === 'forwards';
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision:
          fromRevision === undefined ? (forwards ? this.kurrent.START : this.kurrent.END) : BigInt(fromRevision),
        direction: forwards ? this.kurrent.FORWARDS : this.kurrent.BACKWARDS,
        maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event as Recorded));
      }
    } catch (error) {
      if (error instanceof this.kurrent.StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    validateRead({ fromPosition: options.fromPosition, maxCount: options.maxCount });
    return this.guard(() => this.readAllChecked(options));
  }

  private async readAllChecked({ fromPosition = 0, maxCount = 1000, filter }: ReadAllOptions): Promise<StoredEvent[]> {
    const { streamNameFilter, excludeSystemEvents } = this.kurrent;
    const serverFilter = filter?.categories
      ? streamNameFilter({ regex: `^(${filter.categories.map(escapeRegex).join('|')})-` })
      : excludeSystemEvents();
    const types = filter?.eventTypes && new Set(filter.eventTypes);
    const events: StoredEvent[] = [];
    const position = BigInt(fromPosition);
    for await (const resolved of this.client.readAll({
      fromPosition: fromPosition === 0 ? this.kurrent.START : { commit: position, prepare: position },
      filter: serverFilter,
    })) {
      const event = resolved.event as Recorded | undefined;
      if (!isUserEvent(event) || (types && !types.has(event.type))) continue;
      if (filter?.categories && !filter.categories.includes(categoryOf(event.streamId))) continue;
      events.push(toStoredEvent(event));
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async headPosition(): Promise<number | undefined> {
    return this.guard(async () => {
      const { BACKWARDS, END, excludeSystemEvents } = this.kurrent;
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        filter: excludeSystemEvents(),
        maxCount: 100,
      })) {
        const event = resolved.event as Recorded | undefined;
        if (isUserEvent(event)) return toStoredEvent(event).position;
      }
      return undefined;
    });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
