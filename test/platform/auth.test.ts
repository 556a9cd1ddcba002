import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  embeddedSecretPath,
  InvalidToken,
  issueToken,
  KeysUnavailable,
  signingSecret,
  tokenVerifier,
} from '../../libs/platform/auth.js';
import type { AuthConfig } from '../../libs/platform/config.js';
import { signJwt, testJwtSecret, tokenFor } from '../support/tokens.js';

const day = 24 * 3600;
const hs256: AuthConfig = { secret: testJwtSecret, rolesClaim: 'roles', maxTtlSeconds: day, teams: {} };
const now = () => Math.floor(Date.now() / 1000);

const refused = async (verify: (token: string) => Promise<unknown>, token: string, reason: RegExp) =>
  assert.rejects(verify(token), (error: unknown) => {
    assert.ok(error instanceof InvalidToken, String(error));
    assert.match(error.message, reason);
    return true;
  });

describe('bearer tokens', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-auth-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('accepts a standard HS256 token, keeping the roles qloop knows', async () => {
    const verify = tokenVerifier(hs256, dataDir);
    assert.deepEqual(await verify(tokenFor('li.wei', ['owner', 'emperor', 'owner'])), {
      subject: 'li.wei',
      roles: ['owner'],
    });
    assert.deepEqual(await verify(signJwt({ sub: 'sup.wang', roles: 'supervisor auditor', exp: now() + 60 })), {
      subject: 'sup.wang',
      roles: ['supervisor', 'auditor'],
    });
  });

  it('refuses expired, foreign, unsigned, subjectless and endless tokens', async () => {
    const verify = tokenVerifier(hs256, dataDir);
    await refused(verify, tokenFor('li.wei', ['owner'], -120), /expired/);
    await refused(
      verify,
      signJwt({ sub: 'li.wei', roles: ['admin'], exp: now() + 60 }, 'not-the-secret-but-just-as-long-0123456789'),
      /not signed|malformed/,
    );
    await refused(
      verify,
      signJwt({ sub: 'li.wei', roles: ['admin'], exp: now() + 60 }, '', { alg: 'none' }).replace(/[^.]+$/, ''),
      /malformed|signed/,
    );
    await refused(verify, signJwt({ roles: ['admin'], exp: now() + 60 }), /sub/);
    await refused(verify, signJwt({ sub: 'li.wei', roles: ['admin'] }), /exp/);
    await refused(verify, signJwt({ sub: 'li wei/../x', roles: ['admin'], exp: now() + 60 }), /subject/);
    await refused(verify, 'not-a-token', /malformed/);
  });

  it('refuses a token that lives longer than JWT_MAX_TTL, counted from iat, or from now without one', async () => {
    const verify = tokenVerifier(hs256, dataDir);
    const century = 100 * 365 * day;
    await refused(
      verify,
      signJwt({ sub: 'li.wei', roles: ['admin'], iat: now(), exp: now() + century }),
      /JWT_MAX_TTL/,
    );
    await refused(
      verify,
      signJwt({ sub: 'li.wei', roles: ['admin'], iat: now() - 60, exp: now() + day }),
      /JWT_MAX_TTL/,
    );
    await refused(verify, signJwt({ sub: 'li.wei', roles: ['admin'], exp: now() + day + 60 }), /JWT_MAX_TTL/);
    // A century made to look like a minute by an iat in the future.
    await refused(
      verify,
      signJwt({ sub: 'li.wei', roles: ['admin'], iat: now() + century - 60, exp: now() + century }),
      /issued in the future/,
    );
    assert.equal(
      (await verify(signJwt({ sub: 'li.wei', roles: ['admin'], iat: now(), exp: now() + day }))).subject,
      'li.wei',
    );
    const hour = tokenVerifier({ ...hs256, maxTtlSeconds: 3600 }, dataDir);
    await refused(hour, tokenFor('li.wei', ['owner'], 7200), /longer than the 3600 s/);
    assert.equal((await hour(tokenFor('li.wei', ['owner'], 3600))).subject, 'li.wei');
  });

  it('refuses a subject that is not a string, and the subjects the product records for itself', async () => {
    const verify = tokenVerifier(hs256, dataDir);
    const claims = { roles: ['admin'], iat: now(), exp: now() + 60 };
    await refused(verify, signJwt({ ...claims, sub: 12345 }), /must be a string/);
    await refused(verify, signJwt({ ...claims, sub: ['li.wei'] }), /must be a string/);
    await refused(verify, signJwt({ ...claims, sub: 'system:sla' }), /reserved/);
    await refused(verify, signJwt({ ...claims, sub: 'System:supplier-cycle' }), /reserved/);
    await refused(verify, signJwt({ ...claims, sub: 'customer:4711' }), /reserved/);
    assert.equal((await verify(signJwt({ ...claims, sub: 'li.wei@example.com' }))).subject, 'li.wei@example.com');
  });

  it('checks issuer and audience when configured, and finds roles nested where a provider puts them', async () => {
    const verify = tokenVerifier(
      { ...hs256, issuer: 'https://idp.example', audience: 'qloop', rolesClaim: 'realm_access.roles' },
      dataDir,
    );
    const claims = { sub: 'zhao.sqe', realm_access: { roles: ['quality-engineer'] }, exp: now() + 60 };
    assert.deepEqual(await verify(signJwt({ ...claims, iss: 'https://idp.example', aud: 'qloop' })), {
      subject: 'zhao.sqe',
      roles: ['quality-engineer'],
    });
    await refused(verify, signJwt({ ...claims, iss: 'https://evil.example', aud: 'qloop' }), /iss/);
    await refused(verify, signJwt({ ...claims, iss: 'https://idp.example', aud: 'other' }), /aud/);
  });

  it('keeps the embedded secret under DATA_DIR, readable by its owner only, and the same across starts', async () => {
    const embedded: AuthConfig = { rolesClaim: 'roles', maxTtlSeconds: day, teams: {} };
    const first = signingSecret(embedded, dataDir)!;
    assert.equal(statSync(embeddedSecretPath(dataDir)).mode & 0o777, 0o600);
    assert.deepEqual(signingSecret(embedded, dataDir), first);
    assert.ok(readFileSync(embeddedSecretPath(dataDir), 'utf8').length >= 40);
    const token = await issueToken(first, { subject: 'demo.owner', roles: ['owner'] }, { ttlSeconds: 60 });
    assert.deepEqual(await tokenVerifier(embedded, dataDir)(token), { subject: 'demo.owner', roles: ['owner'] });
    await refused(tokenVerifier(hs256, dataDir), token, /not signed/);
  });

  describe("an identity provider's key set, served over HTTP", () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      server = createServer((_, response) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const rs256 = (claims: Record<string, unknown>, kid = 'k1') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setExpirationTime('1m').sign(privateKey);

    it('accepts what the provider signs, and nothing signed with a shared secret', async () => {
      const verify = tokenVerifier({ jwksUrl, rolesClaim: 'roles', maxTtlSeconds: day, teams: {} }, dataDir);
      assert.deepEqual(await verify(await rs256({ sub: 'eve.audit', roles: ['auditor'] })), {
        subject: 'eve.audit',
        roles: ['auditor'],
      });
      await refused(
        verify,
        await rs256({ sub: 'eve.audit', roles: ['auditor'] }, 'unknown-key'),
        /not signed|malformed/,
      );
      await refused(verify, tokenFor('eve.audit', ['admin']), /malformed|signed/);
      assert.equal(
        signingSecret({ jwksUrl, rolesClaim: 'roles', maxTtlSeconds: day, teams: {} }, dataDir),
        undefined,
        'no tokens are made here when a provider signs',
      );
    });

    it('says the provider is unavailable, rather than the token bad, when its keys cannot be fetched', async () => {
      const verify = tokenVerifier(
        { jwksUrl: 'http://127.0.0.1:9/jwks.json', rolesClaim: 'roles', maxTtlSeconds: day, teams: {} },
        dataDir,
      );
      await assert.rejects(verify(await rs256({ sub: 'eve.audit', roles: ['auditor'] })), KeysUnavailable);
    });
  });
});
