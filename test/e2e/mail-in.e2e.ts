import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { CustomerWaitDto } from '../../apps/api/complaints/dto/case-actions.dto.js';
import { processedKeyword } from '../../libs/platform/mailbox.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { dovecotUnavailable, startDovecot, type Dovecot } from '../support/dovecot.js';
import { chromiumPath, launchBrowser, pageWidth, phone, shoot } from '../support/browser.js';
import { describeUnless, itUnless } from '../support/skip.js';
import { as, tokenFor } from '../support/tokens.js';

type HistoryEvent = Readonly<{ type: string; data: Record<string, unknown> }>;
type CaseRow = Readonly<{ id: string; number: string; title: string }>;

/** A message as a mail client writes it: CRLF lines, headers, a blank line, the body. */
const message = (headers: Record<string, string>, body: string): string =>
  [...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), 'MIME-Version: 1.0', '', body, ''].join(
    '\r\n',
  );

const plain = (headers: Record<string, string>, body: string) =>
  message({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': '8bit', ...headers }, body);

// Skipped, with its reason in its name, only where Dovecot cannot run: `.ci/run` installs dovecot-imapd, so it runs in CI.
describeUnless(dovecotUnavailable())('e-mail in: complaints read from a real IMAP mailbox (Dovecot)', () => {
  let dataDir: string;
  let dovecot: Dovecot;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const supervisor = as('wang.sup', 'supervisor');
  const admin = as('chen.admin', 'admin');
  const owner = as('li.wei', 'owner');

  const start = async () => {
    app = await startApp(join(dataDir, 'data'), { env: { IMAP_URL: dovecot.imapUrl, IMAP_POLL_SECONDS: '1' } });
    api = http(app.baseUrl, supervisor);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-mail-in-'));
    dovecot = await startDovecot();
    await start();
  });
  afterAll(async () => {
    await app?.stop();
    await dovecot?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const casesTitled = async (title: string): Promise<CaseRow[]> =>
    ((await api.get(`/api/v1/complaints?limit=100&q=${encodeURIComponent(title)}`)).body.items as CaseRow[]).filter(
      (row) => row.title === title,
    );
  const caseTitled = async (title: string): Promise<CaseRow> => {
    await waitFor(`a case titled ${title}`, async () => (await casesTitled(title)).length > 0);
    return (await casesTitled(title))[0]!;
  };
  const history = async (caseId: string): Promise<HistoryEvent[]> =>
    (await api.get(`/api/v1/complaints/${caseId}/history`)).body.events as HistoryEvent[];
  const inboxEmpty = () => waitFor('the inbox to empty', async () => (await dovecot.folder('INBOX')).length === 0);

  it('registers a new message as a complaint from its sender, files it as processed, and acknowledges it', async () => {
    const sent = new Date(Date.now() - 3_600_000);
    await dovecot.deliver(
      plain(
        {
          From: '王芳 <Wang.Fang@Customer.example>',
          To: 'complaints@qloop.example',
          Subject: '=?UTF-8?B?' + Buffer.from('阀门漏油 批次 L-0412').toString('base64') + '?=',
          'Message-ID': '<first-complaint@customer.example>',
          Date: sent.toUTCString(),
        },
        '三只阀门在安装后漏油。\r\n照片随后发送。',
      ),
    );
    const row = await caseTitled('阀门漏油 批次 L-0412');
    const view = (await api.get(`/api/v1/complaints/${row.id}`)).body;
    assert.equal(view.channel, 'email');
    assert.equal(view.status, 'open');
    assert.equal(view.step, 'identify');
    assert.equal(view.owner ?? null, null, 'unassigned, in everyone’s inbox');
    assert.equal(view.description, '三只阀门在安装后漏油。\n照片随后发送。');
    assert.equal(view.customer.contact, 'wang.fang@customer.example');
    assert.equal(view.customer.name, '王芳');
    // Received when the mailbox took it, not when it was read (the message was put there a moment ago).
    assert.ok(Math.abs(Date.parse(view.receivedAt) - Date.now()) < 120_000, view.receivedAt);

    await inboxEmpty();
    const [processed] = await dovecot.folder('Processed');
    assert.equal(processed?.messageId, '<first-complaint@customer.example>');
    assert.ok(processed.flags.includes('\\Seen') && processed.flags.includes(processedKeyword), processed.flags.join());

    // The acknowledgement, in the language they wrote in (no SMTP server here: the outbox).
    await waitFor('the acknowledgement', async () =>
      ((await api.get('/api/v1/admin/mail', admin)).body.items as { address: string }[]).some(
        (mail) => mail.address === 'wang.fang@customer.example',
      ),
    );
    const ack = ((await api.get('/api/v1/admin/mail', admin)).body.items as Record<string, string>[]).find(
      (mail) => mail.address === 'wang.fang@customer.example',
    )!;
    assert.equal(ack.template, 'acknowledgement');
    assert.equal(ack.language, 'zh-CN');
    assert.match(ack.subject, new RegExp(row.number));
  });

  it('threads a reply into its case: the customer’s own ends a wait, a stranger’s is kept as not verified', async () => {
    const row = await caseTitled('阀门漏油 批次 L-0412');
    assert.equal((await api.post(`/api/v1/complaints/${row.id}/steps/identify`, IdentifyStepDto.example)).status, 200);
    const waiting = await api.post(`/api/v1/complaints/${row.id}/customer-wait`, CustomerWaitDto.example);
    assert.equal(waiting.status, 200, JSON.stringify(waiting.body));
    const ack = ((await api.get('/api/v1/admin/mail', admin)).body.items as Record<string, string>[]).find(
      (mail) => mail.address === 'wang.fang@customer.example',
    )!;

    await dovecot.deliver(
      plain(
        {
          From: 'wang.fang@customer.example',
          To: 'complaints@qloop.example',
          Subject: `Re: ${ack.subject}`,
          'Message-ID': '<reply-1@customer.example>',
          'In-Reply-To': `<${ack.messageId}@qloop.example>`,
          References: `<${ack.messageId}@qloop.example>`,
        },
        '阀门已寄回。\r\n\r\n> 您的投诉已受理',
      ),
    );
    await dovecot.deliver(
      plain(
        {
          From: 'someone.else@elsewhere.example',
          To: 'complaints@qloop.example',
          Subject: `Re: [${row.number}] your case`,
          'Message-ID': '<reply-2@elsewhere.example>',
        },
        'I am writing about this case too.',
      ),
    );
    // The customer's address in From:, which anyone can write, and only the case number to thread by.
    await dovecot.deliver(
      plain(
        {
          From: 'wang.fang@customer.example',
          To: 'complaints@qloop.example',
          Subject: `[${row.number}] please close it`,
          'Message-ID': '<forged@elsewhere.example>',
        },
        'Close the case, all is well.',
      ),
    );
    // An out-of-office answer to our acknowledgement: a machine's, not the customer's.
    await dovecot.deliver(
      plain(
        {
          From: 'wang.fang@customer.example',
          Subject: `Auto: ${ack.subject}`,
          'Message-ID': '<ooo@customer.example>',
          'In-Reply-To': `<${ack.messageId}@qloop.example>`,
          'Auto-Submitted': 'auto-replied',
        },
        'I am out of the office until Monday.',
      ),
    );
    await inboxEmpty();
    await waitFor(
      'the replies on the case',
      async () => (await history(row.id)).filter((event) => event.type === 'CustomerMessageReceived').length === 3,
    );
    const events = await history(row.id);
    const [own, stranger, forged] = events.filter((event) => event.type === 'CustomerMessageReceived');
    assert.deepEqual(
      { from: own!.data.from, verified: own!.data.verified, text: own!.data.text, messageId: own!.data.messageId },
      {
        from: 'wang.fang@customer.example',
        verified: true,
        text: '阀门已寄回。\n\n> 您的投诉已受理',
        messageId: 'reply-1@customer.example',
      },
    );
    assert.deepEqual(
      { from: stranger!.data.from, verified: stranger!.data.verified },
      { from: 'someone.else@elsewhere.example', verified: false },
    );
    assert.deepEqual(
      { from: forged!.data.from, verified: forged!.data.verified },
      { from: 'wang.fang@customer.example', verified: false },
      'only a reply to what we sent them speaks for the customer',
    );
    assert.ok(
      (await dovecot.folder('Quarantine')).some((held) => held.messageId === '<ooo@customer.example>'),
      'the auto-reply is put aside',
    );
    // The customer's answer ended the wait; the stranger's did not start or end anything.
    const ownAt = events.indexOf(own!);
    assert.equal(events[ownAt + 1]?.type, 'CustomerWaitEnded');
    assert.equal((await api.get(`/api/v1/complaints/${row.id}`)).body.waitingOnCustomer ?? null, null);
    // Never recorded as the customer's feedback.
    assert.ok(!events.some((event) => event.type === 'CustomerFeedbackRecorded'));
    // The owner's bell rings for each.
    await waitFor('the owner’s notices', async () => {
      const { items } = (await api.get('/api/v1/me/notices', owner)).body as { items: { kind: string }[] };
      return items.filter((notice) => notice.kind === 'customer-wrote').length === 3;
    });
  });

  it('keeps an HTML message as text, its script and markup gone', async () => {
    await dovecot.deliver(
      message(
        {
          From: 'html.sender@customer.example',
          Subject: 'Scratched housings',
          'Message-ID': '<html-1@customer.example>',
          'Content-Type': 'text/html; charset=utf-8',
        },
        '<html><head><style>p{color:red}</style><script>alert("owned")</script></head>' +
          '<body><p>Housings arrived <b>scratched</b>.</p><img src="https://tracker.example/pixel.gif"></body></html>',
      ),
    );
    const row = await caseTitled('Scratched housings');
    const view = (await api.get(`/api/v1/complaints/${row.id}`)).body;
    assert.match(view.description, /Housings arrived scratched\./i);
    assert.doesNotMatch(view.description, /alert|owned|<|color:red|tracker/);
  });

  it("keeps a message's pictures as evidence on its case, and leaves in the mailbox what the product does not take", async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const boundary = 'parts';
    await dovecot.deliver(
      message(
        {
          From: 'photos@customer.example',
          Subject: 'Cracked flange, photo attached',
          'Message-ID': '<photos@customer.example>',
          'Content-Type': `multipart/mixed; boundary="${boundary}"`,
        },
        [
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'See the photo.',
          `--${boundary}`,
          'Content-Type: image/png; name="flange.png"',
          'Content-Disposition: attachment; filename="flange.png"',
          'Content-Transfer-Encoding: base64',
          '',
          photo.toString('base64'),
          `--${boundary}`,
          'Content-Type: application/x-msdownload; name="invoice.exe"',
          'Content-Disposition: attachment; filename="invoice.exe"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('MZ\x90\x00this is not a picture').toString('base64'),
          `--${boundary}--`,
        ].join('\r\n'),
      ),
    );
    const row = await caseTitled('Cracked flange, photo attached');
    await waitFor('the photo on the case', async () => {
      const { body } = await api.get(`/api/v1/complaints/${row.id}/evidence`);
      return (body.files as unknown[] | undefined)?.length === 1;
    });
    const [file] = (await api.get(`/api/v1/complaints/${row.id}/evidence`)).body.files as Record<string, unknown>[];
    assert.deepEqual([file!.fileName, file!.mediaType, file!.size], ['flange.png', 'image/png', photo.byteLength]);
    // The whole message, the file not taken with it, is filed in the mailbox.
    await inboxEmpty();
    assert.ok((await dovecot.folder('Processed')).some((held) => held.messageId === '<photos@customer.example>'));
  });

  it('quarantines what it cannot read, lists it for administrators, and goes on with the rest', async () => {
    await dovecot.deliver(plain({ Subject: 'No sender at all', 'Message-ID': '<nosender@nowhere>' }, 'Who am I?'));
    // Nested a hundred multiparts deep, then a normal message behind it.
    const depth = 100;
    let nested = 'Content-Type: text/plain\r\n\r\ndeep inside\r\n';
    for (let level = depth; level > 0; level--)
      nested = `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n${nested}--b${level}--\r\n`;
    await dovecot.deliver(
      `From: deep@customer.example\r\nSubject: Deeply nested\r\nMessage-ID: <deep@customer.example>\r\nMIME-Version: 1.0\r\n${nested}`,
    );
    await dovecot.deliver(
      plain(
        { From: 'after@customer.example', Subject: 'After the broken ones', 'Message-ID': '<after@c.example>' },
        'Hi',
      ),
    );
    await caseTitled('After the broken ones');
    await inboxEmpty();

    const quarantined = (await dovecot.folder('Quarantine')).map((held) => held.subject);
    assert.ok(quarantined.includes('No sender at all'), quarantined.join());
    const listed = (await api.get('/api/v1/admin/mail/inbound', admin)).body;
    assert.equal(listed.mailbox.configured, true);
    assert.equal(listed.mailbox.lastError, undefined);
    assert.ok(
      (listed.quarantined as { reason: string; messageId?: string }[]).some(
        (item) => item.reason === 'no-sender' && item.messageId === 'nosender@nowhere',
      ),
      JSON.stringify(listed.quarantined),
    );
    // The deep one was read or quarantined, never left to block the inbox.
    const deep = (await casesTitled('Deeply nested')).length + quarantined.filter((s) => s === 'Deeply nested').length;
    assert.equal(deep, 1);
    // Only administrators read it.
    assert.equal((await api.get('/api/v1/admin/mail/inbound', owner)).status, 403);
  });

  // Skipped, with its reason in its name, only where Debian's Chromium is missing: .ci/run installs it.
  itUnless(existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath}`)(
    'shows the messages on the case, the stranger’s marked, and the quarantine to administrators, in both languages',
    async () => {
      const row = await caseTitled('阀门漏油 批次 L-0412');
      const browser: Browser = await launchBrowser();
      /** A person signed in as the SPA keeps it, in their language, on a desktop or a phone. */
      const open = async (subject: string, roles: string[], language: string, viewport: typeof phone, path: string) => {
        const token = tokenFor(subject, roles);
        const me = (await api.get('/api/v1/me', { authorization: `Bearer ${token}` })).body;
        const context = await browser.newContext({ viewport, locale: language });
        await context.addInitScript(
          ([session, lang]) => {
            const { localStorage } = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
            localStorage.setItem('qloop.session', session!);
            localStorage.setItem('qloop.language', lang!);
          },
          [JSON.stringify({ token, me }), language],
        );
        const page: Page = await context.newPage();
        page.on('pageerror', (error) => {
          throw error;
        });
        await page.goto(`${app.baseUrl}${path}`);
        return page;
      };
      try {
        for (const [language, viewport, name] of [
          ['en', { width: 1440, height: 900 }, 'case-customer-mail-en'],
          ['zh-CN', phone, 'phone-case-customer-mail-zh'],
          ['zh-CN', { width: 1440, height: 900 }, 'case-customer-mail-zh'],
          ['en', phone, 'phone-case-customer-mail-en'],
        ] as const) {
          const page = await open('li.wei', ['owner'], language, viewport, `/complaints/${row.id}`);
          await page.getByTestId('customer-message').first().waitFor();
          assert.equal(await page.getByTestId('customer-message').count(), 3);
          const marked = page.getByTestId('unverified-sender');
          assert.equal(await marked.count(), 2);
          assert.equal(
            await marked.first().textContent(),
            language === 'en' ? 'Sender not verified' : '发件人未经核实',
          );
          const sentences = await page.locator('.ant-timeline').textContent();
          assert.ok(
            sentences!.includes(
              language === 'en'
                ? 'The customer wrote by e-mail (wang.fang@customer.example)'
                : '顾客来信（电子邮件，wang.fang@customer.example）',
            ),
          );
          await page.getByTestId('customer-message').first().scrollIntoViewIfNeeded();
          if (viewport === phone) assert.ok((await pageWidth(page)) <= phone.width, 'no sideways scrolling');
          await shoot(page, name);
          // The owner's bell says an e-mail about their case came in.
          await page.getByTestId('notice-bell').click();
          const notice = page.getByTestId('notice').first();
          await notice.waitFor();
          assert.match(
            (await notice.textContent())!,
            language === 'en' ? /an e-mail about the case came in/ : /收到关于此案的来信/,
          );
          await shoot(page, name.replace('case-customer-mail', 'bell-customer-wrote'));
          await page.context().close();
        }
        for (const [language, viewport, name] of [
          ['en', { width: 1440, height: 900 }, 'admin-inbound-en'],
          ['zh-CN', phone, 'phone-admin-inbound-zh'],
          ['zh-CN', { width: 1440, height: 900 }, 'admin-inbound-zh'],
          ['en', phone, 'phone-admin-inbound-en'],
        ] as const) {
          const page = await open('chen.admin', ['admin'], language, viewport, '/admin');
          const item = page.getByTestId('quarantined-mail').first();
          await item.waitFor();
          assert.match((await item.textContent())!, language === 'en' ? /No sender/ : /没有发件人/);
          await item.scrollIntoViewIfNeeded();
          if (viewport === phone) assert.ok((await pageWidth(page)) <= phone.width, 'no sideways scrolling');
          await shoot(page, name);
          await page.context().close();
        }
      } finally {
        await browser.close();
      }
    },
  );

  it('tells administrators when the mailbox cannot be read, and takes what waited once it answers again', async () => {
    await dovecot.pause();
    await waitFor('the failure to show', async () => {
      const { mailbox } = (await api.get('/api/v1/admin/mail/inbound', admin)).body;
      return typeof mailbox.lastError === 'string' && mailbox.lastError.length > 0;
    });
    // The health report says so, without failing readiness: e-mail waits.
    const health = await api.get('/health/ready');
    assert.equal(health.status, 200);
    assert.equal(health.body.details.mail.status, 'degraded');
    assert.equal(health.body.details.mail.mailbox.state, 'failing');
    assert.equal(health.body.details.mail.smtp.state, 'outbox');
    await dovecot.resume();
    await dovecot.deliver(
      plain(
        { From: 'patient@customer.example', Subject: 'After the outage', 'Message-ID': '<outage@c.example>' },
        'Hi',
      ),
    );
    await caseTitled('After the outage');
    await waitFor('the failure to clear', async () => {
      const { mailbox } = (await api.get('/api/v1/admin/mail/inbound', admin)).body;
      return mailbox.lastError === undefined;
    });
  });

  it('loses nothing and registers nothing twice when the product restarts mid-poll', async () => {
    const titles = Array.from({ length: 12 }, (_, index) => `Restart batch ${index + 1}`);
    for (const [index, title] of titles.entries())
      await dovecot.deliver(
        plain(
          { From: `batch${index}@customer.example`, Subject: title, 'Message-ID': `<batch-${index}@c.example>` },
          title,
        ),
      );
    await caseTitled(titles[0]!);
    await app.killGroup();
    await start();
    await inboxEmpty();
    // The read model may still be catching up on what the first run recorded.
    for (const title of titles) assert.equal((await caseTitled(title)) && (await casesTitled(title)).length, 1, title);

    // The same message delivered again by a mail server, with a Received: line of its own: filed, nothing registered twice.
    await dovecot.deliver(
      `Received: from relay.example by mx.example; ${new Date().toUTCString()}\r\n` +
        plain(
          { From: 'batch0@customer.example', Subject: titles[0]!, 'Message-ID': '<batch-0@c.example>' },
          titles[0]!,
        ),
    );
    await inboxEmpty();
    assert.equal((await casesTitled(titles[0]!)).length, 1);
    const filed = await dovecot.folder('Processed');
    assert.equal(filed.filter((held) => held.messageId === '<batch-0@c.example>').length, 2, 'both filed as processed');
  });
});

describe('e-mail in without IMAP_URL', () => {
  let dataDir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-no-imap-'));
    app = await startApp(join(dataDir, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads no mailbox, and says so to administrators', async () => {
    const listed = (await http(app.baseUrl, as('chen.admin', 'admin')).get('/api/v1/admin/mail/inbound')).body;
    assert.deepEqual(listed, { mailbox: { configured: false, taken: 0, quarantined: 0 }, quarantined: [] });
  });
});
