import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { issueToken, signingSecret } from '../../../libs/platform/auth.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { APP_CONFIG, EVENT_STORE } from '../../../libs/platform/nest/tokens.js';
import { recordProfile } from '../../../libs/platform/staff-directory.js';
import { Public, ReadOnly, authenticatedCaller } from '../http/access.js';
import { problemSaying } from '../problems/problem.js';
import { problems, Secured } from '../http/routes.js';
import { DevTokenDto, DevTokenIssuedDto } from './dto/dev-token.dto.js';
import { signInConfigModels } from './dto/sign-in-config.dto.js';
import { MeDto } from './dto/me.dto.js';
import { allowedGlobalActions } from '../../../libs/domain/index.js';
import { isForwarded, isLoopback, isLoopbackHostHeader, signInModeOf } from './sign-in-mode.js';

/** Short enough that a token left in a browser tab soon proves nothing. */
const devTokenSeconds = 8 * 3600;

/** How a browser signs in, and who the caller is. */
@ApiTags('auth')
@Controller()
export class AuthController {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('auth/config')
  @Public()
  @ApiOperation({
    summary:
      'How a browser signs in: embedded (pick a person on this machine), oidc (issuer and client id) or token (paste one)',
  })
  @ApiExtraModels(...Object.values(signInConfigModels))
  @ApiOkResponse({
    description: 'One of three, told apart by mode',
    schema: {
      oneOf: Object.values(signInConfigModels).map((model) => ({ $ref: getSchemaPath(model) })),
      // Without a mapping, a discriminator's values would be the schemas' names.
      discriminator: {
        propertyName: 'mode',
        mapping: Object.fromEntries(
          Object.entries(signInConfigModels).map(([mode, model]) => [mode, getSchemaPath(model)]),
        ),
      },
    },
  })
  @problems(429)
  signInConfig() {
    return signInModeOf(this.config);
  }

  @Post('auth/dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Embedded mode only, from this machine (a loopback address and Host name, no proxy in between): a short-lived token for the person and roles chosen. Refused (403) in every other configuration',
  })
  @ApiBody({ type: DevTokenDto, examples: { example: { value: DevTokenDto.example } } })
  @ApiOkResponse({ type: DevTokenIssuedDto })
  @problems(400, 403, 429)
  async devToken(@Body() dto: DevTokenDto, @Req() request: Request) {
    const fromThisMachine =
      isLoopback(request.socket.remoteAddress ?? '') &&
      isLoopbackHostHeader(request.headers.host) &&
      !isForwarded(request.headers);
    if (signInModeOf(this.config).mode !== 'embedded' || !fromThisMachine) {
      throw problemSaying('not-permitted', 'dev-sign-in-local-only');
    }
    const { auth, dataDir } = this.config;
    const ttlSeconds = Math.min(devTokenSeconds, auth.maxTtlSeconds);
    const token = await issueToken(
      signingSecret(auth, dataDir)!,
      { subject: dto.subject, roles: dto.roles },
      { ttlSeconds, issuer: auth.issuer, audience: auth.audience },
    );
    return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
  }

  @Get('me')
  @Secured()
  @ReadOnly()
  @ApiOperation({
    summary:
      "The caller: the token's subject, its roles, the teammates whose cases they may work, and what they may do outside any case (register a complaint or a supplier, administer)",
  })
  @ApiOkResponse({ type: MeDto })
  async me(@Req() request: Request): Promise<MeDto> {
    const { subject, roles, team, profile } = authenticatedCaller(request)!;
    // Each sign-in asks who it is: what the identity provider says of the person is kept for e-mail to reach them.
    if (profile)
      await recordProfile(this.store, subject, profile).catch((error: unknown) =>
        this.logger.warn(`The profile of ${subject} could not be kept: ${String(error)}`),
      );
    return { subject, roles: [...roles], team: [...team], allowedActions: allowedGlobalActions({ roles }) };
  }
}
