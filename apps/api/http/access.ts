import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { roles as allRoles, type Role } from '../../../libs/domain/index.js';
import { InvalidToken, KeysUnavailable, type Identity } from '../../../libs/platform/auth.js';
import { teammatesOf, type AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG } from '../../../libs/platform/nest/tokens.js';
import { problem, problemSaying } from '../problems/problem.js';

/** Checks a bearer token; provided by the API module from the configuration. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export type TokenVerifier = (token: string) => Promise<Identity>;

const allowedKey = 'qloop:allowed-roles';
const publicKey = 'qloop:public';

/** The roles that may call a route (or every route of a controller). */
export const Allow = (...roles: Role[]) => SetMetadata(allowedKey, roles);

/** A route anyone may call, without a token: liveness, readiness, metrics. */
export const Public = () => SetMetadata(publicKey, true);

/** A POST that changes nothing (a simulation): open to every role, as reads are. */
export const ReadOnly = () => Allow(...allRoles);

/** The authenticated caller, as the guard found them. */
export type AuthenticatedCaller = Identity & Readonly<{ team: readonly string[] }>;
const callerKey = Symbol('qloop:caller');
export const authenticatedCaller = (request: Request): AuthenticatedCaller | undefined =>
  (request as unknown as Record<symbol, AuthenticatedCaller>)[callerKey];

/** The token of `Authorization: Bearer <token>`, if the header says exactly that. */
export const bearerTokenOf = (request: Request): string | undefined => {
  const [scheme, token, ...rest] = (request.headers.authorization ?? '').trim().split(/\s+/);
  return /^bearer$/i.test(scheme ?? '') && token && rest.length === 0 ? token : undefined;
};

const unauthenticated = (detail: string) => problem('unauthenticated', detail);

/**
 * Every route but the public ones needs a valid bearer token, and a role the
 * route allows: reads allow every role unless they say otherwise; a write
 * allows only the roles it names, so a write that names none is closed to
 * all. Which case an owner may work is decided by the domain, which knows
 * the case.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(publicKey, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) throw problemSaying('unauthenticated', 'bearer-token-missing');
    let identity: Identity;
    try {
      identity = await this.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthenticated(error.message);
      if (error instanceof KeysUnavailable) throw problemSaying('unavailable', 'identity-provider-unavailable');
      throw error;
    }
    const reads = ['GET', 'HEAD'].includes(request.method);
    const allowed = this.reflector.getAllAndOverride<Role[]>(allowedKey, targets) ?? (reads ? allRoles : []);
    if (!identity.roles.some((role) => allowed.includes(role))) {
      throw allowed.length > 0
        ? problemSaying('not-permitted', 'role-required', {
            allowed,
            held: identity.roles.length > 0 ? identity.roles : ['—'],
          })
        : problemSaying('not-permitted', 'nobody-may-call');
    }
    (request as unknown as Record<symbol, AuthenticatedCaller>)[callerKey] = {
      ...identity,
      team: teammatesOf(this.config.auth.teams, identity.subject),
    };
    return true;
  }
}
