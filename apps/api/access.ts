import { SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Problem } from './problems/problem.js';
import { readCaller, type Caller } from './request-context.js';

const readOnlyKey = 'qloop:read-only';

/** A POST that changes nothing (a simulation): open to read-only roles. */
export const ReadOnly = () => SetMetadata(readOnlyKey, true);

const notPermitted = (detail: string) => new Problem(403, 'not-permitted', 'Not permitted', detail);

/** Refuses unless the caller holds one of `roles`. */
export const requireRole = (caller: Caller, ...roles: string[]): void => {
  if (!caller.roles.some((role) => roles.includes(role))) throw notPermitted(`This needs the role ${roles.join(' or ')}`);
};

/**
 * Auditors read everything and change nothing: a caller whose only role is
 * `auditor` is refused every write, whatever the route. (Who may do which
 * write beyond that is the domain's and the routes' business.)
 */
export class AuditorsReadOnly implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(readOnlyKey, [context.getHandler(), context.getClass()])) return true;
    const { roles } = readCaller(request);
    if (roles.length > 0 && roles.every((role) => role === 'auditor')) throw notPermitted('Auditors read and verify; they do not change cases or suppliers');
    return true;
  }
}
