import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { validationProblem, type FieldError } from './problems/problem.js';

const actorPattern = /^[\p{L}\p{N}._@-]{1,100}$/u;
const keyPattern = /^[\x21-\x7e]{1,200}$/;
export const knownRoles = ['owner', 'supervisor', 'auditor', 'quality-engineer', 'admin'] as const;

/** Who calls, and the write's own headers: everything a command takes from outside its body. */
export type Caller = Readonly<{
  actor: string;
  roles: readonly string[];
  /** Idempotency-Key: repeating a write with the same key answers the same and changes nothing. */
  idempotencyKey?: string;
  /** If-Match: "3" or 3, the revision the client last saw. */
  ifMatchRevision?: number;
}>;

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Until authentication lands, the actor is the X-Actor header and the roles
 * the X-Roles header; neither ever comes from a request body, so swapping in
 * the token's subject and roles changes nothing else.
 */
export const readCaller = (request: Request): Caller => {
  const errors: FieldError[] = [];
  const actor = header(request, 'x-actor') ?? 'anonymous';
  if (!actorPattern.test(actor)) errors.push({ field: 'X-Actor', message: 'must be 1 to 100 letters, digits or ._@-' });

  const roles = (header(request, 'x-roles') ?? '').split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(knownRoles as readonly string[]).includes(role));
  if (unknown.length > 0) errors.push({ field: 'X-Roles', message: `unknown roles ${unknown.join(', ')}; known: ${knownRoles.join(', ')}` });

  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && !keyPattern.test(idempotencyKey)) {
    errors.push({ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' });
  }

  const ifMatch = header(request, 'if-match');
  const revision = ifMatch === undefined ? undefined : /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim());
  if (revision === null) errors.push({ field: 'If-Match', message: 'must be a revision number, e.g. "3"' });

  if (errors.length > 0) throw validationProblem(errors);
  return { actor, roles, idempotencyKey, ifMatchRevision: revision ? Number(revision[1]) : undefined };
};

export const CallerContext = createParamDecorator((_: unknown, context: ExecutionContext): Caller => readCaller(context.switchToHttp().getRequest<Request>()));
