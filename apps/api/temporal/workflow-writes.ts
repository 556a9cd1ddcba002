import { Inject, Injectable } from '@nestjs/common';
import { isGrpcDeadlineError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { EventStoreError, type EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, EVENT_STORE, TEMPORAL_CLIENT } from '../../../libs/platform/nest/tokens.js';
import { keyReused, problemSaying } from '../problems/problem.js';

/** A write that may still land: why it was not answered, and what the caller should do. */
const unfinished = (key: 'write-timed-out' | 'write-held-by-store', params?: { timeoutMs: number }) =>
  problemSaying('unavailable', key, params, { pending: true });

/**
 * Every write the API sends to a case's or a supplier's workflow passes here.
 *
 * A store over the network is asked first (one indexed read): while it is
 * down nothing is sent, so a 503 then means nothing was written. The embedded
 * store lives in this process, so it cannot be out of reach while we run; and
 * a request that has just read the store (a registration reads the policy in
 * force, a reopening the case) has had its answer already.
 *
 * A write already sent is held by its workflow, which appends once the store
 * is back; the API waits for it at most `writeTimeoutMs`, then answers 503
 * saying the write may still land. Its Idempotency-Key is the update's id, so
 * repeating the request with the same key attaches to that same update and
 * answers its outcome, once.
 */
@Injectable()
export class WorkflowWrites {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send<T extends { fingerprint?: string }>(
    write: () => Promise<T>,
    { storeJustAnswered = false, fingerprint }: { storeJustAnswered?: boolean; fingerprint?: string } = {},
  ): Promise<T> {
    if (!storeJustAnswered && this.config.eventStore.kind !== 'embedded') await this.probeStore();
    const { writeTimeoutMs } = this.config.http;
    let answer: T;
    try {
      answer = await this.temporal.connection.withDeadline(Date.now() + writeTimeoutMs, write);
    } catch (error) {
      if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) && !isGrpcDeadlineError(error)) throw error;
      const storeUp = await this.probeStore().then(
        () => true,
        () => false,
      );
      throw storeUp ? unfinished('write-timed-out', { timeoutMs: writeTimeoutMs }) : unfinished('write-held-by-store');
    }
    // The key's first request was another one: its answer is not this request's.
    if (fingerprint && answer.fingerprint && answer.fingerprint !== fingerprint) throw keyReused();
    return answer;
  }

  /** Throws the store's `store-unavailable` (503) when it does not answer. */
  private async probeStore(): Promise<void> {
    try {
      await this.store.headPosition();
    } catch (error) {
      throw error instanceof EventStoreError
        ? error
        : new EventStoreError('store-unavailable', 'The event store did not answer');
    }
  }
}
