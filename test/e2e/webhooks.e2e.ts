import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
/** A rotation under way: the old secret and the new one, both signing every message. */
const [oldSecret, newSecret] = [secret(), secret()];

type Arrival = Readonly<{ headers: IncomingHttpHeaders; body: string; answered: number }>;

/** A receiver as a customer's system runs one: it answers as it is told, and keeps what came. */
const startReceiver = async () => {
  const arrivals: Arrival[] = [];
  let answers: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const answered = answers.shift() ?? 204;
      arrivals.push({ headers: request.headers, body, answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/qloop`,
    arrivals,
    /** How the next requests are answered, in order; after them, 204. */
    answer: (next: number[]) => (answers = [...next]),
    close: () => server.close(),
  };
};

const verified = (key: string, { headers, body }: Arrival) =>
  new Webhook(key).verify(body, {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  }) as { event: string; complaintId: string; level?: number };

describe('webhooks signed per Standard Webhooks, retried, parked when refused, resent by an administrator (npm start)', () => {
  let dataDir: string;
  let app: RunningApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: ReturnType<typeof http>;
  const supervisor = as('wang.sup', 'supervisor');
  const admin = as('chen.admin', 'admin');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-webhooks-'));
    receiver = await startReceiver();
    app = await startApp(join(dataDir, 'data'), {
      env: { NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: `${oldSecret} ${newSecret}` },
    });
    api = http(app.baseUrl, supervisor);
  });
  afterAll(async () => {
    await app?.stop();
    receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const escalated = async (caseId: string, level: number) => {
    const response = await api.post(`/api/v1/complaints/${caseId}/escalate`, { reason: `Rung ${level}`, level });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };
  const arrivalsAbout = (caseId: string, level: number) =>
    receiver.arrivals.filter((arrival) => {
      const payload = JSON.parse(arrival.body) as { complaintId?: string; level?: number };
      return payload.complaintId === caseId && payload.level === level;
    });

  it('signs each message with both secrets of a rotation, and retries a failed delivery under the same id', async () => {
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const caseId: string = registered.body.id;

    await escalated(caseId, 1);
    await waitFor('the escalation delivered', () => arrivalsAbout(caseId, 1).length > 0);
    const [first] = arrivalsAbout(caseId, 1);
    // A receiver holding either secret verifies; a body changed on the way does not.
    assert.equal(verified(newSecret, first!).event, 'ComplaintEscalated');
    assert.equal(verified(oldSecret, first!).complaintId, caseId);
    assert.throws(() => verified(newSecret, { ...first!, body: first!.body.replace('Rung 1', 'Rung 9') }));
    assert.throws(() => verified(secret(), first!), 'another secret does not verify');
    assert.match(String(first!.headers['webhook-id']), /^msg_/);

    // The receiver down a moment: Temporal retries, and the message keeps its id, so the receiver can take it once.
    receiver.answer([503]);
    await escalated(caseId, 2);
    await waitFor('the escalation delivered after a retry', () =>
      arrivalsAbout(caseId, 2).some((arrival) => arrival.answered === 204),
    );
    const attempts = arrivalsAbout(caseId, 2);
    assert.deepEqual(
      attempts.map((arrival) => arrival.answered),
      [503, 204],
    );
    assert.equal(attempts[0]!.headers['webhook-id'], attempts[1]!.headers['webhook-id']);
    assert.equal(verified(newSecret, attempts[1]!).level, 2);
  });

  it('parks a message the receiver refuses for an administrator, who resends it once the receiver is mended', async () => {
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    const caseId: string = registered.body.id;
    receiver.answer([410, 410]);
    await escalated(caseId, 1);
    const parked = async () =>
      ((await api.get('/api/v1/admin/webhooks/dead-letters', admin)).body.items as { messageId: string }[]).filter(
        (letter) => (letter as unknown as { payload: { complaintId: string } }).payload.complaintId === caseId,
      );
    await waitFor('the refused message parked', async () => (await parked()).length === 1);
    const [letter] = await parked();
    const [refused] = arrivalsAbout(caseId, 1);
    assert.equal(letter!.messageId, refused!.headers['webhook-id']);
    assert.equal(arrivalsAbout(caseId, 1).length, 1, 'a refusal is not retried');
    assert.equal((await api.get('/api/v1/admin/webhooks/dead-letters', supervisor)).status, 403);

    // Still refused: said, and it stays listed.
    const path = `/api/v1/admin/webhooks/dead-letters/${letter!.messageId}/resend`;
    const again = await api.post(path, {}, admin);
    assert.equal(again.status, 503, JSON.stringify(again.body));
    assert.equal((await parked()).length, 1);

    // Mended: delivered under its own id, signed, recorded, and gone from the list.
    const resent = await api.post(path, {}, admin);
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.equal((await parked()).length, 0);
    const delivered = arrivalsAbout(caseId, 1).at(-1)!;
    assert.equal(delivered.answered, 204);
    assert.equal(delivered.headers['webhook-id'], letter!.messageId);
    assert.equal(verified(oldSecret, delivered).event, 'ComplaintEscalated');
    assert.equal((await api.post(path, {}, admin)).status, 404, 'delivered: nothing left to resend');

    // A redirect is no delivery: not followed (as a GET without the message, or to wherever it points), but parked.
    receiver.answer([302]);
    await escalated(caseId, 2);
    await waitFor('the redirected message parked', async () => (await parked()).length === 1);
    assert.equal(arrivalsAbout(caseId, 2).length, 1);
  });
});
