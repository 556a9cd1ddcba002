import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { RegisterCustomerDto } from '../../apps/api/customers/dto/customer-bodies.dto.js';
import { defaultSlaPolicy } from '../../libs/domain/index.js';
import { openEventStore } from '../../libs/event-store/index.js';
import { customerIdOf } from '../../libs/support/customer-ref.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { as } from '../support/tokens.js';

const owner = as('li.wei', 'owner');
const verifier = as('zhang.qa', 'owner');
const supervisor = as('wang.sup', 'supervisor');

describe('customers and the customer file over HTTP (npm start on PostgreSQL)', () => {
  const schema = uniqueSchema('customers_e2e');
  const storeEnv = { EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: schema };
  let dataDir: string;
  let teams: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const appEnv = (extra: Record<string, string> = {}) => ({
    ...storeEnv,
    TEAMS_PATH: teams,
    FEEDBACK_RATE_LIMIT_PER_MINUTE: '100',
    ...extra,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-customers-'));
    teams = join(dataDir, 'teams.yaml');
    writeFileSync(teams, 'teams:\n  line-2: [li.wei, zhang.qa]\n');
    app = await startApp(join(dataDir, 'data'), { env: appEnv() });
    api = http(app.baseUrl, owner);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const registerCustomer = async (body: object, headers = owner) => {
    const response = await api.post('/api/v1/customers', body, headers);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  };
  const registerComplaint = async (customer: object, extra: object = {}) => {
    const response = await api.post('/api/v1/complaints', { ...RegisterComplaintDto.example, customer, ...extra });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  };
  const step = async (id: string, name: string, body: object, headers = owner) => {
    const response = await api.post(`/api/v1/complaints/${id}/steps/${name}`, body, headers);
    assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const fileOf = async (id: string, query = '') => {
    const response = await api.get(`/api/v1/customers/${id}/file${query}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  };
  const projected = (id: string, complaints: number) =>
    waitFor(`${complaints} complaints on ${id}`, async () => {
      const { body } = await api.get(`/api/v1/customers?q=${encodeURIComponent(id)}`);
      return body.items.find((row: { id: string }) => row.id === id)?.complaints === complaints;
    });

  it('registers a customer, finds it, names it on complaints by id and by name, and files what they became', async () => {
    const customer = await registerCustomer({
      ...RegisterCustomerDto.example,
      id: 'CUST-FILE',
      name: 'Suzhou Flow Ltd',
    });
    assert.equal(customer.status, 'active');
    assert.deepEqual(customer.allowedActions, ['change-contacts', 'change-details']);
    await waitFor('the customer listed', async () => (await api.get('/api/v1/customers?q=suzhou')).body.total === 1);
    const byContact = await api.get('/api/v1/customers?q=li.wei@hzvalve');
    assert.ok(
      byContact.body.items.some((row: { id: string }) => row.id === 'CUST-FILE'),
      'found by a contact',
    );

    const first = await registerComplaint({ id: 'CUST-FILE' });
    assert.deepEqual(first.customer, { id: 'CUST-FILE', name: 'Suzhou Flow Ltd' });
    // By name, with other spacing and case: the same customer, not a new one.
    const second = await registerComplaint({ name: '  suzhou flow LTD ' });
    assert.equal(second.customer.id, 'CUST-FILE');
    const beforeThird = new Date().toISOString();
    const third = await registerComplaint({ id: 'CUST-FILE' }, { severity: 'high' });

    // The first through the whole loop, satisfied with a 4.
    await step(first.id, 'identify', IdentifyStepDto.example);
    await step(first.id, 'analyse', {
      ...AnalyseStepDto.example,
      responsibleParty: { type: 'internal', department: 'Assembly' },
    });
    await step(first.id, 'resolve', ResolveStepDto.example);
    await step(first.id, 'verify', VerifyStepDto.example, verifier);
    await step(first.id, 'feedback', { ...FeedbackStepDto.example, satisfactionScore: 4, satisfied: true });
    await step(first.id, 'archive', ArchiveStepDto.example);
    await waitFor('the archive projected', async () => {
      const { body } = await api.get(`/api/v1/customers/CUST-FILE/file`);
      return body.sections.summary[0].closed === 1 && body.sections.summary[0].complaints === 3;
    });

    const file = await fileOf('CUST-FILE');
    assert.equal(file.customer.id, 'CUST-FILE');
    const [summary] = file.sections.summary;
    assert.equal(summary.complaints, 3);
    assert.equal(summary.open, 2);
    assert.equal(summary.closed, 1);
    assert.equal(summary.met, 1, 'closed within its targets');
    assert.equal(summary.responses, 1);
    assert.equal(summary.meanScore, 4);
    assert.equal(summary.csi, 75);
    const rows = file.sections.complaints as {
      complaintId: string;
      status: string;
      slaMet: boolean | null;
      closeMs: number | null;
    }[];
    assert.deepEqual(rows.map((row) => row.complaintId).sort(), [first.id, second.id, third.id].sort());
    const closed = rows.find((row) => row.complaintId === first.id)!;
    assert.equal(closed.status, 'archived');
    assert.equal(closed.slaMet, true);
    assert.ok(closed.closeMs! > 0);
    assert.equal(rows.find((row) => row.complaintId === third.id)!.slaMet, null, 'open and on time: not yet known');
    assert.deepEqual(
      file.sections.causePareto.map((row: { causeCategory: string; count: number }) => [row.causeCategory, row.count]),
      [[AnalyseStepDto.example.causeCategory, 1]],
    );
    assert.equal(file.sections.satisfactionByPeriod.length, 1);
    assert.equal(file.labels.sections.summary, 'Summary');

    // As the record stood before the third complaint: two, both open.
    const then = await fileOf('CUST-FILE', `?asOf=${encodeURIComponent(beforeThird)}`);
    assert.deepEqual(
      then.sections.complaints.map((row: { complaintId: string }) => row.complaintId).sort(),
      [first.id, second.id].sort(),
    );
    assert.equal(then.sections.summary[0].open, 2);
    assert.equal(then.to, beforeThird);

    // CSV in the reader's language.
    const csv = await fetch(`${app.baseUrl}/api/v1/customers/CUST-FILE/file`, {
      headers: { ...owner, accept: 'text/csv', 'accept-language': 'zh-CN' },
    });
    assert.equal(csv.status, 200);
    const sheet = await csv.text();
    assert.match(sheet, /概况/);
    assert.match(sheet, /是否按时/);
    assert.match(sheet, /已归档|archived/);

    // The complaints report, for this customer alone.
    const report = await api.get('/api/v1/reports/complaints?customerId=CUST-FILE');
    assert.equal(report.status, 200);
    const cases = report.body.sections.slaCompliance.reduce(
      (sum: number, row: { cases: number }) => sum + row.cases,
      0,
    );
    assert.equal(cases, 3);
    const [csi] = report.body.sections.satisfactionByCustomer;
    assert.equal(csi.customerId, 'CUST-FILE');
    assert.equal(csi.customer, 'Suzhou Flow Ltd');
    assert.equal((await api.get('/api/v1/reports/complaints?customerId=NOPE-1')).status, 404);
    // The case list filters by customer too.
    const listed = await api.get('/api/v1/complaints?customerId=CUST-FILE');
    assert.equal(listed.body.total, 3);
  });

  it('merges a duplicate into the customer that goes on: its complaints count there, and it takes no more changes', async () => {
    const keeper = await registerCustomer({ id: 'CUST-KEEP', name: 'Ningbo Seals Co.', kind: 'company' });
    const duplicate = await registerCustomer({ id: 'CUST-DUP', name: 'NB Seals', kind: 'company' });
    await registerComplaint({ id: keeper.id });
    await registerComplaint({ id: duplicate.id });

    assert.equal(
      (await api.post('/api/v1/customers/CUST-DUP/merge', { into: 'CUST-DUP', reason: 'x' }, supervisor)).status,
      422,
    );
    const nowhere = await api.post('/api/v1/customers/CUST-DUP/merge', { into: 'CUST-NONE', reason: 'x' }, supervisor);
    assert.equal(nowhere.status, 422);
    assert.equal(nowhere.body.errors?.[0]?.field ?? nowhere.body.field, 'into');
    assert.equal(
      (await api.post('/api/v1/customers/CUST-DUP/merge', { into: 'CUST-KEEP', reason: 'x' })).status,
      403,
      'owners do not merge',
    );

    const merged = await api.post(
      '/api/v1/customers/CUST-DUP/merge',
      { into: 'CUST-KEEP', reason: 'The same company, registered twice' },
      { ...supervisor, 'idempotency-key': randomUUID() },
    );
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.status, 'merged');
    assert.equal(merged.body.mergedInto, 'CUST-KEEP');
    assert.deepEqual((await api.get('/api/v1/customers/CUST-KEEP')).body.absorbed, ['CUST-DUP']);
    const refused = await api.post('/api/v1/customers/CUST-DUP/contacts', { contacts: [] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.mergedInto, 'CUST-KEEP');

    // A complaint naming the merged customer goes to the one it went into.
    const later = await registerComplaint({ id: 'CUST-DUP' });
    assert.equal(later.customer.id, 'CUST-KEEP');
    await projected('CUST-KEEP', 3);
    const file = await fileOf('CUST-KEEP');
    assert.equal(file.sections.summary[0].complaints, 3);

    // Merged again, the chain counts whole at its end; a merge into a merged customer is told where it went.
    await registerCustomer({ id: 'CUST-TOP', name: 'Ningbo Seals Group', kind: 'company' });
    const up = await api.post(
      '/api/v1/customers/CUST-KEEP/merge',
      { into: 'CUST-TOP', reason: 'Part of the group' },
      supervisor,
    );
    assert.equal(up.status, 200, JSON.stringify(up.body));
    await projected('CUST-TOP', 3);
    assert.equal((await fileOf('CUST-TOP')).sections.summary[0].complaints, 3, "the duplicate's complaint too");
    assert.equal((await api.get('/api/v1/complaints?customerId=CUST-TOP')).body.total, 3);
    await registerCustomer({ id: 'CUST-STRAY', name: 'Stray Seals', kind: 'company' });
    const intoMerged = await api.post(
      '/api/v1/customers/CUST-STRAY/merge',
      { into: 'CUST-KEEP', reason: 'x' },
      supervisor,
    );
    assert.equal(intoMerged.status, 409);
    assert.equal(intoMerged.body.mergedInto, 'CUST-TOP');
  });

  it('refuses what is wrong, saying where, and writes nothing', async () => {
    const badEmail = await api.post('/api/v1/customers', {
      name: 'Bad Mail Co.',
      kind: 'company',
      contacts: [{ name: 'Ann', email: 'not-an-address' }],
    });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.body.errors[0].field, 'contacts[0].email');
    assert.equal((await api.post('/api/v1/customers', { name: 'X', kind: 'robot' })).status, 400);
    const zh = await api.post(
      '/api/v1/customers',
      { name: 'X', kind: 'company', contacts: [{ name: 'A', phone: 'call me' }] },
      { ...owner, 'accept-language': 'zh-CN' },
    );
    assert.equal(zh.status, 400);
    assert.match(zh.body.errors[0].message, /电话号码/);

    const key = randomUUID();
    const unknown = await api.post(
      '/api/v1/complaints',
      { ...RegisterComplaintDto.example, customer: { id: 'CUST-UNKNOWN' } },
      { 'idempotency-key': key },
    );
    assert.equal(unknown.status, 422);
    assert.equal((await api.get('/api/v1/customers/CUST-UNKNOWN')).status, 404);
    assert.equal((await api.get('/api/v1/customers/not%20an%20id')).status, 400);
    assert.equal((await api.post('/api/v1/complaints', { ...RegisterComplaintDto.example, customer: {} })).status, 400);
    const blank = await api.post('/api/v1/complaints', { ...RegisterComplaintDto.example, customer: { name: '   ' } });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.errors[0].field, 'customer.name');
    // An instant with its offset, never a bare year (which the database could not read: a 500 before).
    for (const path of ['/api/v1/customers/CUST-FILE/file?asOf=2030', '/api/v1/reports/complaints?from=2026-05'])
      assert.equal((await api.get(path)).status, 400, path);

    // An id as clients sent them before customers were entities: kept as the customer's outside reference.
    const legacy = await registerComplaint({ name: 'Legacy Pumps Ltd', id: '客户 42' });
    assert.match(legacy.customer.id, /^CUS-[0-9A-Z]{8}$/);
    const kept = (await api.get(`/api/v1/customers/${legacy.customer.id}`)).body;
    assert.equal(kept.externalRef, '客户 42');
    assert.equal(kept.name, 'Legacy Pumps Ltd');
    const again = await registerComplaint({ name: 'Legacy Pumps Ltd', id: '客户 42' });
    assert.equal(again.customer.id, legacy.customer.id, 'the same customer, not another');
  });

  /** A case of the customer's at feedback, owned by li.wei. */
  const atFeedback = async (customerId: string) => {
    const registered = await registerComplaint({ id: customerId });
    await step(registered.id, 'identify', IdentifyStepDto.example);
    await step(registered.id, 'analyse', {
      ...AnalyseStepDto.example,
      rootCause: 'Porosity in the flange casting (internal finding)',
      responsibleParty: { type: 'internal', department: 'Casting' },
    });
    await step(registered.id, 'resolve', ResolveStepDto.example);
    await step(registered.id, 'verify', VerifyStepDto.example, verifier);
    await api.post(`/api/v1/complaints/${registered.id}/comments`, {
      text: 'Internal: supplier blamed us (do not share)',
    });
    return registered as { id: string; number: string };
  };
  const makeLink = async (id: string, summary = 'We replaced the three valves and now test every one.') => {
    const response = await api.post(`/api/v1/complaints/${id}/feedback-link`, { summary });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const link = response.body as { url: string; expiresAt: string; linkId: string; revision: number };
    // The public page finds the case through the read models: a customer opens a link seconds after it is sent.
    await waitFor('the link in the read models', async () => {
      const { body } = await api.get(`/api/v1/complaints?q=${id}`);
      return body.items?.[0]?.revision >= link.revision;
    });
    return link;
  };
  const tokenOf = (url: string) => url.split('/feedback/')[1]!;
  const publicApi = () => http(app.baseUrl);
  /** Every dead link answers alike: the same status and the same words. */
  const sameNotFound = (response: { status: number; body: Record<string, unknown> }) => {
    assert.equal(response.status, 404);
    const { type, title, detail } = response.body;
    return { type, title, detail };
  };

  it("asks the customer through a link: the page shows nothing internal, and 'not resolved' sends the case back to analyse as the customer", async () => {
    await registerCustomer({
      id: 'CUST-LINK',
      name: 'Jiaxing Valve Works',
      kind: 'company',
      contacts: [{ name: 'Sun Li', email: 'sun.li@jxvalve.example', language: 'zh-CN' }],
    });
    const kase = await atFeedback('CUST-LINK');
    const refused = await api.post(
      `/api/v1/complaints/${kase.id}/feedback-link`,
      { summary: 'x' },
      as('chen.jie', 'owner'),
    );
    assert.equal(refused.status, 403, "another owner's case");
    const link = await makeLink(kase.id);
    assert.match(link.url, new RegExp(`^${app.baseUrl}/feedback/[A-Za-z0-9_-]{43}$`));
    const shown = await api.get(`/api/v1/complaints/${kase.id}`);
    assert.equal(shown.body.feedbackLink.state, 'made');
    assert.equal(shown.body.feedbackLink.tokenHash, undefined, 'the hash stays in the history');
    assert.ok(!JSON.stringify(shown.body).includes(tokenOf(link.url)), 'the token is never kept');

    const page = await publicApi().get(`/api/v1/public/feedback/${tokenOf(link.url)}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.number, kase.number);
    assert.equal(page.body.title, RegisterComplaintDto.example.title);
    assert.equal(page.body.summary, 'We replaced the three valves and now test every one.');
    assert.equal(page.body.language, 'zh-CN');
    const text = JSON.stringify(page.body);
    for (const internal of [
      'li.wei',
      'zhang.qa',
      'Porosity',
      'Internal:',
      'Casting',
      IdentifyStepDto.example.acknowledgement,
    ])
      assert.ok(!text.includes(internal), `the public page shows ${internal}`);
    await waitFor('the opening recorded', async () => {
      const { body } = await api.get(`/api/v1/complaints/${kase.id}`);
      return body.feedbackLink.state === 'opened';
    });

    const bad = await publicApi().post(`/api/v1/public/feedback/${tokenOf(link.url)}`, {
      resolved: false,
      score: 9,
      comment: '',
    });
    assert.equal(bad.status, 400);
    const answered = await publicApi().post(`/api/v1/public/feedback/${tokenOf(link.url)}`, {
      resolved: false,
      score: 2,
      comment: 'Two of the new valves leak again.',
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    const after = (await api.get(`/api/v1/complaints/${kase.id}`)).body;
    assert.equal(after.step, 'analyse');
    assert.equal(after.feedbackLink.state, 'answered');
    assert.equal(after.feedback.linkId, link.linkId);
    const { events } = (await api.get(`/api/v1/complaints/${kase.id}/history`)).body;
    const [recorded, reopened] = events.slice(-2);
    assert.equal(recorded.type, 'CustomerFeedbackRecorded');
    assert.equal(recorded.actor, 'customer:CUST-LINK');
    assert.equal(reopened.type, 'ComplaintReopened');
    assert.equal(reopened.data.trigger, 'customer-unsatisfied');
    assert.equal(reopened.actor, 'customer:CUST-LINK');

    // Used: the same 404 as a token nobody made.
    const used = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${tokenOf(link.url)}`));
    const unknown = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${'A'.repeat(43)}`));
    const malformed = sameNotFound(await publicApi().get('/api/v1/public/feedback/not-a-token'));
    const usedAgain = sameNotFound(
      await publicApi().post(`/api/v1/public/feedback/${tokenOf(link.url)}`, {
        resolved: true,
        score: 5,
        comment: 'ok',
      }),
    );
    assert.deepEqual(used, unknown);
    assert.deepEqual(malformed, unknown);
    assert.deepEqual(usedAgain, unknown);
  });

  it("'resolved' completes feedback with the customer's score; a replaced link and one of a case that moved on answer the same 404", async () => {
    const kase = await atFeedback('CUST-LINK');
    const first = await makeLink(kase.id);
    const second = await makeLink(kase.id, 'Replaced, tested, shipped.');
    const replaced = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${tokenOf(first.url)}`));
    const answered = await publicApi().post(`/api/v1/public/feedback/${tokenOf(second.url)}`, {
      resolved: true,
      score: 5,
      comment: 'Holds now, thank you.',
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    const after = (await api.get(`/api/v1/complaints/${kase.id}`)).body;
    assert.equal(after.step, 'archive');
    assert.equal(after.feedback.satisfactionScore, 5);

    const other = await atFeedback('CUST-LINK');
    const orphan = await makeLink(other.id);
    await step(other.id, 'feedback', { ...FeedbackStepDto.example, satisfactionScore: 3 });
    const movedOn = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${tokenOf(orphan.url)}`));
    assert.equal((await api.get(`/api/v1/complaints/${other.id}`)).body.feedbackLink.state, 'void');
    assert.deepEqual(replaced, movedOn);

    // The customer's own answers count apart from those the owner took, and make the index.
    await waitFor('the answers in the customer file', async () => {
      const { body } = await api.get('/api/v1/customers/CUST-LINK/file');
      return body.sections.summary[0].responses === 3;
    });
    // Not resolved (2) and resolved (5) by the customer, 3 taken by the owner on the phone.
    const [summary] = (await fileOf('CUST-LINK')).sections.summary;
    assert.equal(summary.customerAnswers, 2);
    assert.equal(summary.ownerAnswers, 1);
    assert.equal(summary.meanScore, 3.5, "the customers' own answers (2, 5), not the owner's (3)");
    const report = await api.get('/api/v1/reports/complaints?customerId=CUST-LINK');
    const [row] = report.body.sections.satisfactionByCustomer;
    assert.deepEqual([row.customerAnswers, row.ownerAnswers, row.meanScore], [2, 1, 3.5]);
  });

  it('registers the customers recorded complaints named, once, and files those complaints under them', async () => {
    // Two complaints recorded before customers were entities, the name typed two ways.
    const store = await openEventStore({ kind: 'postgres', url: databaseUrl(), schema });
    const recorded = [randomUUID(), randomUUID()];
    try {
      for (const [index, id] of recorded.entries())
        await store.append(
          `complaint-${id}`,
          [
            {
              id: randomUUID(),
              type: 'ComplaintRegistered',
              data: {
                ...RegisterComplaintDto.example,
                customer: { name: index === 0 ? 'Old Works Ltd' : '  old  works LTD', contact: '+86 21 5555 0101' },
                complaintId: id,
                slaPolicy: defaultSlaPolicy,
                by: 'desk',
                at: new Date().toISOString(),
              },
              metadata: { actor: 'desk' },
            },
          ],
          { expectedRevision: 'no-stream' },
        );
    } finally {
      await store.close();
    }
    const customerId = customerIdOf({ name: 'Old Works Ltd' });
    // The backfill runs at start, once the read models hold what the store held then.
    await app.stop();
    app = await startApp(join(dataDir, 'data'), { env: appEnv() });
    api = http(app.baseUrl, owner);
    await projected(customerId, 2);
    const customer = (await api.get(`/api/v1/customers/${customerId}`)).body;
    assert.equal(customer.name, 'Old Works Ltd');
    assert.deepEqual(customer.contacts, [{ name: 'Old Works Ltd', phone: '+86 21 5555 0101' }]);
    const history = (await api.get(`/api/v1/customers/${customerId}/history`)).body.events;
    assert.equal(history.length, 1, 'registered once');
    assert.equal(history[0].actor, 'system:customer-backfill');
    const { body: one } = await api.get(`/api/v1/complaints/${recorded[0]}`);
    assert.equal(one.customer.id, customerId, 'the recorded complaint reads as naming its customer');
    assert.equal((await api.get(`/api/v1/customers/${customerId}/audit`)).body.verdict, 'intact');

    // A later event on a recorded case folds onto its record, which keeps it in its customer's file.
    const more = await openEventStore({ kind: 'postgres', url: databaseUrl(), schema });
    try {
      await more.append(
        `complaint-${recorded[0]}`,
        [
          {
            id: randomUUID(),
            type: 'CommentAdded',
            data: { text: 'Called again', by: 'desk', at: new Date().toISOString() },
            metadata: { actor: 'desk' },
          },
        ],
        { expectedRevision: 0 },
      );
    } finally {
      await more.close();
    }
    await waitFor('the note projected', async () => {
      const { body } = await api.get(`/api/v1/complaints?q=${recorded[0]}`);
      return body.items?.[0]?.revision === 1;
    });
    await projected(customerId, 2);

    // Another start finds nothing more to do.
    await app.stop();
    app = await startApp(join(dataDir, 'data'), { env: appEnv() });
    api = http(app.baseUrl, owner);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal((await api.get(`/api/v1/customers/${customerId}/history`)).body.events.length, 1);
  });

  it('lets a link expire, and holds an address to the rate limit', async () => {
    await app.stop();
    app = await startApp(join(dataDir, 'data'), {
      env: appEnv({ CUSTOMER_LINK_TTL: 'PT3S', FEEDBACK_RATE_LIMIT_PER_MINUTE: '8' }),
    });
    api = http(app.baseUrl, owner);
    const kase = await atFeedback('CUST-LINK');
    const link = await makeLink(kase.id);
    assert.ok(Date.parse(link.expiresAt) - Date.now() <= 3000);
    await waitFor(
      'the link to be findable',
      async () => (await publicApi().get(`/api/v1/public/feedback/${tokenOf(link.url)}`)).status === 200,
    );
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const expired = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${tokenOf(link.url)}`));
    const unknown = sameNotFound(await publicApi().get(`/api/v1/public/feedback/${'B'.repeat(43)}`));
    assert.deepEqual(expired, unknown);
    assert.equal((await api.get(`/api/v1/complaints/${kase.id}`)).body.feedbackLink.state, 'expired');
    // Eight tries a minute from one address (some spent above): then 429, whatever the token.
    let limited;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const response = await publicApi().get(`/api/v1/public/feedback/${'C'.repeat(43)}`);
      if (response.status === 429) limited = response;
      else assert.equal(response.status, 404);
    }
    assert.ok(limited, 'the address was held to the limit');
    // Signed-in work is not held to it.
    assert.equal((await api.get(`/api/v1/complaints/${kase.id}`)).status, 200);
  });
});
