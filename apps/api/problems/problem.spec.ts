import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import {
  complaintDecider,
  defaultEvaluationPolicyDocument,
  defaultSlaPolicy,
  DomainError,
  InvalidPolicy,
  parseEvaluationPolicy,
  fold,
  type ComplaintCommand,
  type ComplaintEvent,
} from '../../../libs/domain/index.js';
import { sampleRegistration } from '../../../libs/domain/complaint/complaint.testing.js';
import { en, say, zhCN } from '../../../libs/i18n/index.js';
import { RegisterComplaintDto } from '../complaints/dto/register-complaint.dto.js';
import { invalidPolicy, Problem } from './problem.js';
import { toProblem } from './to-problem.js';
import { validationPipe } from './validation.js';

const at = '2026-11-20T09:00:00.000Z';
const metadata = { actor: 'sup.wang', roles: ['supervisor'], now: at };
const registered: ComplaintEvent = {
  type: 'ComplaintRegistered',
  data: { ...sampleRegistration, by: 'desk', at },
};

/** What the workflow does with a refusal (`refuse` in workflows/event-sourced-entity.ts): its code, message and details cross as data. */
const refusedBy = (command: Omit<ComplaintCommand, 'metadata'>, events: ComplaintEvent[] = [registered]) => {
  try {
    complaintDecider.decide({ ...command, metadata } as ComplaintCommand, fold(complaintDecider, events));
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return {
      error,
      problem: toProblem(
        ApplicationFailure.create({
          type: error.code,
          message: error.message,
          details: [error.details],
          nonRetryable: true,
        }),
      ),
    };
  }
  throw new Error('not refused');
};

describe("a refusal's problem document", () => {
  it("says the domain's refusal in Chinese to a Chinese reader, and as the domain wrote it to others", () => {
    const { error, problem } = refusedBy({ type: 'EscalateComplaint', data: { reason: 'Customer called', level: 9 } });
    const chinese = problem.in({ catalogue: zhCN, timeZone: 'Asia/Shanghai' });
    const levels = defaultSlaPolicy.severities.normal.escalation.length;
    assert.equal(chinese.detail, `「一般」案件的升级阶梯只有 ${levels} 级。`);
    assert.equal(chinese.title, '业务规则不允许');
    assert.equal(chinese.type, 'urn:qloop:problem:rule-violated', 'codes never change with the language');
    assert.equal(chinese.field, 'level', 'nor do field names');
    const english = problem.in({ catalogue: en });
    assert.equal(english.detail, error.message);
    assert.equal(english.detail, `The ladder for normal cases has ${levels} levels`);
    assert.equal('refusal' in english, false, 'the sentence travels as data, and is not sent as such');
    assert.deepEqual(JSON.parse(JSON.stringify(problem)), english);
  });

  it("has an English sentence in the catalogue that is the domain's own message", () => {
    for (const command of [
      { type: 'CompleteAnalysis', data: { rootCause: 'x', causeCategory: 'material' } },
      { type: 'StopWaitingOnCustomer', data: { note: 'x' } },
      { type: 'DeescalateComplaint', data: { reason: 'x' } },
      { type: 'RegisterComplaint', data: registered.data },
    ] as Omit<ComplaintCommand, 'metadata'>[]) {
      const { error } = refusedBy(command);
      const refusal = error.details.refusal as { key: keyof typeof en.detail; params?: Record<string, string> };
      assert.equal(say(en, en.detail[refusal.key], refusal.params), error.message, command.type);
    }
  });

  it('says a step that is not the current one with the steps in words', () => {
    const { problem } = refusedBy({
      type: 'CompleteAnalysis',
      data: { rootCause: 'x', causeCategory: 'material' },
    } as Omit<ComplaintCommand, 'metadata'>);
    assert.equal(problem.in({ catalogue: zhCN }).detail, '投诉 c-1 当前处于「识别」步骤，而不是「分析」。');
  });

  it("keeps an English detail where it has no sentence of the catalogues (a failure's own message)", () => {
    const problem = toProblem(
      ApplicationFailure.create({ type: 'invalid-command', message: 'Update X carries a Y command' }),
    );
    assert.equal(problem.in({ catalogue: zhCN }).detail, 'Update X carries a Y command');
    assert.equal(problem.in({ catalogue: zhCN }).title, '命令无效');
  });
});

describe('field errors', () => {
  it("are said in the reader's language, with the rule's own arguments", async () => {
    const refused = await validationPipe()
      .transform(
        { ...RegisterComplaintDto.example, severity: 'urgent', title: 'x'.repeat(500), surprise: true },
        { type: 'body', metatype: RegisterComplaintDto },
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(refused instanceof Problem);
    const english = refused.in({ catalogue: en }).errors as { field: string; message: string }[];
    const chinese = refused.in({ catalogue: zhCN }).errors as { field: string; message: string }[];
    assert.deepEqual(
      chinese.map(({ field }) => field),
      english.map(({ field }) => field),
    );
    const of = (errors: { field: string; message: string }[], field: string) =>
      errors.find((error) => error.field === field)?.message;
    assert.match(of(english, 'severity')!, /^severity must be one of the following values: /);
    assert.equal(of(chinese, 'severity'), 'severity 必须是以下值之一：low、normal、high、critical。');
    assert.match(of(english, 'title')!, /shorter than or equal to \d+ characters/);
    assert.match(of(chinese, 'title')!, /^title 最多 \d+ 个字符。$/);
    assert.equal(of(chinese, 'surprise'), '不应有属性 surprise。');
    assert.equal(refused.in({ catalogue: zhCN }).detail, '请求中有无效的字段。');
  });
});

describe("a policy document's problems", () => {
  it("are field errors under the body's field, each said in the reader's language with the domain's words", () => {
    const { scales, grades } = defaultEvaluationPolicyDocument;
    const bad = {
      ...defaultEvaluationPolicyDocument,
      scales: { ...scales, 'quality-awareness': { best: 1, worst: 0 } },
      grades: [{ ...grades[0]!, outcome: 'maybe', interval: 'P1Y' }, ...grades.slice(1)],
    };
    let refused: unknown;
    try {
      parseEvaluationPolicy(bad);
    } catch (error) {
      refused = error;
    }
    assert.ok(refused instanceof InvalidPolicy);
    const problem = invalidPolicy(refused);
    const errorsIn = (catalogue: typeof en) =>
      (problem.in({ catalogue }).errors as { field: string; message: string }[]).map(({ field, message }) => [
        field,
        message,
      ]);
    assert.deepEqual(errorsIn(en), [
      [
        'policy.scales.quality-awareness',
        'not a measured criterion (rejection-rate, on-time-delivery, attributed-complaints, corrective-action-responsiveness)',
      ],
      ['policy.grades[0].outcome', 'one of approved, approved-with-conditions, probation, disqualified'],
      [
        'policy.grades[0].interval',
        "'P1Y' is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (e.g. PT24H)",
      ],
    ]);
    assert.deepEqual(errorsIn(zhCN), [
      ['policy.scales.quality-awareness', '不是计量评价项（拒收率、准时交货率、归因投诉、纠正措施响应）。'],
      ['policy.grades[0].outcome', '须为以下之一：合格、有条件合格、试用观察、不合格。'],
      ['policy.grades[0].interval', '「P1Y」不是以周、天、小时、分钟或秒表示的 ISO 8601 时长（例如 PT24H）。'],
    ]);
    assert.equal(problem.in({ catalogue: zhCN }).title, '策略无效');
  });
});
