import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { freePort } from '../../libs/support/free-port.js';
import { startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { itUnless } from '../support/skip.js';
import { testTemporalAddress } from '../support/temporal.js';

const standaloneMain = fileURLToPath(new URL('../../apps/standalone/main.js', import.meta.url));
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

/** Every file and directory under `dir`, with its permission bits. */
const modesUnder = (dir: string): { path: string; mode: number; directory: boolean }[] =>
  [...readdirSync(dir)].flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    const entry = { path, mode: stat.mode & 0o777, directory: stat.isDirectory() };
    return stat.isDirectory() ? [entry, ...modesUnder(path)] : stat.isFile() ? [entry] : [];
  });

describe('the embedded product: its sign-in, its tokens and its files', () => {
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

  it('prints no token off a terminal, where its output may end up in a log', () => {
    assert.match(app.output(), /qloop is running/);
    assert.doesNotMatch(app.output(), jwt);
    assert.match(app.output(), /printed only to a terminal/);
  });

  it('keeps DATA_DIR its owner’s only: 0700, and nothing under it open to group or others', () => {
    const dataDir = join(parent, 'data');
    assert.equal(lstatSync(dataDir).mode & 0o777, 0o700);
    const entries = modesUnder(dataDir);
    for (const part of ['event-store', 'temporal', 'auth']) assert.ok(existsSync(join(dataDir, part)), part);
    assert.ok(
      entries.some(({ path }) => path.endsWith('temporal.db')),
      'the Temporal database is there to check',
    );
    const open = entries.filter(({ mode }) => (mode & 0o077) !== 0);
    assert.deepEqual(
      open.map(({ path, mode }) => `${path.slice(dataDir.length)} ${mode.toString(8)}`),
      [],
    );
  });

  // Skipped, with its reason printed, only where util-linux's script(1) is missing: it is the one way to give the
  // product a real terminal here. Debian ships it (bsdutils), so it runs on this machine and in CI.
  itUnless(existsSync('/usr/bin/script') ? undefined : 'util-linux script(1), which gives a terminal, is missing')(
    'prints a token per role on a terminal',
    async () => {
      const dataDir = join(parent, 'tty');
      const port = await freePort();
      // script(1) runs the product on a pseudo-terminal, as a person's shell would.
      const child = spawn('/usr/bin/script', ['-qefc', `exec ${process.execPath} ${standaloneMain}`, '/dev/null'], {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          PORT: String(port),
          TEMPORAL_ADDRESS: testTemporalAddress(),
          EVENT_STORE: 'embedded',
          JWT_SECRET: '',
          LOG_FORMAT: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await waitFor(
          'the tokens',
          () => {
            if (child.exitCode !== null) throw new Error(`the app exited:\n${output}`);
            return /demo\.supervisor +ey/.test(output);
          },
          90_000,
        );
        for (const role of ['admin', 'auditor', 'owner', 'quality-engineer', 'supervisor'])
          assert.match(output, new RegExp(`${role} +demo\\.${role} +${jwt.source}`));
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
  );
});
