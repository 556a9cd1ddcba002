import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

const owner = as('li.wei', 'owner');
const desk = as('desk', 'owner');
const supervisor = as('sup.wang', 'supervisor');
const chinese = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const english = { 'accept-language': 'en-GB' };
const hasChinese = /[\u4e00-\u9fff]/;

/** What a hostile or careless client sends: text no store can hold, bodies nested to break the validator, numbers past any revision, one key for many requests. */
describe('hostile requests over HTTP: a clear 4xx, the store unchanged, no case wedged', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-hostile-'));
    app = await startApp(join(dataDir, 'data'), { env: { RATE_LIMIT_PER_MINUTE: '0' } });
    api = http(app.baseUrl, as('reader', 'auditor'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (body: object = RegisterComplaintDto.example) => {
    const response = await api.post('/api/v1/complaints', body, desk);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string; revision: number };
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

  it("says why a request was refused in the reader's language: the rule's detail, the fields, the report's sheet", async () => {
    const { id } = await register();
    const escalate = (headers: Record<string, string>) =>
      api.post(
        `/api/v1/complaints/${id}/escalate`,
        { reason: 'The customer called again', level: 20 },
        { ...supervisor, ...headers },
      );

    // A rule of the domain: the ladder has no rung 20.
    const refusedInChinese = await escalate(chinese);
    assert.equal(refusedInChinese.status, 422, JSON.stringify(refusedInChinese.body));
    assert.equal(refusedInChinese.body.type, 'urn:qloop:problem:rule-violated', 'codes never change with the language');
    assert.equal(refusedInChinese.body.field, 'level', 'nor do field names');
    assert.equal(refusedInChinese.body.title, '业务规则不允许');
    assert.match(refusedInChinese.body.detail, /^「一般」案件的升级阶梯只有 \d+ 级。$/);
    assert.equal('refusal' in refusedInChinese.body, false, 'the sentence travels as data, and is not sent as such');
    const refusedInEnglish = await escalate(english);
    assert.equal(refusedInEnglish.status, 422);
    assert.match(refusedInEnglish.body.detail, /^The ladder for normal cases has \d+ levels$/);

    // A step that is not the current one, with the steps in words.
    const early = await api.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example, {
      ...owner,
      ...chinese,
    });
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(early.body.detail, `投诉 ${id} 当前处于「识别」步骤，而不是「分析」。`);

    // An analysis that names nobody responsible is the client's mistake (400), not the server's (it was a 500).
    const { responsibleParty: _, ...nobody } = AnalyseStepDto.example;
    const unnamed = await api.post(`/api/v1/complaints/${id}/steps/analyse`, nobody, { ...owner, ...chinese });
    assert.equal(unnamed.status, 400, JSON.stringify(unnamed.body));
    assert.deepEqual(unnamed.body.errors, [{ field: 'responsibleParty', message: 'responsibleParty 必须是对象。' }]);

    // Validation: every field's message in Chinese, the fields named as they are.
    const invalid = { ...RegisterComplaintDto.example, severity: 'urgent', title: '', surprise: 1 };
    const badInChinese = await api.post('/api/v1/complaints', invalid, { ...desk, ...chinese });
    assert.equal(badInChinese.status, 400, JSON.stringify(badInChinese.body));
    assert.equal(badInChinese.body.detail, '请求中有无效的字段。');
    assert.deepEqual(fieldsOf(badInChinese.body).sort(), ['severity', 'surprise', 'title']);
    for (const error of badInChinese.body.errors as { field: string; message: string }[])
      assert.match(error.message, hasChinese, `${error.field}: ${error.message}`);
    const messageOf = (body: { errors: { field: string; message: string }[] }, field: string) =>
      body.errors.find((error) => error.field === field)?.message;
    assert.equal(messageOf(badInChinese.body, 'severity'), 'severity 必须是以下值之一：low、normal、high、critical。');
    const badInEnglish = await api.post('/api/v1/complaints', invalid, { ...desk, ...english });
    assert.equal(badInEnglish.body.detail, 'The request has invalid fields');
    assert.match(
      messageOf(badInEnglish.body, 'severity')!,
      /^severity must be one of the following values: low, normal/,
    );
    assert.equal(messageOf(badInEnglish.body, 'surprise'), 'property surprise should not exist');
    const missing = await api.get(`/api/v1/complaints/${crypto.randomUUID()}`, chinese);
    assert.match(missing.body.detail, /^投诉 .+ 不存在。$/);

    // The report's sheet: headings and coded values as words, durations in hours.
    const identified = await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
    assert.equal(identified.status, 200, JSON.stringify(identified.body));
    await waitFor('the read models', async () => (await api.get('/health/ready')).body.details?.projections?.lag === 0);
    const sheet = async (headers: Record<string, string>) => {
      const response = await fetch(`${app.baseUrl}/api/v1/reports/complaints`, {
        headers: { authorization: as('reader', 'auditor').authorization, accept: 'text/csv', ...headers },
      });
      assert.equal(response.status, 200);
      return (await response.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
    };
    const [chineseHeader, ...chineseRows] = await sheet(chinese);
    assert.match(chineseHeader!, /^部分,期间,严重程度,案件数/);
    assert.match(chineseHeader!, /中位数（小时）/);
    assert.doesNotMatch(chineseHeader!, /[A-Za-z]/, 'no English heading');
    assert.ok(
      chineseRows.some((row) => /^时限达成率,\d{4}-\d{2}-\d{2},(低|一般|高|严重),/.test(row)),
      'severity as a word: ' + chineseRows.join('\n'),
    );
    assert.ok(
      chineseRows.some((row) => /^各步骤用时,.*,识别,1,/.test(row)),
      'the step as a word',
    );
    assert.doesNotMatch(chineseRows.join('\n'), /,normal,|,identify,/);
    const [englishHeader, ...englishRows] = await sheet(english);
    assert.match(englishHeader!, /^Section,Period,Severity,Cases/);
    assert.ok(englishRows.some((row) => /^SLA compliance,\d{4}-\d{2}-\d{2},(Low|Normal|High|Critical),/.test(row)));
  });

  it('refuses NUL and unpaired surrogates with 400 naming the field, and the case goes on', async () => {
    const { id } = await register();
    for (const text of ['a\u0000b', 'lone \ud800', '\udc00 trailing']) {
      const refused = await api.post(`/api/v1/complaints/${id}/comments`, { text }, owner);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.deepEqual(fieldsOf(refused.body), ['text']);
    }
    const badTitle = await api.post('/api/v1/complaints', { ...RegisterComplaintDto.example, title: 'x\u0000' }, desk);
    assert.equal(badTitle.status, 400);
    assert.deepEqual(fieldsOf(badTitle.body), ['title']);
    const badQuery = await api.get('/api/v1/complaints?q=%00');
    assert.equal(badQuery.status, 400);
    assert.equal((await api.get(`/api/v1/complaints/${id}%00`)).status, 400);

    // Nothing was recorded, and the case takes its next step and note at once.
    const history = await api.get(`/api/v1/complaints/${id}/history`);
    assert.deepEqual(
      withoutMailRecords(history.body.events as { type: string }[]).map((e) => e.type),
      ['ComplaintRegistered'],
    );
    const identified = await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
    assert.equal(identified.status, 200, JSON.stringify(identified.body));
    const noted = await api.post(
      `/api/v1/complaints/${id}/comments`,
      { text: 'emoji are fine 😀 ok' },
      as(IdentifyStepDto.example.owner, 'owner'),
    );
    assert.equal(noted.status, 201, JSON.stringify(noted.body));
  });

  it('refuses a body nested 60,000 deep with 400, before it is transformed', async () => {
    const { id } = await register();
    const deep = `{"text":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
    const refused = await api.post(`/api/v1/complaints/${id}/comments`, deep, owner);
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.deepEqual(fieldsOf(refused.body), ['body'], JSON.stringify(refused.body));
    const shallowButWrong = await api.post(`/api/v1/complaints/${id}/comments`, { text: [[['x']]] }, owner);
    assert.equal(shallowButWrong.status, 400);
  });

  it('refuses revisions past any stream with 400, not 500', async () => {
    const { id } = await register();
    for (const revision of ['1e20', '99999999999999999999', '-1', '1.5', 'abc']) {
      const response = await api.get(`/api/v1/complaints/${id}/state?revision=${revision}`);
      assert.equal(response.status, 400, `${revision}: ${JSON.stringify(response.body)}`);
      assert.deepEqual(fieldsOf(response.body), ['revision']);
    }
    assert.equal((await api.get(`/api/v1/complaints/${id}/state?revision=0`)).status, 200);
    assert.equal((await api.get(`/api/v1/complaints/${id}/state?asOf=+275760-09-13T00:00:00.001Z`)).status, 400);
  });

  it('holds an Idempotency-Key to one request: another body, route or caller under it is 422, a true repeat its first answer', async () => {
    const { id } = await register();
    const identified = await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
    const caseOwner = as(IdentifyStepDto.example.owner, 'owner');
    const key = { 'idempotency-key': `note-${id}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        api.post(`/api/v1/complaints/${id}/comments`, { text: `note number ${n}` }, { ...caseOwner, ...key }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [201, ...Array(19).fill(422)], JSON.stringify(answers.map((a) => a.body)));
    const refused = answers.find((answer) => answer.status === 422)!;
    assert.equal(refused.body.type, 'urn:qloop:problem:idempotency-key-reused');
    const winner = answers.find((answer) => answer.status === 201)!;
    const text = (await api.get(`/api/v1/complaints/${id}/comments`)).body.comments.map(
      (c: { text: string }) => c.text,
    );
    assert.equal(text.length, 1);

    // The very same request again: its first answer, nothing new stored.
    const repeat = await api.post(`/api/v1/complaints/${id}/comments`, { text: text[0] }, { ...caseOwner, ...key });
    assert.equal(repeat.status, 201);
    assert.equal(repeat.body.revision, winner.body.revision);
    // The same key on another route, or from another person: refused.
    const otherRoute = await api.post(
      `/api/v1/complaints/${id}/severity`,
      { severity: 'high', reason: 'Customer escalated' },
      { ...as('sup.wang', 'supervisor'), ...key },
    );
    assert.equal(otherRoute.status, 422, JSON.stringify(otherRoute.body));
    const otherPerson = await api.post(
      `/api/v1/complaints/${id}/comments`,
      { text: text[0] },
      { ...as('sup.wang', 'supervisor'), ...key },
    );
    assert.equal(otherPerson.status, 422, JSON.stringify(otherPerson.body));
    const history = await api.get(`/api/v1/complaints/${id}/history`);
    const after = (history.body.events as { type: string; seq: number }[]).filter(
      (event) => event.seq > identified.body.revision,
    );
    assert.equal(withoutMailRecords(after).length, 1, 'the one comment, once');

    // A registration's key, and a policy's, likewise.
    const registrationKey = { 'idempotency-key': `register-${id}` };
    const first = await api.post('/api/v1/complaints', RegisterComplaintDto.example, { ...desk, ...registrationKey });
    assert.equal(first.status, 201);
    const again = await api.post('/api/v1/complaints', RegisterComplaintDto.example, { ...desk, ...registrationKey });
    assert.equal(again.status, 201);
    assert.equal(again.body.id, first.body.id);
    const changed = { ...RegisterComplaintDto.example, title: 'Another complaint altogether' };
    assert.equal((await api.post('/api/v1/complaints', changed, { ...desk, ...registrationKey })).status, 422);
  });

  it('answers a burst of 40 writes to one case with 201 or 503 (never 500), and each retry with its key lands once', async () => {
    const { id } = await register();
    await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
    const caseOwner = as(IdentifyStepDto.example.owner, 'owner');
    const send = (n: number) =>
      api.post(
        `/api/v1/complaints/${id}/comments`,
        { text: `burst ${n}` },
        { ...caseOwner, 'idempotency-key': `burst-${id}-${n}` },
      );
    let pending = Array.from({ length: 40 }, (_, n) => n);
    const seen = new Set<number>();
    for (let round = 0; pending.length > 0 && round < 20; round++) {
      const answers = await Promise.all(pending.map(async (n) => [n, await send(n)] as const));
      for (const [, answer] of answers) {
        seen.add(answer.status);
        if (answer.status === 503) assert.ok(answer.headers.get('retry-after'), 'a 503 says when to come back');
      }
      pending = answers.filter(([, answer]) => answer.status !== 201).map(([n]) => n);
    }
    assert.deepEqual(
      [...seen].filter((status) => status !== 201 && status !== 503),
      [],
    );
    assert.deepEqual(pending, []);
    const texts = (await api.get(`/api/v1/complaints/${id}/comments`)).body.comments.map(
      (c: { text: string }) => c.text,
    );
    assert.equal(texts.length, 40);
    assert.equal(new Set(texts).size, 40, 'each comment once');
  });
});
