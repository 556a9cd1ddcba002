import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  parsePolicy,
  policyAdopted,
  policyStreamId,
  type PolicyAdoptedData,
  type PolicyKind,
  type PolicyOf,
} from '../../../libs/contracts/index.js';
import { InvalidPolicy } from '../../../libs/domain/index.js';
import { noRevision } from '../../../libs/contracts/index.js';
import {
  EventStoreError,
  type EventStore,
  type ExpectedRevision,
  type StoredEvent,
} from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, EVENT_STORE } from '../../../libs/platform/nest/tokens.js';
import { invalidPolicy, keyReused, Problem } from '../problems/problem.js';
import type { Caller } from '../http/request-context.js';
import type { PolicyView } from '../../../libs/contracts/read-views.js';

export type { PolicyView };
import { idFromKey } from '../../../libs/support/stable-id.js';

const toView = (event: StoredEvent): PolicyView => {
  const { kind, document, reason } = event.data as PolicyAdoptedData;
  return {
    kind,
    source: 'adopted',
    revision: event.revision,
    document,
    adoptedAt: event.recordedAt,
    adoptedBy: event.metadata.actor,
    ...(reason ? { reason } : {}),
  };
};

@Injectable()
export class PoliciesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The policy in force: the last one adopted through the API that today's
   * checks still accept (one adopted before a bound existed, such as a
   * ten-year limit on durations, is passed over rather than break every
   * registration), else the configured one.
   */
  async current<K extends PolicyKind>(kind: K): Promise<{ view: PolicyView; policy: PolicyOf<K> }> {
    // Every registration asks: one read of the newest, and one more for each version today's checks refuse.
    const streamId = policyStreamId(kind);
    for (let from: number | undefined; ;) {
      const [event] = await this.store.readStream(streamId, {
        direction: 'backwards',
        maxCount: 1,
        fromRevision: from,
      });
      if (!event) break;
      const view = toView(event);
      try {
        return { view, policy: parsePolicy(kind, view.document) };
      } catch (error) {
        if (!(error instanceof InvalidPolicy)) throw error;
      }
      if (event.revision === 0) break;
      from = event.revision - 1;
    }
    const policy = (kind === 'sla' ? this.config.slaPolicy : this.config.evaluationPolicy) as PolicyOf<K>;
    const { source, document } = this.config.configuredPolicies[kind];
    return { view: { kind, source, revision: -1, document }, policy };
  }

  async history(kind: PolicyKind): Promise<PolicyView[]> {
    return (await this.store.readStream(policyStreamId(kind))).map(toView);
  }

  /** Validates the document as start-up validates a file, then records it; cases registered from now on follow it. */
  async adopt(kind: PolicyKind, document: unknown, reason: string | undefined, caller: Caller): Promise<PolicyView> {
    try {
      parsePolicy(kind, document);
    } catch (error) {
      if (error instanceof InvalidPolicy) throw invalidPolicy(error);
      throw error;
    }
    const { idempotencyKey, ifMatchRevision, actor, requestId, fingerprint } = caller;
    const data: PolicyAdoptedData = { kind, document, ...(reason ? { reason } : {}) };
    const event = {
      id: idempotencyKey ? idFromKey(`policy-${kind}`, idempotencyKey) : randomUUID(),
      type: policyAdopted,
      data,
      metadata: { actor, correlationId: requestId, ...(fingerprint ? { fingerprint } : {}) },
    };
    const expectedRevision: ExpectedRevision =
      ifMatchRevision === undefined ? 'any' : ifMatchRevision === noRevision ? 'no-stream' : ifMatchRevision;
    try {
      await this.store.append(policyStreamId(kind), [event], { expectedRevision });
    } catch (error) {
      if (error instanceof EventStoreError && error.code === 'revision-conflict') {
        throw new Problem(
          'revision-conflict',
          error.message,
          { actualRevision: error.details.actualRevision },
          {
            key: 'revision-conflict',
            params: { actual: Number(error.details.actualRevision), expected: String(error.details.expectedRevision) },
          },
        );
      }
      throw error;
    }
    const adopted = (await this.store.readStream(policyStreamId(kind))).find((stored) => stored.id === event.id)!;
    // The key's first request adopted another document, or came from someone else.
    const first = adopted.metadata.fingerprint;
    if (fingerprint && typeof first === 'string' && first !== fingerprint) throw keyReused();
    return toView(adopted);
  }
}
