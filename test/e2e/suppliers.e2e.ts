import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import {
  CorrectiveActionResponseDto,
  PerformanceDto,
  RegisterSupplierDto,
  RequalifyDto,
  ScoresDto,
  RequestEvaluationDto,
} from '../../apps/api/suppliers/dto/supplier-bodies.dto.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

const engineer = as('zhao.sqe', 'quality-engineer');

/** The default criteria; an evaluation due every hour for A, early after two complaints, scores within an hour. */
const policyYaml = `
weights: { quality-awareness: 10, technical-capability: 10, reproducibility: 10, problem-solving: 10, system-stability: 10, rejection-rate: 20, on-time-delivery: 15, attributed-complaints: 10, corrective-action-responsiveness: 5 }
grades:
  - { grade: A, minScore: 85, outcome: approved, interval: PT1H }
  - { grade: B, minScore: 70, outcome: approved-with-conditions, interval: PT1H, correctiveAction: true }
  - { grade: C, minScore: 50, outcome: probation, interval: PT1H, correctiveAction: true }
  - { grade: D, minScore: 0, outcome: disqualified }
earlyTrigger: { complaints: 2, window: PT1H }
scoring: { deadline: PT1H, reminderRatio: 0.5, escalateTo: supplier-quality-manager }
correctiveAction: { response: PT1H, escalateTo: supplier-quality-manager }
`;

const allScores = (value: number) => ({
  scores: Object.fromEntries(Object.keys(ScoresDto.example.scores).map((criterion) => [criterion, value])),
});

describe('suppliers over HTTP (npm start with SUPPLIER_POLICY_PATH)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-suppliers-'));
    const policyPath = join(dataDir, 'suppliers.yaml');
    writeFileSync(policyPath, policyYaml);
    app = await startApp(join(dataDir, 'data'), { env: { SUPPLIER_POLICY_PATH: policyPath } });
    api = http(app.baseUrl, as('reader', 'auditor'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (id = `sup-${crypto.randomUUID().slice(0, 8)}`) => {
    const response = await api.post('/api/v1/suppliers', { ...RegisterSupplierDto.example, id }, engineer);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return id;
  };
  const act = async (id: string, path: string, body: object, expected = 200) => {
    const response = await api.post(`/api/v1/suppliers/${id}/${path}`, body, engineer);
    assert.equal(response.status, expected, `${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const openEvaluation = (id: string) =>
    waitFor(
      'an open evaluation',
      async () => (await api.get(`/api/v1/suppliers/${id}`)).body.evaluation !== undefined,
      20_000,
    );

  it('registers a supplier, evaluates it on recorded performance and scores, grades it, and keeps the record', async () => {
    const id = await register();
    await openEvaluation(id);
    const first = (await api.get(`/api/v1/suppliers/${id}`)).body;
    assert.equal(first.evaluation.trigger, 'scheduled');
    assert.equal(first.phase, 'evaluating');
    assert.equal(first.policy, undefined, 'the policy stays in the history');

    // Performance recorded while the evaluation is open counts in it: it is measured when the scores come.
    const recorded = await act(id, 'performance', PerformanceDto.example, 201);
    assert.equal(recorded.performance.deliveries, 24);
    const graded = await act(id, 'evaluations/current/scores', ScoresDto.example);
    assert.equal(graded.grade, 'B', JSON.stringify(graded.evaluations));
    assert.equal(graded.score, 77.5, 'scored (50) at 75, rejections (20) at 87.1, on time (15) at 58.3, no complaint');
    assert.equal(graded.outcome, 'approved-with-conditions');
    assert.equal(graded.openCorrectiveActions, 1);
    assert.ok(Date.parse(graded.nextEvaluationDue) > Date.now());

    const answered = await act(
      id,
      `corrective-actions/${graded.correctiveActions[0].id}/response`,
      CorrectiveActionResponseDto.example,
    );
    assert.equal(answered.openCorrectiveActions, 0);
    assert.equal(answered.correctiveActions[0].onTime, true);

    // A manual evaluation will be measured on the records since the last one: the corrective action answered since.
    const manual = await act(id, 'evaluations', RequestEvaluationDto.example, 201);
    assert.equal(manual.evaluation.trigger, 'manual');
    assert.equal(manual.evaluation.measures, undefined, 'measured when it is scored, not when it opens');
    assert.equal(manual.sinceLastEvaluation.deliveries, 0, 'the performance above was scored in the first');
    assert.deepEqual(manual.sinceLastEvaluation.correctiveActions, [graded.correctiveActions[0].id]);

    // Scorecards come from the read model, a moment behind the store.
    await waitFor('the scorecard', async () => {
      const list = await api.get(`/api/v1/suppliers?grade=B&q=${id}`);
      return list.body.items.some(
        (card: { id: string; openCorrectiveActions: number }) => card.id === id && card.openCorrectiveActions === 0,
      );
    });
    const report = (await api.get('/api/v1/reports/suppliers')).body;
    assert.ok(
      report.sections.scorecards.some(
        (card: { supplierId: string; grade: string }) => card.supplierId === id && card.grade === 'B',
      ),
    );

    const history = (await api.get(`/api/v1/suppliers/${id}/history`)).body.events;
    assert.deepEqual(
      history.map((e: { type: string }) => e.type),
      [
        'SupplierRegistered',
        'EvaluationStarted',
        'PerformanceRecorded',
        'SupplierEvaluated',
        'CorrectiveActionRequested',
        'CorrectiveActionResponded',
        'EvaluationStarted',
      ],
    );
    const before = await api.get(`/api/v1/suppliers/${id}/state?revision=2`);
    assert.equal(before.status, 200);
    assert.equal(before.body.grade, undefined);
    assert.equal(before.body.revision, 2);
    const asOf = await api.get(`/api/v1/suppliers/${id}/state?asOf=${encodeURIComponent(history[3].time)}`);
    assert.equal(asOf.body.grade, 'B');
    assert.equal(asOf.body.openCorrectiveActions, 1, 'the SCAR was recorded with the grade, in one append');
    assert.equal(asOf.body.correctiveActions[0].respondedAt, undefined, 'the answer came later');
  });

  it('scores a new supplier’s first evaluation on the performance recorded while it was open, and says which records it used', async () => {
    const id = await register();
    await openEvaluation(id);
    const opened = (await api.get(`/api/v1/suppliers/${id}`)).body;
    await act(id, 'performance', PerformanceDto.example, 201);
    const more = { deliveries: 6, onTimeDeliveries: 6, receivedUnits: 1200, rejectedUnits: 5 };
    const before = await act(id, 'performance', more, 201);
    const totals = { deliveries: 30, onTimeDeliveries: 28, receivedUnits: 6000, rejectedUnits: 36 };
    assert.deepEqual(before.sinceLastEvaluation, {
      from: opened.registeredAt,
      ...totals,
      complaints: [],
      correctiveActions: [],
    });

    const graded = await act(id, 'evaluations/current/scores', allScores(90));
    // Scored (50) at 90, rejections (20) at 88, on time (15) at 66.7, no complaint (10) at 100: 8260 / 95 = 86.9.
    assert.equal(graded.score, 86.9, JSON.stringify(graded));
    assert.equal(graded.grade, 'A');

    const history = (await api.get(`/api/v1/suppliers/${id}/history`)).body.events;
    const evaluated = history.find((event: { type: string }) => event.type === 'SupplierEvaluated');
    assert.deepEqual(evaluated.data.measures, {
      'rejection-rate': 36 / 6000,
      'on-time-delivery': 28 / 30,
      'attributed-complaints': 0,
    });
    assert.deepEqual(evaluated.data.measuredOver, {
      ...before.sinceLastEvaluation,
      to: evaluated.data.at,
    });
    assert.deepEqual(
      history.map((event: { type: string }) => event.type),
      ['SupplierRegistered', 'EvaluationStarted', 'PerformanceRecorded', 'PerformanceRecorded', 'SupplierEvaluated'],
    );

    // The page's "since the last evaluation" starts where the evaluation's records end.
    const now = (await api.get(`/api/v1/suppliers/${id}`)).body;
    assert.deepEqual(now.sinceLastEvaluation, {
      from: evaluated.data.measuredOver.to,
      deliveries: 0,
      onTimeDeliveries: 0,
      receivedUnits: 0,
      rejectedUnits: 0,
      complaints: [],
      correctiveActions: [],
    });
    assert.equal(now.performance.deliveries, 0);
    assert.equal(now.evaluations[0].score, 86.9);
  });

  it('counts complaints whose analysis names the supplier, and re-evaluates early after two', async () => {
    const id = await register();
    await openEvaluation(id);
    await act(id, 'evaluations/current/scores', allScores(95));
    // A supplier nobody registered is refused, not dropped from scoring in silence; the case is left as it was.
    const unknown = `sup-nobody-${crypto.randomUUID().slice(0, 8)}`;
    const misnamed = await api.post(
      '/api/v1/complaints',
      { ...RegisterComplaintDto.example, supplierId: unknown },
      as('desk', 'owner'),
    );
    assert.equal(misnamed.status, 422, JSON.stringify(misnamed.body));
    assert.deepEqual([misnamed.body.type, misnamed.body.field], ['urn:qloop:problem:rule-violated', 'supplierId']);
    for (let i = 0; i < 2; i++) {
      const complaint = await api.post('/api/v1/complaints', RegisterComplaintDto.example, as('desk', 'owner'));
      const complaintId = complaint.body.id;
      await api.post(
        `/api/v1/complaints/${complaintId}/steps/identify`,
        IdentifyStepDto.example,
        as('li.wei', 'owner'),
      );
      if (i === 0) {
        const wrongParty = await api.post(
          `/api/v1/complaints/${complaintId}/steps/analyse`,
          { ...AnalyseStepDto.example, responsibleParty: { type: 'supplier', supplierId: unknown } },
          as('li.wei', 'owner'),
        );
        assert.equal(wrongParty.status, 422, JSON.stringify(wrongParty.body));
        const still = (await api.get(`/api/v1/complaints/${complaintId}`)).body;
        assert.equal(still.step, 'analyse');
        const written = (await api.get(`/api/v1/complaints/${complaintId}/history`)).body.events as { type: string }[];
        assert.deepEqual(
          withoutMailRecords(written).map((e) => e.type),
          ['ComplaintRegistered', 'ComplaintIdentified'],
          'nothing was written',
        );
      }
      const analysed = await api.post(
        `/api/v1/complaints/${complaintId}/steps/analyse`,
        { ...AnalyseStepDto.example, responsibleParty: { type: 'supplier', supplierId: id } },
        as('li.wei', 'owner'),
      );
      assert.equal(analysed.status, 200);
    }
    await waitFor(
      'the early evaluation',
      async () => (await api.get(`/api/v1/suppliers/${id}`)).body.evaluation?.trigger === 'attributed-complaints',
      20_000,
    );
    const supplier = (await api.get(`/api/v1/suppliers/${id}`)).body;
    assert.equal(supplier.attributedComplaints.length, 2);
    assert.equal(supplier.sinceLastEvaluation.complaints.length, 2, 'both count in the early evaluation');

    // Updates, the complaints' signals and the cycle's own decisions: each event traced in the supplier's Temporal history.
    const audit = (await api.get(`/api/v1/suppliers/${id}/audit`, as('eve.audit', 'auditor'))).body;
    assert.equal(audit.verdict, 'intact', JSON.stringify(audit));
    assert.equal(audit.workflow.traced, audit.events);
  });

  it('disqualifies a supplier that scores too low, keeps it on record, and requalifies it only on request', async () => {
    const id = await register();
    await openEvaluation(id);
    const disqualified = await act(id, 'evaluations/current/scores', allScores(0));
    assert.equal(disqualified.status, 'disqualified');
    assert.equal(disqualified.phase, 'disqualified');
    assert.deepEqual(disqualified.allowedActions, ['record-performance', 'requalify', 'attach-evidence']);
    assert.equal(disqualified.nextEvaluationDue, undefined);
    assert.equal((await api.post(`/api/v1/suppliers/${id}/evaluations`, {}, engineer)).status, 422);
    const requalified = await act(id, 'requalify', RequalifyDto.example);
    assert.equal(requalified.status, 'active');
    assert.equal(requalified.phase, 'idle', 'until its cycle opens the requalification evaluation');
    await waitFor(
      'the requalification evaluation',
      async () => (await api.get(`/api/v1/suppliers/${id}`)).body.evaluation?.trigger === 'requalification',
      20_000,
    );
    const again = await api.post(`/api/v1/suppliers/${id}/requalify`, RequalifyDto.example, engineer);
    assert.equal(again.status, 409);
    assert.equal(again.body.type, 'urn:qloop:problem:supplier-not-disqualified');
  });

  it('answers bad input with 400 and field errors, impossible records with 422, wrong moments with 409, unknown suppliers with 404', async () => {
    const id = await register();
    const badRegistration = await api.post(
      '/api/v1/suppliers',
      { ...RegisterSupplierDto.example, id: 'no spaces!', criticality: 'vital', supplies: [] },
      engineer,
    );
    assert.equal(badRegistration.status, 400);
    assert.deepEqual(badRegistration.body.errors.map((e: { field: string }) => e.field).sort(), [
      'criticality',
      'id',
      'supplies',
    ]);
    const taken = await api.post('/api/v1/suppliers', { ...RegisterSupplierDto.example, id }, engineer);
    assert.equal(taken.status, 409, 'the id is taken');
    assert.equal(taken.body.type, 'urn:qloop:problem:supplier-already-registered');

    const badScores = await api.post(
      `/api/v1/suppliers/${id}/evaluations/current/scores`,
      { scores: { charisma: 80, reproducibility: 101 } },
      engineer,
    );
    assert.equal(badScores.status, 400);
    assert.deepEqual(badScores.body.errors.map((e: { field: string }) => e.field).sort(), [
      'scores.charisma',
      'scores.reproducibility',
    ]);
    const impossible = await api.post(
      `/api/v1/suppliers/${id}/performance`,
      { ...PerformanceDto.example, onTimeDeliveries: 30 },
      engineer,
    );
    assert.equal(impossible.status, 422);

    await openEvaluation(id);
    const incomplete = await api.post(
      `/api/v1/suppliers/${id}/evaluations/current/scores`,
      { scores: { reproducibility: 80 } },
      engineer,
    );
    assert.equal(incomplete.status, 422);
    assert.match(incomplete.body.detail, /missing/);
    const second = await api.post(`/api/v1/suppliers/${id}/evaluations`, {}, engineer);
    assert.equal(second.status, 409, 'one evaluation at a time');
    assert.equal(second.body.type, 'urn:qloop:problem:evaluation-open');
    assert.equal(
      (await api.post(`/api/v1/suppliers/${id}/evaluations`, {}, { ...engineer, 'accept-language': 'zh-CN' })).body
        .title,
      '已有评价在进行中',
    );

    assert.equal((await api.get('/api/v1/suppliers/no-such-supplier')).status, 404);
    const unknown = await api.post('/api/v1/suppliers/no-such-supplier/performance', PerformanceDto.example, engineer);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'urn:qloop:problem:not-found');
    assert.equal((await api.get(`/api/v1/suppliers/${id}/state`)).status, 400);
    assert.equal((await api.get(`/api/v1/suppliers/${id}/state?revision=-1`)).status, 400);
    const history = (await api.get(`/api/v1/suppliers/${id}/history`)).body.events;
    assert.deepEqual(
      history.map((e: { type: string }) => e.type),
      ['SupplierRegistered', 'EvaluationStarted'],
      'nothing refused was written',
    );
  });
});
