import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { en, zhCN } from '../i18n/index.js';
import { reportToCsv, type Report } from './reports.js';

const report: Report = {
  generatedAt: '2026-12-01T00:00:00.000Z',
  from: null,
  to: null,
  period: 'month',
  sections: {
    slaCompliance: [
      { period: '2026-11-01', severity: 'high', cases: 4, closed: 3, met: 2, breached: 1, compliance: 0.6667 },
    ],
    timeInStep: [{ step: 'analyse', count: 3, medianMs: 5_400_000, p90Ms: 86_400_000, meanMs: 9_000_000 }],
    causePareto: [{ causeCategory: 'material', count: 2, share: 1, cumulativeShare: 1 }],
    escalations: [{ period: '2026-11-01', level: 2, trigger: 'sla', count: 1 }],
    scorecards: [
      {
        supplierId: 'sup-1',
        name: 'Ningbo Castings',
        status: 'disqualified',
        grade: 'D',
        outcome: 'disqualified',
        nextEvaluationDue: '2026-12-31T20:00:00.000Z',
      },
    ],
    gradeDistribution: [{ grade: 'ungraded', status: 'active', count: 1 }],
  },
};

const sheet = (csv: string) => csv.trimEnd().split('\r\n');

describe("a report's CSV", () => {
  it('speaks Chinese to a Chinese reader: headings, coded values as words, hours, local times', () => {
    const [header, compliance, time, cause, escalation, scorecard, grades] = sheet(
      reportToCsv(report, zhCN, 'Asia/Shanghai'),
    );
    assert.match(
      header!,
      /^部分,期间,严重程度,案件数,已结案,按时,超时,达成率,步骤,数量,中位数（小时）,第90百分位（小时）,平均（小时）,原因类别/,
    );
    assert.match(header!, /下次评价日期（Asia\/Shanghai）/);
    assert.doesNotMatch(header!, /ms|毫秒/, 'durations are in hours');
    assert.match(compliance!, /^时限达成率,2026-11-01,高,4,3,2,1,0.6667,/);
    assert.match(time!, /^各步骤用时,,,,,,,,分析,3,1.5,24,2.5,/);
    assert.match(cause!, /^原因排列图,.*,料,/);
    assert.match(escalation!, /^升级,2026-11-01,.*第 2 级,时限计时,/);
    assert.match(scorecard!, /^供应商记分卡,.*sup-1,Ningbo Castings,不合格,D,不合格,2027-01-01 04:00,?/);
    assert.match(grades!, /^等级分布,.*在用,未评级/);
  });

  it('speaks English to others, with words for codes and the zone of its times', () => {
    const [header, compliance, time, , escalation, scorecard] = sheet(reportToCsv(report, en, 'UTC'));
    assert.match(header!, /^Section,Period,Severity,Cases,.*Median \(hours\),90th percentile \(hours\),Mean \(hours\)/);
    assert.match(header!, /Next evaluation due \(UTC\)/);
    assert.match(compliance!, /^SLA compliance,2026-11-01,High,4,/);
    assert.match(time!, /,Analyse,3,1.5,24,2.5,/);
    assert.match(escalation!, /^Escalations,2026-11-01,.*,Level 2,SLA clock,/);
    assert.match(scorecard!, /,Disqualified,D,Disqualified,2026-12-31 20:00/);
  });
});
