/**
 * The event store port. Every adapter (PostgreSQL, embedded PGlite, KurrentDB)
 * passes the same conformance suite.
 */

/** The revision of a stream with no event yet: a writer starts there, and appends to it as `no-stream`. */
export const noRevision = -1;

/** `no-stream`: the stream must not exist; `any`: no check; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'no-stream' | 'any' | number;

export type EventMetadata = Readonly<{
  actor?: string;
  correlationId?: string;
  causationId?: string;
  workflowId?: string;
  runId?: string;
  [key: string]: unknown;
}>;

export type NewEvent = Readonly<{
  /** Chosen by the writer and stable across retries: it is what makes a retried append a no-op. */
  id: string;
  type: string;
  data: unknown;
  metadata?: EventMetadata;
  schemaVersion?: number;
}>;

export type StoredEvent = Readonly<{
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  schemaVersion: number;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
}>;

export type AppendResult = Readonly<{ nextExpectedRevision: number; lastPosition: number }>;

export type ReadStreamOptions = Readonly<{
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}>;
/** Which events of the global order to read: by stream category (`complaint` of `complaint-<id>`) and/or event type. */
export type EventFilter = Readonly<{ categories?: readonly string[]; eventTypes?: readonly string[] }>;

export type ReadAllOptions = Readonly<{ fromPosition?: number; maxCount?: number; filter?: EventFilter }>;

/** What reading every page of the events table found: the blocks that fail their checksum, and the revisions each stream lost there. */
export type PageCheck = Readonly<{
  damagedBlocks: readonly number[];
  unreadable: readonly Readonly<{ streamId: string; revisions: readonly number[] }>[];
}>;

/** The category of a stream: what comes before the first '-' of its id. */
export const categoryOf = (streamId: string): string => streamId.split('-', 1)[0]!;

export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * The global order, in pages. Positions only grow and are never skipped by
   * a later commit, so a reader may checkpoint the last position it saw.
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** The position of the newest event in the global order; undefined while the store is empty. */
  headPosition(): Promise<number | undefined>;
  close(): Promise<void>;
}

export class EventStoreError extends Error {
  constructor(
    readonly code: 'revision-conflict' | 'invalid-append' | 'invalid-read' | 'store-unavailable' | 'store-corrupted',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EventStoreError';
  }
}

export const revisionConflict = (streamId: string, expected: ExpectedRevision, actual: number) =>
  new EventStoreError(
    'revision-conflict',
    `Stream ${streamId} is at revision ${actual}, expected ${String(expected)}`,
    {
      streamId,
      expectedRevision: expected,
      actualRevision: actual,
    },
  );

/**
 * Some of a stream's revisions sit on a page of the store that fails its
 * checksum: they cannot be read, by anyone, until the page is restored from
 * a backup. The revisions around them could be read and are carried along,
 * so an audit can still check what is left.
 */
export class UnreadableRevisions extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly revisions: readonly number[],
    readonly readable: readonly StoredEvent[],
  ) {
    super(
      'store-corrupted',
      `Stream ${streamId}: revision${revisions.length === 1 ? '' : 's'} ${revisions.join(', ')} cannot be read from the store (a damaged page)`,
      { streamId, unreadableRevisions: revisions },
    );
  }
}
