import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { solveChallenge, type Challenge } from 'altcha-lib';
import sharp from 'sharp';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';

/** What the form's widget does in the browser: fetch a challenge, find its solution, send both as base64 JSON. */
const solved = async (baseUrl: string): Promise<string> => {
  const challenge = (await (await fetch(`${baseUrl}/api/v1/public/challenge`)).json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'the challenge has a solution');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
};

const complaint = {
  name: 'Jane Doe',
  email: 'jane.doe@customer.example',
  language: 'en',
  category: 'product-quality',
  productRef: 'DN50-BV-316',
  lot: 'L2026-1108',
  title: 'Valve leaks at the flange',
  description: 'Three of forty valves leak at 6 bar.',
};

describe('the public complaint form: no account, a proof of work, a tracking number (npm start)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const supervisor = as('wang.sup', 'supervisor');
  const admin = as('chen.admin', 'admin');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-public-form-'));
    app = await startApp(join(dataDir, 'data'), { env: { PUBLIC_FORM_RATE_LIMIT_PER_HOUR: '9' } });
    api = http(app.baseUrl);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const registered = async (): Promise<number> =>
    ((await api.get('/api/v1/complaints?limit=200', supervisor)).body.items as unknown[]).length;

  it('refuses a complaint without a solved challenge, and stores nothing', async () => {
    const before = await registered();
    const missing = await api.post('/api/v1/public/complaints', complaint);
    assert.equal(missing.status, 400, JSON.stringify(missing.body));
    assert.deepEqual(
      (missing.body.errors as { field: string }[]).map((error) => error.field),
      ['altcha'],
    );
    const forged = await api.post(
      '/api/v1/public/complaints',
      { ...complaint, altcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64') },
      { 'accept-language': 'zh-CN' },
    );
    assert.equal(forged.status, 403, JSON.stringify(forged.body));
    assert.equal(forged.body.type, 'urn:qloop:problem:not-permitted');
    assert.match(forged.body.detail, /验证/, 'said in the reader’s language');
    assert.equal(await registered(), before, 'nothing was registered');
  });

  it('files a solved complaint as a web case nobody owns yet, acknowledged in the customer’s language', async () => {
    const altcha = await solved(app.baseUrl);
    const filed = await api.post('/api/v1/public/complaints', { ...complaint, altcha });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const { number } = filed.body as { number: string };
    assert.match(number, /^CMP-\d{4}-\d{6}$/);

    const kase = await api.get(`/api/v1/complaints/${number}`, supervisor);
    assert.equal(kase.status, 200, JSON.stringify(kase.body));
    assert.equal(kase.body.channel, 'web');
    assert.equal(kase.body.owner, undefined);
    assert.equal(kase.body.step, 'identify');
    assert.equal(kase.body.productRef, 'DN50-BV-316 / L2026-1108');
    assert.equal(kase.body.customer.name, 'Jane Doe');
    await waitFor('the case in the inbox', async () =>
      ((await api.get('/api/v1/complaints?limit=200', supervisor)).body.items as { number: string }[]).some(
        (item) => item.number === number,
      ),
    );

    // The same solution sent again (a double tap) files nothing more; with another body it is refused.
    const again = await api.post('/api/v1/public/complaints', { ...complaint, altcha });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.number, number);
    const reused = await api.post('/api/v1/public/complaints', { ...complaint, title: 'Another', altcha });
    assert.equal(reused.status, 422, JSON.stringify(reused.body));

    await waitFor('the acknowledgement in the outbox', async () =>
      ((await api.get('/api/v1/admin/mail', admin)).body.items as { subject: string }[]).some(
        (item) => item.subject === `We have received your complaint (${number})`,
      ),
    );
    const [acknowledgement] = (
      (await api.get('/api/v1/admin/mail', admin)).body.items as { subject: string; address: string; text: string }[]
    ).filter((item) => item.subject.includes(number));
    assert.equal(acknowledgement!.address, 'jane.doe@customer.example');
    assert.match(acknowledgement!.text, /^Dear Jane Doe,/);
  });

  it("takes the complaint's files after it, for an hour, with the receipt's upload right and nothing else", async () => {
    const altcha = await solved(app.baseUrl);
    const filed = await api.post('/api/v1/public/complaints', { ...complaint, title: 'With photos', altcha });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const { number, upload } = filed.body as { number: string; upload: { token: string; expiresAt: string } };
    assert.ok(Date.parse(upload.expiresAt) > Date.now() + 50 * 60_000);
    const photo = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#08f' } })
      .png()
      .toBuffer();
    const send = (token: string, name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      return fetch(`${app.baseUrl}/api/v1/public/uploads/${encodeURIComponent(token)}`, { method: 'POST', body: form });
    };
    const sent = await send(upload.token, 'leak.png', photo);
    assert.equal(sent.status, 201, await sent.clone().text());
    assert.deepEqual(JSON.parse(await sent.text()), {
      files: [{ fileName: 'leak.png', size: photo.byteLength, mediaType: 'image/png' }],
    });
    const kase = (await api.get(`/api/v1/complaints/${number}`, supervisor)).body as { id: string };
    const files = (await api.get(`/api/v1/complaints/${kase.id}/evidence`, supervisor)).body.files as {
      fileName: string;
      by: string;
    }[];
    assert.deepEqual(
      files.map(({ fileName, by }) => [fileName, by]),
      [['leak.png', 'customer:web-form']],
    );
    // An altered token, or one for another case, is no permission; a program is not a photo.
    const [id, expires, mac] = upload.token.split('.');
    const forged = await send(`${id}.${Number(expires) + 3_600_000}.${mac}`, 'more.png', photo);
    assert.equal(forged.status, 403, await forged.text());
    const program = await send(upload.token, 'invoice.exe', Buffer.from('MZ\x90\x00 not a photo at all'));
    assert.equal(program.status, 415, await program.text());
    const kept = async () =>
      ((await api.get(`/api/v1/complaints/${kase.id}/evidence`, supervisor)).body.files as unknown[]).length;
    assert.equal(await kept(), 1);
    // So many files, then no more: the right is no licence to fill the case.
    const nine = new FormData();
    for (let index = 0; index < 9; index++) nine.append('file', new Blob([photo]), `more-${index}.png`);
    const more = await fetch(`${app.baseUrl}/api/v1/public/uploads/${encodeURIComponent(upload.token)}`, {
      method: 'POST',
      body: nine,
    });
    assert.equal(more.status, 201, await more.text());
    const eleventh = await send(upload.token, 'eleventh.png', photo);
    assert.equal(eleventh.status, 422, await eleventh.text());
    assert.equal(await kept(), 10);
  });

  it('files a stranger under a customer of their own, never one found by the name they typed', async () => {
    // A customer the staff know, of the same name, with their own address.
    const known = await api.post(
      '/api/v1/customers',
      {
        id: 'CUS-KNOWN-JANE',
        name: 'Jane Doe',
        kind: 'person',
        contacts: [{ name: 'Jane Doe', email: 'jane@known.example' }],
      },
      supervisor,
    );
    assert.equal(known.status, 201, JSON.stringify(known.body));
    const altcha = await solved(app.baseUrl);
    const filed = await api.post('/api/v1/public/complaints', {
      ...complaint,
      email: 'stranger@elsewhere.example',
      phone: '',
      company: '',
      altcha,
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const kase = (await api.get(`/api/v1/complaints/${filed.body.number as string}`, supervisor)).body;
    assert.notEqual(kase.customer.id, 'CUS-KNOWN-JANE');
    // Sent again with another company, the same solution is refused, and no other customer is made.
    const customers = async () =>
      ((await api.get('/api/v1/customers?q=Jane', supervisor)).body.items as unknown[]).length;
    // Counted once the read models hold the stranger's own customer, or a count taken before it lands is one short.
    await waitFor('the stranger in the customer list', async () =>
      ((await api.get('/api/v1/customers?q=Jane', supervisor)).body.items as { id: string }[]).some(
        (item) => item.id === kase.customer.id,
      ),
    );
    const before = await customers();
    const other = await api.post('/api/v1/public/complaints', {
      ...complaint,
      email: 'stranger@elsewhere.example',
      company: 'Another Co',
      altcha,
    });
    assert.equal(other.status, 422, JSON.stringify(other.body));
    assert.equal((await api.get('/api/v1/customers?q=Another', supervisor)).body.items.length, 0);
    assert.equal(await customers(), before);
    await waitFor('the acknowledgement to the stranger', async () =>
      ((await api.get('/api/v1/admin/mail', admin)).body.items as { address: string; subject: string }[]).some(
        (item) => item.address === 'stranger@elsewhere.example' && item.subject.includes(filed.body.number as string),
      ),
    );
    const toKnown = ((await api.get('/api/v1/admin/mail', admin)).body.items as { address: string }[]).filter(
      (item) => item.address === 'jane@known.example',
    );
    assert.deepEqual(toKnown, [], 'nothing went to the known customer');
  });

  it('holds one address to the hourly limit', async () => {
    // Eight tries of the form so far from this address, refused ones too (uploads are not counted); the limit is nine.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.post('/api/v1/public/complaints', complaint)).status);
    assert.deepEqual(statuses, [400, 429, 429]);
  });
});
