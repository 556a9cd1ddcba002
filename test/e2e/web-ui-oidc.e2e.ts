import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { http, startApp, type RunningApp } from '../support/app-process.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startOidcProvider, type OidcProvider } from '../support/oidc-provider.js';
import { describeUnless } from '../support/skip.js';

const clientId = 'qloop-web';

/** Signing in through an identity provider: the browser runs the authorization code flow with PKCE, the API checks the provider's tokens. */
// Skipped, with its reason printed, only where Debian's Chromium is missing: .ci/run installs it, so it runs in CI.
describeUnless(
  existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath} (apt-get install chromium fonts-noto-cjk, as .ci/run does)`,
)('the web UI with an identity provider', () => {
  let dataDir: string;
  let provider: OidcProvider;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-oidc-'));
    provider = await startOidcProvider({ subject: 'wang.fang', roles: ['owner', 'supervisor'] }, clientId);
    app = await startApp(join(dataDir, 'data'), {
      env: {
        JWT_SECRET: '',
        JWT_JWKS_URL: provider.jwksUrl,
        JWT_ISSUER: provider.issuer,
        JWT_AUDIENCE: 'qloop-api',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: clientId,
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells the browser where to sign in, lets the provider’s token in, and mints none itself', async () => {
    const api = http(app.baseUrl);
    assert.deepEqual((await api.get('/api/v1/auth/config')).body, {
      mode: 'oidc',
      issuer: provider.issuer,
      clientId,
      scope: 'openid profile',
    });
    assert.equal((await api.post('/api/v1/auth/dev-token', { subject: 'mallory', roles: ['admin'] })).status, 403);
    const page = await browser.newPage();
    const served = await page.goto(`${app.baseUrl}/`);
    assert.match(
      served!.headers()['content-security-policy'] ?? '',
      new RegExp(`connect-src 'self' ${provider.issuer.replaceAll('.', '\\.')}`),
      'the UI may reach the provider',
    );
    await page.close();
  });

  it('signs a person in with the authorization code flow and PKCE, and takes them back where they were going', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/complaints/new`);
    await page.getByTestId('sign-in-oidc').click();
    await page.waitForURL(`${app.baseUrl}/complaints/new`);
    await page.getByTestId('signed-in-as').waitFor();
    assert.equal(await page.getByTestId('signed-in-as').textContent(), 'wang.fang');
    await page.getByTestId('complaint-title').waitFor({ timeout: 10_000 }); // the register form, where the person was going
    // The session's token is the provider's, and the API knows the person by it.
    const me = await page.evaluate(async () => {
      const { token } = JSON.parse(
        (globalThis as unknown as { localStorage: { getItem(key: string): string } }).localStorage.getItem(
          'qloop.session',
        ),
      );
      return (await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).json();
    });
    assert.deepEqual(me, {
      subject: 'wang.fang',
      roles: ['owner', 'supervisor'],
      team: [],
      allowedActions: ['register-complaint', 'register-customer'],
    });
    // A link opened in a new tab (or from an e-mail) opens signed in, without a round trip to the provider.
    const tab = await context.newPage();
    await tab.goto(`${app.baseUrl}/complaints/new`);
    await tab.getByTestId('complaint-title').waitFor({ timeout: 10_000 });
    assert.equal(await tab.getByTestId('signed-in-as').textContent(), 'wang.fang');
    await context.close();
  });
});
