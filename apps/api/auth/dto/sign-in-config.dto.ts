import { ApiProperty } from '@nestjs/swagger';

/** `GET /auth/config` in embedded mode: a person picked on this machine signs in (`POST /auth/dev-token`). */
export class EmbeddedSignInDto {
  @ApiProperty({ enum: ['embedded'] }) mode!: 'embedded';
}

/** `GET /auth/config` with an identity provider: the authorization code flow with PKCE, against this issuer and client. */
export class OidcSignInDto {
  @ApiProperty({ enum: ['oidc'] }) mode!: 'oidc';
  @ApiProperty({ format: 'uri', example: 'https://id.example.com/realms/quality' }) issuer!: string;
  @ApiProperty({ example: 'qloop-web' }) clientId!: string;
  @ApiProperty({ example: 'openid profile' }) scope!: string;
}

/** `GET /auth/config` otherwise: a person pastes a bearer token. */
export class TokenSignInDto {
  @ApiProperty({ enum: ['token'] }) mode!: 'token';
}

/** The three ways to sign in (`SignInConfig` in libs/contracts/read-views.ts), by their `mode`. */
export const signInConfigModels = { embedded: EmbeddedSignInDto, oidc: OidcSignInDto, token: TokenSignInDto } as const;
