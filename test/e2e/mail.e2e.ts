import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities } from '../../activities/mail.activities.js';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { recordedCauseOf } from '../../libs/contracts/causation.js';
import type { MailNotice } from '../../libs/contracts/index.js';
import type { MailOutcome } from '../../libs/domain/index.js';
import { loadConfig } from '../../libs/platform/config.js';
import { mailRecords } from '../../libs/platform/mail-log.js';
import { smtpTransport } from '../../libs/platform/mail-transport.js';
import { PersonalData } from '../../libs/platform/personal-data.js';
import { openStorage, type Storage } from '../../libs/platform/storage.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { mailpitUnavailable, startMailpit, type ArrivedMail, type Mailpit } from '../support/mailpit.js';
import { describeUnless } from '../support/skip.js';
import { as, signJwt } from '../support/tokens.js';

/** The staff the product writes to: two team leads who read different languages, and an owner. */
const peopleFile = `people:
  - { id: chen.jing, name: Chen Jing, email: chen.jing@quality.example, language: en, roles: [owner], team: east }
  - { id: li.lead, name: Li Lead, email: li.lead@quality.example, language: en, roles: [team-lead] }
  - { id: zhao.lead, name: 赵组长, email: zhao.lead@quality.example, language: zh-CN, roles: [team-lead] }
  - { id: no.mail, name: No Mail, roles: [team-lead] }
`;

type HistoryEvent = Readonly<{ type: string; data: Record<string, unknown> }>;

// Skipped, with its reason in its name, only where Mailpit is missing: `.ci/run` builds it (npm run test:servers), so it runs in CI.
describeUnless(mailpitUnavailable())('e-mail out through a real SMTP server (Mailpit)', () => {
  let dataDir: string;
  let mailpit: Mailpit;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const supervisor = as('wang.sup', 'supervisor');
  const admin = as('chen.admin', 'admin');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-mail-'));
    mailpit = await startMailpit();
    writeFileSync(join(dataDir, 'people.yaml'), peopleFile);
    app = await startApp(join(dataDir, 'data'), {
      env: {
        SMTP_URL: mailpit.smtpUrl,
        SMTP_FROM: 'Quality <quality@qloop.example>',
        PEOPLE_PATH: join(dataDir, 'people.yaml'),
        PUBLIC_URL: 'https://qloop.example',
      },
    });
    api = http(app.baseUrl, supervisor);
  });
  afterAll(async () => {
    await app?.stop();
    await mailpit?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const to = (address: string) => (mail: ArrivedMail) => mail.To.some((box) => box.Address === address);
  const history = async (caseId: string): Promise<HistoryEvent[]> =>
    (await api.get(`/api/v1/complaints/${caseId}/history`)).body.events as HistoryEvent[];

  it("acknowledges a complaint to its customer, in the customer's language, and records it on the case", async () => {
    const customer = await api.post('/api/v1/customers', {
      id: 'CUS-MAIL-EN',
      name: 'Jane Doe',
      kind: 'person',
      contacts: [{ name: 'Jane Doe', email: 'jane.doe@customer.example', language: 'en' }],
    });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { id: 'CUS-MAIL-EN', name: 'Jane Doe' },
      title: 'Valve <b>leaks</b> at 6 bar',
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const { id: caseId, number } = registered.body as { id: string; number: string };

    const [arrived] = await mailpit.waitFor(to('jane.doe@customer.example'));
    assert.equal(arrived!.Subject, `We have received your complaint (${number})`);
    const message = await mailpit.message(arrived!.ID);
    assert.match(message.Text, /^Dear Jane Doe,/);
    assert.match(message.Text, new RegExp(`registered as ${number}`));
    // What a person typed is text in the HTML part, never markup; and nothing is fetched from elsewhere.
    assert.match(message.HTML, /Valve &lt;b&gt;leaks&lt;\/b&gt; at 6 bar/);
    assert.doesNotMatch(message.HTML, /<img|<script|https?:\/\//);
    // A customer is not sent a link to the staff's screens.
    assert.doesNotMatch(message.Text, /qloop\.example\/complaints/);
    const headers = await mailpit.headers(arrived!.ID);
    assert.equal(String(headers['Content-Language']), 'en');
    assert.equal(String(headers['Auto-Submitted']), 'auto-generated');

    await waitFor('the acknowledgement recorded on the case', async () =>
      (await history(caseId)).some((event) => event.type === 'NotificationSent'),
    );
    const sent = (await history(caseId)).filter((event) => event.type === 'NotificationSent');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.data.template, 'acknowledgement');
    assert.equal(sent[0]!.data.recipient, 'customer');
    assert.equal(sent[0]!.data.transport, 'smtp');
    assert.equal(arrived!.MessageID, `${String(sent[0]!.data.messageId)}@127.0.0.1`);

    // Recording that a message went is no change to the case: a write made on what was shown before it goes through.
    const noted = await api.post(
      `/api/v1/complaints/${caseId}/comments`,
      { text: 'Called back' },
      { 'If-Match': '"0"' },
    );
    assert.equal(noted.status, 201, JSON.stringify(noted.body));
    const stale = await api.post(`/api/v1/complaints/${caseId}/comments`, { text: 'Again' }, { 'If-Match': '"0"' });
    assert.equal(stale.status, 409, 'a note is a change: what was shown before it is stale');

    // The audit traces the record to the mail activity in the workflow's history.
    const audit = await api.get(`/api/v1/complaints/${caseId}/audit`, as('audit.li', 'auditor'));
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.equal(audit.body.verdict, 'intact', JSON.stringify(audit.body));
    assert.equal(audit.body.workflow.traced, audit.body.events, 'every event traced, the e-mail record too');
  });

  it('takes the feedback link to the customer in their language; what is kept of the message hides its token', async () => {
    const customer = await api.post('/api/v1/customers', {
      id: 'CUS-MAIL-LINK',
      name: '孙丽',
      kind: 'person',
      contacts: [{ name: '孙丽', email: 'sun.li@customer.example', language: 'zh-CN' }],
    });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { id: 'CUS-MAIL-LINK', name: '孙丽' },
    });
    const { id: caseId, number } = registered.body as { id: string; number: string };
    const owner = as('li.wei', 'owner');
    for (const [name, body, by] of [
      ['identify', IdentifyStepDto.example, owner],
      ['analyse', AnalyseStepDto.example, owner],
      ['resolve', ResolveStepDto.example, owner],
      ['verify', VerifyStepDto.example, supervisor],
    ] as const) {
      const done = await api.post(`/api/v1/complaints/${caseId}/steps/${name}`, body, by);
      assert.equal(done.status, 200, `${name}: ${JSON.stringify(done.body)}`);
    }
    const made = await api.post(
      `/api/v1/complaints/${caseId}/feedback-link`,
      { summary: '我们更换了三只阀门，并对每只阀体做了压力测试。' },
      owner,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const url = made.body.url as string;

    const [arrived] = await mailpit.waitFor(
      (mail) => to('sun.li@customer.example')(mail) && mail.Subject.includes('是否已解决'),
    );
    assert.equal(arrived!.Subject, `您的投诉 ${number} 是否已解决？请告诉我们`);
    const message = await mailpit.message(arrived!.ID);
    assert.ok(message.Text.includes(url), 'the link the owner was given');
    assert.match(message.Text, /我们更换了三只阀门/);
    assert.ok(message.HTML.includes(`href="${url}"`));
    // The customer's page opens from it.
    const page = await http(app.baseUrl).get(`/api/v1/public/feedback/${url.split('/feedback/')[1]}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));

    await waitFor('the message recorded on the case', async () =>
      (await history(caseId)).some(
        (event) => event.type === 'NotificationSent' && event.data.template === 'feedback-link',
      ),
    );
    // Its token answers for the customer: the record, the outbox and the case's history never show it.
    const token = url.split('/feedback/')[1]!;
    const kept = ((await api.get('/api/v1/admin/mail', admin)).body.items as { template: string; text: string }[]).find(
      (mail) => mail.template === 'feedback-link',
    )!;
    assert.ok(!kept.text.includes(token) && kept.text.includes('/feedback/…'), kept.text);
    assert.ok(!JSON.stringify(await history(caseId)).includes(token));
    // Not asked to: no message.
    const again = await api.post(
      `/api/v1/complaints/${caseId}/feedback-link`,
      { summary: 'Again', mail: false },
      owner,
    );
    assert.equal(again.status, 201, JSON.stringify(again.body));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const linkMails = (await mailpit.messages()).filter(
      (mail) => to('sun.li@customer.example')(mail) && mail.Subject.includes('是否已解决'),
    );
    assert.equal(linkMails.length, 1);
  });

  it('reaches a person the people file does not list, at the address their identity provider gave at sign-in', async () => {
    const token = signJwt({
      sub: 'new.owner',
      roles: ['owner'],
      email: 'new.owner@quality.example',
      email_verified: true,
      name: 'New Owner',
      locale: 'en-GB',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const me = await api.get('/api/v1/me', { authorization: `Bearer ${token}` });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    // Signing in again with the same claims changes nothing on the record.
    const head = (await api.get('/health/ready')).body.details.projections.head;
    assert.equal((await api.get('/api/v1/me', { authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await api.get('/health/ready')).body.details.projections.head, head, 'no second profile event');
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    const { id: caseId, number } = registered.body as { id: string; number: string };
    const assigned = await api.post(`/api/v1/complaints/${caseId}/steps/identify`, {
      ...IdentifyStepDto.example,
      owner: 'new.owner',
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const [arrived] = await mailpit.waitFor(to('new.owner@quality.example'));
    assert.match(arrived!.Subject, new RegExp(`^\\[${number}\\] Assigned to you`));
    assert.match((await mailpit.message(arrived!.ID)).Text, /^Dear New Owner,/);
    // An address its provider says is not verified is not taken.
    const unverified = signJwt({
      sub: 'shady.owner',
      roles: ['owner'],
      email: 'shady@elsewhere.example',
      email_verified: false,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    assert.equal((await api.get('/api/v1/me', { authorization: `Bearer ${unverified}` })).status, 200);
    const second = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    await api.post(`/api/v1/complaints/${second.body.id}/steps/identify`, {
      ...IdentifyStepDto.example,
      owner: 'shady.owner',
    });
    await waitFor('the assignment recorded', async () =>
      (await history(second.body.id)).some((event) => event.type === 'ComplaintIdentified'),
    );
    // Time for a message that should not go to have gone, had it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.ok(!(await mailpit.messages()).some(to('shady@elsewhere.example')));
  });

  it('tells the owner a case is theirs, and each team lead of an escalation in their own language', async () => {
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { name: 'Hangzhou Valve Co.' },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const { id: caseId, number } = registered.body as { id: string; number: string };
    const reassigned = await api.post(`/api/v1/complaints/${caseId}/assign`, { owner: 'chen.jing', reason: 'East' });
    assert.equal(reassigned.status, 200, JSON.stringify(reassigned.body));
    const [assigned] = await mailpit.waitFor(
      (mail) => to('chen.jing@quality.example')(mail) && mail.Subject.includes(number),
    );
    assert.equal(assigned!.Subject, `[${number}] Assigned to you: Valve bodies leak at 6 bar`);
    // Staff are sent the way to the case.
    assert.match((await mailpit.message(assigned!.ID)).Text, new RegExp(`https://qloop.example/complaints/${caseId}`));

    const escalated = await api.post(`/api/v1/complaints/${caseId}/escalate`, { reason: 'Line stopped', level: 1 });
    assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
    const about = (mail: ArrivedMail) => mail.Subject.startsWith(`[${number}]`);
    const [english] = await mailpit.waitFor((mail) => to('li.lead@quality.example')(mail) && about(mail));
    const [chinese] = await mailpit.waitFor((mail) => to('zhao.lead@quality.example')(mail) && about(mail));
    assert.equal(english!.Subject, `[${number}] Escalated to you (level 1)`);
    assert.equal(chinese!.Subject, `[${number}] 已升级给您（第 1 级）`);
    const chineseText = (await mailpit.message(chinese!.ID)).Text;
    assert.match(chineseText, /^赵组长，您好：/);
    assert.match(chineseText, /已升级到第 1 级（team-lead）/, 'the rung as the policy names it');
    assert.match(chineseText, /Line stopped/, 'the reason as the supervisor wrote it');

    await waitFor(
      'both escalation e-mails recorded',
      async () =>
        (await history(caseId)).filter((e) => e.type === 'NotificationSent' && e.data.template === 'escalated')
          .length === 2,
    );
    const recipients = (await history(caseId))
      .filter((event) => event.type === 'NotificationSent' && event.data.template === 'escalated')
      .map((event) => event.data.recipient)
      .sort();
    // The team lead with no address in the directory is not written to.
    assert.deepEqual(recipients, ['li.lead', 'zhao.lead']);
  });

  it('rings the bell of whom a case concerns: the owner it became, each holder of the rung it reached', async () => {
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { name: 'Hangzhou Valve Co.' },
    });
    const { id: caseId, number } = registered.body as { id: string; number: string };
    assert.equal((await api.post(`/api/v1/complaints/${caseId}/assign`, { owner: 'chen.jing' })).status, 200);
    assert.equal((await api.post(`/api/v1/complaints/${caseId}/escalate`, { reason: 'Line stopped' })).status, 200);
    type Notices = {
      items: {
        caseId: string;
        position: number;
        number: string;
        kind: string;
        level: number;
        role: string;
        at: string;
      }[];
      unread: number;
    };
    const bell = async (person: string, role = 'owner'): Promise<Notices> =>
      (await api.get('/api/v1/me/notices', as(person, role))).body as Notices;
    const about = (notices: Notices) => notices.items.filter((item) => item.caseId === caseId);
    await waitFor('the notices projected', async () => about(await bell('li.lead')).length > 0);
    // The rung's role comes from the people directory: the token says only "owner".
    const lead = await bell('li.lead');
    assert.deepEqual(
      about(lead).map(({ kind, number: n, level, role }) => [kind, n, level, role]),
      [['escalated', number, 1, 'team-lead']],
    );
    assert.ok(lead.unread >= 1);
    await waitFor('the owner told', async () =>
      about(await bell('chen.jing')).some((item) => item.kind === 'assigned'),
    );
    // Nobody else hears of it.
    assert.deepEqual(about(await bell('someone.else')), []);

    const read = await api.post('/api/v1/me/notices/read', { upTo: lead.items[0]!.position }, as('li.lead', 'owner'));
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.unread, 0);
    // A stale tab marking an older instant does not bring anything back.
    await api.post('/api/v1/me/notices/read', { upTo: 0 }, as('li.lead', 'owner'));
    assert.equal((await bell('li.lead')).unread, 0);
    const bad = await api.post('/api/v1/me/notices/read', { upTo: 'yesterday' }, as('li.lead', 'owner'));
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
  });

  it('sends what an SMTP outage held up once the server is back, once each', async () => {
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { name: 'Hangzhou Valve Co.' },
    });
    const { id: caseId, number } = registered.body as { id: string; number: string };
    await mailpit.stopListening();
    try {
      const escalated = await api.post(`/api/v1/complaints/${caseId}/escalate`, { reason: 'Outage', level: 1 });
      assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
      // Temporal retries the activity meanwhile, each attempt failing to connect.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // The health report says the server is away (asked again every 30 s), without failing readiness: the mail waits.
      await waitFor(
        'the health report to say the SMTP server is away',
        async () => {
          const health = await api.get('/health/ready');
          assert.equal(health.status, 200);
          return health.body.details.mail.status === 'degraded' && health.body.details.mail.smtp.state === 'failing';
        },
        45_000,
      );
    } finally {
      await mailpit.start();
    }
    const about = (mail: ArrivedMail) => mail.Subject === `[${number}] Escalated to you (level 1)`;
    await mailpit.waitFor(about, 1, 90_000);
    await waitFor(
      'both escalation e-mails recorded',
      async () =>
        (await history(caseId)).filter((e) => e.type === 'NotificationSent' && e.data.template === 'escalated')
          .length === 2,
      90_000,
    );
    const chinese = `[${number}] 已升级给您（第 1 级）`;
    const arrived = (await mailpit.messages()).filter((mail) => about(mail) || mail.Subject === chinese);
    assert.equal(arrived.length, 2, 'one message to each team lead, none twice');
  }, 150_000);

  it('lists what was sent for administrators, and no one else', async () => {
    const listed = await api.get('/api/v1/admin/mail', admin);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.equal(listed.body.smtp, true);
    const items = listed.body.items as { template: string; address: string; text: string }[];
    const acknowledgement = items.find(
      (item) => item.template === 'acknowledgement' && /Dear Jane Doe/.test(item.text),
    );
    // A person's address was kept sealed, and is opened for the administrator.
    assert.equal(acknowledgement?.address, 'jane.doe@customer.example');
    assert.match(acknowledgement!.text, /Dear Jane Doe/);
    assert.equal((await api.get('/api/v1/admin/mail', supervisor)).status, 403);
  });

  it('a retried mail activity does not send again what it sent', async () => {
    const storeDir = join(dataDir, 'activity-store');
    const config = loadConfig({ DATA_DIR: storeDir, EVENT_STORE: 'embedded' });
    const storage: Storage = await openStorage(config);
    const transport = smtpTransport(mailpit.smtpUrl, 'Quality <quality@qloop.example>');
    try {
      const activities = createMailActivities({
        transport,
        people: [
          {
            id: 'li.lead',
            name: 'Li Lead',
            email: 'retry.lead@quality.example',
            language: 'en',
            roles: ['team-lead'],
          },
        ],
        store: storage.store,
        personal: await PersonalData.open(storage, config),
        log: () => undefined,
      });
      const notice: MailNotice = {
        causeId: '0b5a4c1e-7d2f-4e0a-9c3b-1f2e3d4c5b6a',
        template: 'escalated',
        to: { staff: { role: 'team-lead' } },
        about: { complaintId: 'retried' },
        values: { number: 'CMP-2026-999999', title: 'Retried', severity: 'high', level: 1, role: 'team-lead' },
      };
      // Temporal runs an activity again when its first attempt's end was lost: the same notice, a second attempt.
      const first: MailOutcome = await new MockActivityEnvironment({ attempt: 1 }).run(activities.mail, notice);
      const second = await new MockActivityEnvironment({ attempt: 2 }).run(activities.mail, notice);
      assert.deepEqual(second, first);
      assert.equal(first.sent.length, 1);
      const arrived = (await mailpit.messages()).filter(to('retry.lead@quality.example'));
      assert.equal(arrived.length, 1, 'sent once');
      assert.equal((await mailRecords(storage.store)).length, 1);
      // The record is the product's own doing, traced to the mail activity (a fuzzed request's refusal checks for this).
      const [kept] = await storage.store.readAll({ filter: { categories: ['mail'] } });
      assert.deepEqual(recordedCauseOf(kept!.metadata), {
        id: `mail:${notice.causeId}`,
        kinds: ['activity'],
        typed: true,
      });
    } finally {
      transport.close();
      await storage.close();
    }
  });
});

describe('e-mail without an SMTP server: the outbox (the embedded default)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const admin = as('chen.admin', 'admin');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-outbox-'));
    app = await startApp(join(dataDir, 'data'));
    api = http(app.baseUrl, as('wang.sup', 'supervisor'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the acknowledgement in the outbox for an administrator to read, in the customer’s language', async () => {
    const registered = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      customer: { name: '杭州阀门', contact: 'caigou@hzvalve.example' },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const { id: caseId, number } = registered.body as { id: string; number: string };
    await waitFor(
      'the acknowledgement in the outbox',
      async () => ((await api.get('/api/v1/admin/mail', admin)).body.items as unknown[]).length > 0,
    );
    const listed = await api.get('/api/v1/admin/mail', admin);
    assert.equal(listed.body.smtp, false);
    const [kept] = listed.body.items as { transport: string; address: string; subject: string; text: string }[];
    assert.equal(kept!.transport, 'outbox');
    assert.equal(kept!.address, 'caigou@hzvalve.example');
    // No language known for a contact typed on the complaint: Chinese, the product's first language.
    assert.equal(kept!.subject, `我们已收到您的投诉（${number}）`);
    assert.match(kept!.text, /杭州阀门，您好：/);
    const sent = async () =>
      ((await api.get(`/api/v1/complaints/${caseId}/history`)).body.events as HistoryEvent[]).find(
        (event) => event.type === 'NotificationSent',
      );
    await waitFor('the acknowledgement recorded on the case', async () => (await sent()) !== undefined);
    assert.equal((await sent())?.data.transport, 'outbox');
  });
});
