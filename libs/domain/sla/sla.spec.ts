import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { alwaysWorking, businessHours, type BusinessCalendar } from './business-calendar.js';
import { readDuration } from './duration.js';
import { InvalidPolicy } from '../policy.js';
import { defaultSlaPolicy, defaultSlaPolicyDocument, parseSlaPolicy } from './sla-policy.js';
import { en, say, zhCN } from '../../i18n/index.js';

const hour = 3_600_000;
const officeIn = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '18:00' },
  holidays,
});

describe('ISO-8601 durations', () => {
  it('reads weeks, days, hours, minutes and (fractional) seconds', () => {
    assert.equal(readDuration('PT24H'), 24 * hour);
    assert.equal(readDuration('P1DT2H30M'), 26.5 * hour);
    assert.equal(readDuration('P2W'), 14 * 24 * hour);
    assert.equal(readDuration('PT1.5S'), 1500);
    assert.equal(readDuration('PT0S'), 0);
  });

  it('refuses years, months, empty and malformed durations', () => {
    for (const bad of ['P1Y', 'P1M', 'P', 'PT', 'P1DT', '24h', 'PT-1H', ''])
      assert.deepEqual(readDuration(bad), { key: 'duration', params: { got: bad } }, bad);
  });
});

describe('working time', () => {
  it('without a calendar, every millisecond counts', () => {
    const start = new Date('2026-11-20T17:00:00Z');
    assert.equal(alwaysWorking.add(start, 2 * hour).toISOString(), '2026-11-20T19:00:00.000Z');
    assert.equal(alwaysWorking.between(start, new Date('2026-11-21T17:00:00Z')), 24 * hour);
  });

  it('carries what is left of Friday over the weekend to Monday morning (Shanghai, UTC+8)', () => {
    const shanghai = businessHours(officeIn('Asia/Shanghai'));
    // Friday 17:00 local = 09:00Z; two working hours: one on Friday, one from Monday 09:00.
    assert.equal(shanghai.add(new Date('2026-11-20T09:00:00Z'), 2 * hour).toISOString(), '2026-11-23T02:00:00.000Z');
  });

  it('does not count a holiday', () => {
    const withHoliday = businessHours(officeIn('Asia/Shanghai', ['2026-11-23']));
    assert.equal(withHoliday.add(new Date('2026-11-20T09:00:00Z'), 2 * hour).toISOString(), '2026-11-24T02:00:00.000Z');
  });

  it('starts counting at opening time when registered at night', () => {
    const shanghai = businessHours(officeIn('Asia/Shanghai'));
    // Tuesday 23:00 local → Wednesday 09:00 + 1 h.
    assert.equal(shanghai.add(new Date('2026-11-24T15:00:00Z'), hour).toISOString(), '2026-11-25T02:00:00.000Z');
  });

  it('keeps local office hours across a change to summer time (Berlin, 29 March 2026)', () => {
    const berlin = businessHours(officeIn('Europe/Berlin'));
    // Friday 27 March 17:00 CET (16:00Z) + 2 h → Monday 30 March 10:00 CEST (08:00Z).
    assert.equal(berlin.add(new Date('2026-03-27T16:00:00Z'), 2 * hour).toISOString(), '2026-03-30T08:00:00.000Z');
    assert.equal(berlin.between(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T08:00:00Z')), 2 * hour);
  });

  it('counts the working time between two instants', () => {
    const shanghai = businessHours(officeIn('Asia/Shanghai'));
    // Monday 09:00 to Wednesday 12:00 local: 9 + 9 + 3 hours.
    assert.equal(shanghai.between(new Date('2026-11-23T01:00:00Z'), new Date('2026-11-25T04:00:00Z')), 21 * hour);
    assert.equal(shanghai.between(new Date('2026-11-25T04:00:00Z'), new Date('2026-11-23T01:00:00Z')), 0);
  });

  it('between undoes add, for any start and duration (property)', () => {
    const calendars = [
      officeIn('Asia/Shanghai', ['2026-10-01']),
      officeIn('Europe/Berlin'),
      officeIn('America/New_York'),
    ].map(businessHours);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 200 * hour }),
        (which, start, duration) => {
          const time = calendars[which]!;
          const deadline = time.add(start, duration);
          assert.equal(time.between(start, deadline), duration);
          assert.ok(deadline.getTime() >= start.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('SLA policy', () => {
  it('defaults to 24 hours for a normal complaint, faster for severe ones, with a three-level ladder', () => {
    assert.equal(defaultSlaPolicy.severities.normal.caseMs, 24 * hour);
    assert.ok(defaultSlaPolicy.severities.critical.caseMs < defaultSlaPolicy.severities.high.caseMs);
    assert.deepEqual(
      defaultSlaPolicy.severities.normal.escalation.map((level) => level.role),
      ['team-lead', 'department-manager', 'quality-director'],
    );
    assert.equal(defaultSlaPolicy.calendar, undefined);
  });

  it('refuses a bad policy, naming every bad field', () => {
    const bad = structuredClone(defaultSlaPolicyDocument) as typeof defaultSlaPolicyDocument;
    bad.severities.normal!.case = 'P1M';
    bad.severities.high!.warningRatio = 1.5;
    bad.severities.low!.steps = { analyse: 'PT1H', review: 'PT2H', feedback: 'PT1H' };
    bad.severities.critical!.escalation = [
      { role: 'team-lead', after: 'PT4H' },
      { role: 'director', after: 'PT1H' },
    ];
    bad.calendar = {
      timeZone: 'Mars/Olympus',
      workingDays: [0],
      hours: { start: '18:00', end: '09:00' },
      holidays: ['2026-13-45'],
    };
    try {
      parseSlaPolicy(bad);
      assert.fail('expected InvalidPolicy');
    } catch (error) {
      assert.ok(error instanceof InvalidPolicy);
      const fields = error.problems.map(({ path }) => path);
      assert.deepEqual(fields.sort(), [
        'calendar.holidays[0]',
        'calendar.hours',
        'calendar.timeZone',
        'calendar.workingDays',
        'severities.critical.escalation[1].after',
        'severities.high.warningRatio',
        'severities.low.steps.feedback',
        'severities.low.steps.review',
        'severities.normal.case',
      ]);
    }
  });

  it('refuses a policy without all severities', () => {
    assert.throws(
      () => parseSlaPolicy({ severities: { normal: defaultSlaPolicyDocument.severities.normal } }),
      /severities.critical: required/,
    );
    assert.throws(() => parseSlaPolicy({}), InvalidPolicy);
  });

  it('accepts a business calendar', () => {
    const policy = parseSlaPolicy({
      ...defaultSlaPolicyDocument,
      calendar: {
        timeZone: 'Asia/Shanghai',
        workingDays: [1, 2, 3, 4, 5],
        hours: { start: '08:30', end: '17:30' },
        holidays: ['2026-10-01'],
      },
    });
    assert.equal(policy.calendar?.timeZone, 'Asia/Shanghai');
  });

  describe('make-up working days (extraWorkingDays)', () => {
    const calendar = {
      timeZone: 'Asia/Shanghai',
      workingDays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '18:00' },
      holidays: ['2026-02-15', '2026-02-16'],
    };
    const problemsOf = (document: unknown) => {
      try {
        parseSlaPolicy(document);
      } catch (error) {
        assert.ok(error instanceof InvalidPolicy);
        return error.problems;
      }
      return assert.fail('expected InvalidPolicy');
    };

    it('are accepted, and count', () => {
      const policy = parseSlaPolicy({
        ...defaultSlaPolicyDocument,
        calendar: { ...calendar, extraWorkingDays: ['2026-02-14', '2026-02-28'] },
      });
      assert.deepEqual(policy.calendar?.extraWorkingDays, ['2026-02-14', '2026-02-28']);
    });

    it('are left out of a policy that does not name them, which parses to what it always did', () => {
      const policy = parseSlaPolicy({ ...defaultSlaPolicyDocument, calendar });
      assert.deepEqual(policy.calendar, calendar);
      assert.equal('extraWorkingDays' in policy.calendar!, false);
    });

    it('refuses what is not a date, by the path of the field, in English and Chinese', () => {
      const problems = problemsOf({
        ...defaultSlaPolicyDocument,
        calendar: { ...calendar, extraWorkingDays: ['2026-02-14', '2026-02-30', 'next Saturday'] },
      });
      assert.deepEqual(problems, [
        { path: 'calendar.extraWorkingDays[1]', key: 'date', params: { got: '2026-02-30' } },
        { path: 'calendar.extraWorkingDays[2]', key: 'date', params: { got: 'next Saturday' } },
      ]);
      const [first] = problems;
      assert.equal(say(en, en.fieldRule[first!.key], first!.params), "not a date 'YYYY-MM-DD': 2026-02-30");
      assert.equal(say(zhCN, zhCN.fieldRule[first!.key], first!.params), '不是形如 2026-10-01 的日期：2026-02-30。');
      assert.deepEqual(
        problemsOf({ ...defaultSlaPolicyDocument, calendar: { ...calendar, extraWorkingDays: '2026-02-14' } }),
        [{ path: 'calendar.extraWorkingDays', key: 'holiday-list' }],
      );
    });

    it('refuses a date that is also a holiday', () => {
      const problems = problemsOf({
        ...defaultSlaPolicyDocument,
        calendar: { ...calendar, extraWorkingDays: ['2026-02-14', '2026-02-16'] },
      });
      assert.deepEqual(problems, [
        { path: 'calendar.extraWorkingDays[1]', key: 'holiday-and-working-day', params: { got: '2026-02-16' } },
      ]);
      const [overlap] = problems;
      assert.match(say(en, en.fieldRule[overlap!.key], overlap!.params), /^2026-02-16 is also a holiday/);
      assert.match(say(zhCN, zhCN.fieldRule[overlap!.key], overlap!.params), /^2026-02-16 同时列为节假日/);
    });

    it('refuses a calendar include outside a policy file: the document must say its own dates', () => {
      assert.deepEqual(
        problemsOf({ ...defaultSlaPolicyDocument, calendar: { ...calendar, include: 'calendars/cn-2026.yaml' } }),
        [{ path: 'calendar.include', key: 'calendar-include' }],
      );
    });
  });
});
