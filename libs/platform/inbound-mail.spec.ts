import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { isStorableText } from '../event-store/validate.js';
import {
  answeredIds,
  caseNumberInSubject,
  maxInboundBytes,
  maxInboundText,
  readInbound,
  storableText,
  Unreadable,
} from './inbound-mail.js';

const raw = (headers: string, body: string) => Buffer.from(`${headers}\r\nMIME-Version: 1.0\r\n\r\n${body}\r\n`);

const refusal = async (source: Buffer) => {
  try {
    await readInbound(source);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof Unreadable);
    return { reason: error.reason, messageId: error.messageId };
  }
};

describe('reading a message from the mailbox', () => {
  it('takes the sender in lower case, the subject, the text and the messages it answers, newest first', async () => {
    const mail = await readInbound(
      raw(
        [
          'From: "Li, Na" <Li.Na@Example.COM>',
          'Subject: Re: [CMP-2026-000007] Leak',
          'Message-ID: <r2@example.com>',
          'In-Reply-To: <b@qloop>',
          'References: <a@qloop> <b@qloop>',
          'Date: Fri, 04 Dec 2026 10:00:00 +0800',
          'Content-Type: text/plain; charset=utf-8',
        ].join('\r\n'),
        'Still leaking.',
      ),
    );
    assert.deepEqual(mail, {
      messageId: 'r2@example.com',
      from: { address: 'li.na@example.com', name: 'Li, Na' },
      subject: 'Re: [CMP-2026-000007] Leak',
      text: 'Still leaking.',
      date: new Date('2026-12-04T02:00:00Z'),
      answers: ['b@qloop', 'b@qloop', 'a@qloop'],
      attachments: [],
    });
  });

  it('makes text of HTML: no script, style, markup, or the addresses of images and links', async () => {
    const mail = await readInbound(
      raw(
        'From: a@example.com\r\nSubject: HTML\r\nContent-Type: text/html; charset=utf-8',
        '<style>p{color:red}</style><script>steal()</script><p>Seal <b>failed</b> at <a href="https://x.example/t?id=1">our plant</a>.</p><img src="https://t.example/p.gif">',
      ),
    );
    assert.equal(mail.text, 'Seal failed at our plant.');
  });

  it('keeps the plain part when a message has both', async () => {
    const mail = await readInbound(
      raw(
        'From: a@example.com\r\nSubject: Both\r\nContent-Type: multipart/alternative; boundary="x"',
        '--x\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n--x--',
      ),
    );
    assert.equal(mail.text, 'plain words');
  });

  it('refuses a message with no sender, or a sender with no address, naming it by its Message-ID', async () => {
    assert.deepEqual(await refusal(raw('Subject: x\r\nMessage-ID: <n@x>', 'x')), {
      reason: 'no-sender',
      messageId: 'n@x',
    });
    assert.deepEqual(await refusal(raw('From: Just A Name\r\nSubject: x', 'x')), {
      reason: 'no-sender',
      messageId: undefined,
    });
  });

  it('refuses a message larger than it reads, unread', async () => {
    assert.deepEqual(await refusal(Buffer.alloc(maxInboundBytes + 1, 'a')), {
      reason: 'too-large',
      messageId: undefined,
    });
  });

  it('keeps a long text short enough to register, and text no store could hold storable', async () => {
    const mail = await readInbound(
      raw('From: a@example.com\r\nSubject: Long\r\nContent-Type: text/plain; charset=utf-8', 'x'.repeat(20_000)),
    );
    assert.equal(mail.text.length, maxInboundText);
    const cleaned = storableText('a\u0000b\uD800c\uDC00d 😀\r\n\r\n\r\n\r\ne', 100);
    assert.equal(cleaned, 'a\uFFFDb\uFFFDc\uFFFDd 😀\n\ne');
    assert.ok(isStorableText(cleaned));
    // Cut where a character of two code units would be split: the cut falls before it, never inside.
    const cut = storableText(`${'a'.repeat(198)}😀😀`, 200);
    assert.equal(cut, `${'a'.repeat(198)}…`);
    assert.ok(isStorableText(cut));
  });

  it('refuses HTML nested past what can be walked, rather than failing on it every time it is read', async () => {
    const html = `${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}`;
    assert.deepEqual(await refusal(raw('From: a@example.com\r\nSubject: Deep\r\nContent-Type: text/html', html)), {
      reason: 'unparsable',
      messageId: undefined,
    });
  });

  it('refuses what a machine wrote: auto-replies, delivery reports, bulk mail', async () => {
    for (const header of [
      'Auto-Submitted: auto-replied',
      'Precedence: bulk',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
    ])
      assert.deepEqual(
        await refusal(
          raw(`From: a@example.com\r\nSubject: Out of office\r\nMessage-ID: <auto@x>\r\n${header}`, 'Away'),
        ),
        { reason: 'automatic', messageId: 'auto@x' },
        header,
      );
    assert.equal((await readInbound(raw('From: a@example.com\r\nAuto-Submitted: no\r\nSubject: Hi', 'Hi'))).text, 'Hi');
  });
});

describe('which case a message answers', () => {
  it('finds our own message ids among those it answers', () => {
    const ours = '0b5a4c1e-7d2f-4e0a-9c3b-1f2e3d4c5b6a';
    assert.deepEqual(answeredIds({ answers: [`${ours.toUpperCase()}@qloop.example`, 'CAF1@mail.example'] }), [ours]);
  });

  it('finds a case number in a subject, in any case of letters', () => {
    assert.equal(caseNumberInSubject('Re: [cmp-2026-000123] Leak'), 'CMP-2026-000123');
    assert.equal(caseNumberInSubject('Re: Leak at CMP-2026-12'), undefined);
  });
});
