import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { deadLettersIn, delivered, messageIdOf, refused, webhookHeaders } from './webhooks.js';
import type { StoredEvent } from '../event-store/index.js';

const secret = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;

describe('webhooks as Standard Webhooks has them', () => {
  it('signs with each secret of a rotation, so a receiver on either verifies, and no other', () => {
    const body = JSON.stringify({ event: 'ComplaintEscalated', complaintId: 'c-1', level: 1 });
    const headers = webhookHeaders([secret(1), secret(2)], 'msg_1', body, new Date());
    assert.equal(headers['webhook-signature']!.split(' ').length, 2);
    for (const key of [secret(1), secret(2)])
      assert.deepEqual(new Webhook(key).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(secret(3)).verify(body, headers));
    assert.equal(webhookHeaders([], 'msg_1', body)['webhook-signature'], undefined, 'no secret: unsigned');
  });

  it('keeps a message’s id whatever order its fields come in', () => {
    assert.equal(messageIdOf({ a: 1, b: { c: 2, d: 3 } }), messageIdOf({ b: { d: 3, c: 2 }, a: 1 }));
    assert.notEqual(messageIdOf({ a: 1 }), messageIdOf({ a: 2 }));
  });

  it('parks what the receiver refuses or redirects; retries what asks for later or failed on its side', () => {
    const outcome = (status?: number) =>
      delivered({ status }) ? 'delivered' : refused({ status }) ? 'parked' : 'retried';
    assert.deepEqual([200, 204, 301, 302, 307, 400, 401, 404, 408, 410, 429, 500, 503, undefined].map(outcome), [
      'delivered',
      'delivered',
      'parked',
      'parked',
      'parked',
      'parked',
      'parked',
      'parked',
      'retried',
      'parked',
      'retried',
      'retried',
      'retried',
      'retried',
    ]);
  });

  it('lists the messages parked and not delivered since, newest first', () => {
    const event = (type: string, data: object) => ({ type, data }) as unknown as StoredEvent;
    const letter = (messageId: string) => ({ messageId, url: 'http://x', payload: {}, attempts: 1, at: 'now' });
    const listed = deadLettersIn([
      event('WebhookDeadLettered', letter('msg_1')),
      event('WebhookDeadLettered', letter('msg_2')),
      event('WebhookDeadLettered', letter('msg_3')),
      event('WebhookResent', { messageId: 'msg_2', status: 204, at: 'now', by: 'chen.admin' }),
    ]);
    assert.deepEqual(
      listed.map((parked) => parked.messageId),
      ['msg_3', 'msg_1'],
    );
  });
});
