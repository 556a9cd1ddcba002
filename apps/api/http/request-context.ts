import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../libs/event-store/index.js';
import type { EntityRequest } from '../../../libs/contracts/index.js';
import type { CallerIdentity } from '../../../libs/domain/index.js';
import { authenticatedCaller } from './access.js';
import { fieldError, validationProblem, type FieldError } from '../problems/problem.js';

const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** Who calls, and the write's own headers: everything a command takes from outside its body. */
export type Caller = Readonly<{
  /** The token's subject: the actor of every event the request causes, never a field of a body. */
  actor: string;
  roles: readonly string[];
  /** Who shares a team with the actor (TEAMS_PATH). */
  team: readonly string[];
  /** Idempotency-Key: repeating a write with the same key answers the same and changes nothing. */
  idempotencyKey?: string;
  /** If-Match: "3" or 3, the revision the client last saw; "-1" for a stream it saw empty (a first policy, a case not yet registered). */
  ifMatchRevision?: number;
  /** The request's id (X-Request-Id, or one made up): it follows the command into the events it causes. */
  requestId?: string;
  /** With an Idempotency-Key: the request's route, caller and body in one hash; the key answers only a request that matches it. */
  fingerprint?: string;
}>;

/** What makes two requests the same request, as the IETF Idempotency-Key draft and Stripe read it: method, path, caller, body. */
const fingerprintOf = (request: Request, actor: string): string =>
  createHash('sha256')
    // A trailing slash names the same route.
    .update(canonicalJson([request.method, request.path.replace(/\/+$/, ''), actor, request.body ?? null]))
    .digest('base64url');

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export const readCaller = (request: Request): Caller => {
  const identity = authenticatedCaller(request);
  // The access guard runs before every route that reads the caller; reaching here without it is a wiring bug.
  if (!identity) throw new Error('No authenticated caller: is the route public by mistake?');
  const errors: FieldError[] = [];
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && !keyPattern.test(idempotencyKey)) {
    errors.push(fieldError('Idempotency-Key', 'idempotency-key'));
  }

  const ifMatch = header(request, 'if-match');
  const revision = ifMatch === undefined ? undefined : /^(?:W\/)?"?(-1|\d{1,15})"?$/.exec(ifMatch.trim());
  if (revision === null) errors.push(fieldError('If-Match', 'if-match'));

  if (errors.length > 0) throw validationProblem(errors);
  const requestId = (request as Request & { id?: unknown }).id;
  return {
    actor: identity.subject,
    roles: identity.roles,
    team: identity.team,
    idempotencyKey,
    ifMatchRevision: revision ? Number(revision[1]) : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    fingerprint: idempotencyKey === undefined ? undefined : fingerprintOf(request, identity.subject),
  };
};

export const CallerContext = createParamDecorator((_: unknown, context: ExecutionContext): Caller =>
  readCaller(context.switchToHttp().getRequest<Request>()),
);

/** A command as a workflow takes it: who asks comes from the token, never from the body. */
export const entityRequest = <P>(
  command: P,
  { actor, roles, team, ifMatchRevision, requestId, fingerprint }: Caller,
  expectedRevision?: number,
): EntityRequest<P> => ({
  command,
  actor,
  roles,
  team,
  expectedRevision: expectedRevision ?? ifMatchRevision,
  ...(requestId ? { correlationId: requestId } : {}),
  ...(fingerprint ? { fingerprint } : {}),
});

/** Who asks, as the domain's rules of access read it. */
export const identityOf = ({ actor, roles, team }: Pick<Caller, 'actor' | 'roles' | 'team'>): CallerIdentity => ({
  subject: actor,
  roles,
  team,
});

/** Who asked for an entity request, as the domain's rules of access read it. */
export const requesterOf = ({ actor, roles = [], team = [] }: EntityRequest<unknown>): CallerIdentity => ({
  subject: actor,
  roles,
  team,
});
