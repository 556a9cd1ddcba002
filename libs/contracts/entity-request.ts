import type { Personal } from '../domain/personal.js';
/**
 * What an entity's workflow (a complaint case, a supplier's cycle) is asked:
 * a command with who asks. Shared by both, so it belongs to neither.
 */
export type EntityRequest<P> = Readonly<{
  command: P;
  /** Who asks: the authenticated subject, never a field of a request body. */
  actor: string;
  /** The roles the subject holds, for the rules of the domain that ask for one. */
  roles?: readonly string[];
  /** The subject's teammates (TEAMS_PATH): owners may work each other's cases. */
  team?: readonly string[];
  /** The revision the caller last saw; a stale one is refused with `revision-conflict`. */
  expectedRevision?: number;
  /** The API request that asked (its X-Request-Id): recorded as every resulting event's correlationId. */
  correlationId?: string;
  /** With an Idempotency-Key: what the request was (route, caller, body), so a key reused for another request is told apart. */
  fingerprint?: string;
  /**
   * What the e-mail its event calls for needs and the record must never keep
   * (a feedback link's URL, whose token answers for the customer): sealed
   * under the customer's key, it is in the workflow's history only as such.
   */
  forMail?: Readonly<Record<string, Personal>>;
}>;

/** An entity's workflow starts at the store's revision of a stream with no event yet. */
export { noRevision } from '../event-store/event-store.js';

/** An entity and the revision of the last event folded into it. */
export type EntitySnapshot<S> = Readonly<{
  state: S;
  revision: number;
  /** In an Update's answer: the fingerprint of the request that caused it, which a repeat of its key must match. */
  fingerprint?: string;
}>;
