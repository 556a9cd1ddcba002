import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { validationProblem } from './problems/problem.js';

const actorPattern = /^[\p{L}\p{N}._@-]{1,100}$/u;
const keyPattern = /^[\x21-\x7e]{1,200}$/;

const header = (context: ExecutionContext, name: string): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Who is acting. Until authentication lands this is the X-Actor header; it
 * never comes from a request body, so swapping in the token's subject
 * changes nothing else.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const actor = header(context, 'x-actor') ?? 'anonymous';
  if (!actorPattern.test(actor)) throw validationProblem([{ field: 'X-Actor', message: 'must be 1 to 100 letters, digits or ._@-' }]);
  return actor;
});

/** Idempotency-Key: repeating a write with the same key answers the same and changes nothing. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const key = header(context, 'idempotency-key');
  if (key !== undefined && !keyPattern.test(key)) {
    throw validationProblem([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return key;
});

/** If-Match: "3" or 3, the revision the client last saw. */
export const IfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const value = header(context, 'if-match');
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  if (!match) throw validationProblem([{ field: 'If-Match', message: 'must be a revision number, e.g. "3"' }]);
  return Number(match[1]);
});
