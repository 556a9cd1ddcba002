import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { zhCN } from '../i18n/index.js';
import { correctiveActionsFor, customerFileOf, periodStart, type FileCase } from './customer-file.js';
import { reportToCsv } from './reports.js';

const hour = 3_600_000;
const at = (hours: number) => new Date(Date.parse('2026-11-02T08:00:00.000Z') + hours * hour).toISOString();
const kase = (id: string, changes: Partial<FileCase> = {}): FileCase => ({
  id,
  number: `CMP-2026-${id}`,
  title: `Case ${id}`,
  status: 'open',
  step: 'analyse',
  severity: 'normal',
  registeredAt: at(0),
  closedAt: null,
  breached: false,
  maxEscalationLevel: 0,
  causeCategory: null,
  supplierId: null,
  satisfactionScore: null,
  feedbackAt: null,
  feedbackByCustomer: false,
  ...changes,
});

const closed = (id: string, changes: Partial<FileCase>) =>
  kase(id, { status: 'archived', step: null, closedAt: at(48), ...changes });

describe('the customer file', () => {
  const cases = [
    closed('1', { satisfactionScore: 5, feedbackAt: at(40), causeCategory: 'material' }),
    closed('2', {
      breached: true,
      satisfactionScore: 2,
      feedbackAt: at(24 * 31),
      causeCategory: 'material',
      closedAt: at(24 * 32),
    }),
    kase('3', { causeCategory: 'process', maxEscalationLevel: 2, registeredAt: at(5) }),
    kase('4', { breached: true, registeredAt: at(6) }),
  ];
  const file = customerFileOf(
    {
      cases,
      escalations: [
        { caseId: '3', revision: 4, level: 1, trigger: 'sla', role: 'supervisor', at: at(7) },
        { caseId: '3', revision: 6, level: 2, trigger: 'manual', role: 'quality-manager', at: at(9) },
        { caseId: 'elsewhere', revision: 2, level: 1, trigger: 'sla', role: 'supervisor', at: at(8) },
      ],
      correctiveActions: [],
    },
    { period: 'month', asOf: null },
  );

  it('counts met, missed and not yet known, the time to close, and the index on the 1-5 scale', () => {
    assert.deepEqual(file.sections.summary, [
      {
        complaints: 4,
        open: 2,
        closed: 2,
        met: 1,
        breached: 2,
        compliance: 0.3333,
        medianMs: 48 * hour,
        escalated: 1,
        responses: 2,
        customerAnswers: 0,
        ownerAnswers: 2,
        meanScore: 3.5,
        csi: 62.5,
      },
    ]);
    const slaMet = Object.fromEntries(file.sections.complaints!.map((row) => [row.complaintId, row.slaMet]));
    assert.deepEqual(slaMet, { '1': true, '2': false, '3': null, '4': false });
    assert.equal(file.sections.complaints![0]!.complaintId, '4', 'newest first');
  });

  it("makes the index of the customers' own answers where there are any", () => {
    const mixed = customerFileOf(
      {
        cases: [
          closed('1', { satisfactionScore: 5, feedbackAt: at(40) }),
          closed('2', { satisfactionScore: 2, feedbackAt: at(41), feedbackByCustomer: true }),
        ],
        escalations: [],
        correctiveActions: [],
      },
      { period: 'month', asOf: null },
    );
    const [summary] = mixed.sections.summary!;
    assert.deepEqual(
      [summary!.responses, summary!.customerAnswers, summary!.ownerAnswers, summary!.meanScore],
      [2, 1, 1, 2],
    );
    assert.equal(mixed.sections.satisfactionByPeriod![0]!.meanScore, 2);
    assert.deepEqual(
      mixed.sections.complaints!.map((row) => row.answeredBy),
      ['owner', 'customer'],
    );
  });

  it('groups satisfaction by the period it was given in, and ranks causes', () => {
    assert.deepEqual(
      file.sections.satisfactionByPeriod!.map((row) => [row.period, row.responses, row.meanScore]),
      [
        ['2026-11-01', 1, 5],
        ['2026-12-01', 1, 2],
      ],
    );
    assert.deepEqual(file.sections.causePareto, [
      { causeCategory: 'material', count: 2, share: 0.6667, cumulativeShare: 0.6667 },
      { causeCategory: 'process', count: 1, share: 0.3333, cumulativeShare: 1 },
    ]);
  });

  it("lists only its own cases' escalations, in order, by number", () => {
    assert.deepEqual(
      file.sections.escalationsByCase!.map((row) => [row.number, row.level, row.trigger]),
      [
        ['CMP-2026-3', 1, 'sla'],
        ['CMP-2026-3', 2, 'manual'],
      ],
    );
  });

  it('reads as a sheet in Chinese, yes and no in words', () => {
    const sheet = reportToCsv(file, zhCN, 'Asia/Shanghai');
    assert.match(sheet, /^部分,/);
    assert.match(sheet, /是否按时/);
    assert.match(sheet, /,是,/);
    assert.match(sheet, /已归档/);
  });

  it('names the periods as PostgreSQL does: weeks from Monday, quarters from their first month', () => {
    assert.equal(periodStart('2026-12-05T23:00:00.000Z', 'week'), '2026-11-30');
    assert.equal(periodStart('2026-08-15T00:00:00.000Z', 'quarter'), '2026-07-01');
    assert.equal(periodStart('2026-08-15T00:00:00.000Z', 'year'), '2026-01-01');
  });

  it('takes the corrective actions asked of a named supplier since the first complaint named it, open then', () => {
    const supplier = {
      id: 'sup-1',
      name: 'Ningbo Castings',
      correctiveActions: [
        { id: 'CA-1', description: 'before', requestedAt: at(-10), responseDue: at(100), overdue: false },
        { id: 'CA-2', description: 'open', requestedAt: at(10), responseDue: at(100), overdue: false },
        {
          id: 'CA-3',
          description: 'answered',
          requestedAt: at(10),
          responseDue: at(100),
          respondedAt: at(20),
          overdue: false,
        },
      ],
    };
    const named = [kase('1', { supplierId: 'sup-1' })];
    assert.deepEqual(
      correctiveActionsFor(named, [supplier], null).map((action) => action.actionId),
      ['CA-2'],
    );
    assert.deepEqual(
      correctiveActionsFor(named, [supplier], at(15)).map((action) => action.actionId),
      ['CA-2', 'CA-3'],
      'as it stood before the answer',
    );
    assert.deepEqual(correctiveActionsFor([kase('2')], [supplier], null), []);
  });
});
