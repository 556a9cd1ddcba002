import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { TOKEN_VERIFIER, bearerTokenOf, type TokenVerifier } from './access.js';

/**
 * RATE_LIMIT_PER_MINUTE is one budget per client across every route (the
 * library's default key holds the route, which gave a client the limit on each
 * of them). The client is the subject of a valid bearer token, so people
 * behind one address do not share theirs, else the address the request came from.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  @Inject(TOKEN_VERIFIER) private readonly verify!: TokenVerifier;

  protected override async getTracker(request: Request): Promise<string> {
    const token = bearerTokenOf(request);
    // Verified tokens are cached, so this costs the access check that follows nothing.
    const subject =
      token &&
      (await this.verify(token).then(
        (identity) => identity.subject,
        () => undefined,
      ));
    return subject ? `subject:${subject}` : `address:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
