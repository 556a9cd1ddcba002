import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { startApp, type RunningApp } from '../support/app-process.js';

const jwt = /ey[\w-]+\.[\w-]+\.[\w-]+/;

/** POST /api/v1/auth/dev-token with the headers given, Host included (fetch will not send a Host of our choosing). */
const devToken = (
  baseUrl: string,
  headers: Record<string, string>,
  body: unknown = { subject: 'li.wei', roles: ['admin'] },
) =>
  new Promise<{ status: number; contentType: string; body: any }>((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const text = JSON.stringify(body);
    const request = httpRequest(
      {
        host: hostname,
        port,
        path: '/api/v1/auth/dev-token',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        let answer = '';
        response.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            contentType: response.headers['content-type'] ?? '',
            body: answer ? JSON.parse(answer) : undefined,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(text);
  });

describe('the embedded product: its sign-in', () => {
  let parent: string;
  let app: RunningApp;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'qloop-embedded-'));
    app = await startApp(join(parent, 'data'), { env: { JWT_SECRET: '' } });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('mints a token for a loopback Host name, with any port or none', async () => {
    const { port } = new URL(app.baseUrl);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, '127.1.2.3', `[::1]:${port}`, 'LOCALHOST']) {
      const minted = await devToken(app.baseUrl, { host });
      assert.equal(minted.status, 200, host);
      assert.match(minted.body.token, jwt);
    }
  });

  it('refuses, 403, a Host of another name (DNS rebinding) and any request a proxy forwarded', async () => {
    const { port } = new URL(app.baseUrl);
    const refusals: Record<string, string>[] = [
      { host: `evil.example:${port}` },
      { host: 'evil.example' },
      { host: `127.0.0.1.nip.io:${port}` },
      { host: `localhost.evil.example:${port}` },
      { host: `evil.example@127.0.0.1:${port}` },
      { host: `localhost:${port}`, forwarded: 'for=203.0.113.7' },
      { host: `localhost:${port}`, 'x-forwarded-for': '203.0.113.7' },
      { host: `localhost:${port}`, 'x-forwarded-host': 'qloop.example' },
      { host: `localhost:${port}`, 'x-real-ip': '127.0.0.1' },
    ];
    for (const headers of refusals) {
      const refused = await devToken(app.baseUrl, headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.match(refused.contentType, /application\/problem\+json/);
      assert.equal(refused.body.type, 'urn:qloop:problem:not-permitted');
      assert.equal(refused.body.token, undefined);
    }
  });

  it('refuses, 400 on the field subject, to sign someone in as one of the product’s own actors', async () => {
    for (const subject of ['system:sla', 'system:supplier-cycle', 'customer:4711', 'SYSTEM:sla']) {
      const refused = await devToken(app.baseUrl, { host: '127.0.0.1' }, { subject, roles: ['admin'] });
      assert.equal(refused.status, 400, subject);
      assert.match(refused.contentType, /application\/problem\+json/);
      assert.deepEqual(
        refused.body.errors.map((error: { field: string }) => error.field),
        ['subject'],
      );
    }
  });
});
