import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { businessHours, type BusinessCalendar } from './business-calendar.js';

const hour = 3_600_000;

/**
 * The State Council's 2026 schedule (国办发明电〔2025〕号 notice of 4 November
 * 2025), as config/calendars/cn-2026.yaml ships it: days off, and the
 * Saturdays and Sundays worked instead (调休).
 */
const cn2026 = {
  holidays: [
    ...['01-01', '01-02', '01-03'],
    ...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'],
    ...['04-04', '04-05', '04-06'],
    ...['05-01', '05-02', '05-03', '05-04', '05-05'],
    ...['06-19', '06-20', '06-21'],
    ...['09-25', '09-26', '09-27'],
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
  ].map((day) => `2026-${day}`),
  extraWorkingDays: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'].map((day) => `2026-${day}`),
};

const shanghai2026: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '18:00' },
  ...cn2026,
};
const office = businessHours(shanghai2026);
/** Shanghai is UTC+8 all year: local wall-clock time as an instant. */
const local = (dateTime: string) => new Date(`${dateTime}+08:00`);
const due = (start: string, hours: number) => office.add(local(start), hours * hour).toISOString();

describe('make-up working days (调休), 2026 in Shanghai, 09:00-18:00 Monday to Friday', () => {
  it('works the Saturday before the Spring Festival', () => {
    // Friday 13 February 16:00, four hours: two on Friday, two on Saturday 14 February (a make-up day).
    assert.equal(due('2026-02-13T16:00:00', 4), local('2026-02-14T11:00:00').toISOString());
  });

  it('skips the Spring Festival week from the make-up Saturday to Tuesday 24 February, and works Saturday 28 February', () => {
    // From Friday 13 February 09:00: 9 h on Friday and 9 h on Saturday 14, then nothing from 15 to 23 February.
    assert.equal(due('2026-02-13T09:00:00', 20), local('2026-02-24T11:00:00').toISOString());
    // Tuesday 24 to Friday 27 February are 36 hours more; the rest falls on Saturday 28 February.
    assert.equal(due('2026-02-13T09:00:00', 18 + 36 + 4), local('2026-02-28T13:00:00').toISOString());
    // Registered during the holiday, the clock starts on the first working morning.
    assert.equal(due('2026-02-18T10:00:00', 1), local('2026-02-24T10:00:00').toISOString());
  });

  it('works Sunday 20 September, skips National Day (1 to 7 October) and works Saturday 10 October', () => {
    // Friday 18 September 17:00, three hours: one on Friday, two on Sunday 20 September.
    assert.equal(due('2026-09-18T17:00:00', 3), local('2026-09-20T11:00:00').toISOString());
    // Wednesday 30 September 17:00: 1 h, then Thursday 8 and Friday 9 October (18 h), then Saturday 10 October.
    assert.equal(due('2026-09-30T17:00:00', 21), local('2026-10-10T11:00:00').toISOString());
    // Sunday 4 January, after New Year, is a working day too.
    assert.equal(due('2026-01-03T12:00:00', 1), local('2026-01-04T10:00:00').toISOString());
  });

  it('counts the make-up days between two instants as add does', () => {
    assert.equal(office.between(local('2026-02-13T16:00:00'), local('2026-02-14T11:00:00')), 4 * hour);
    assert.equal(office.between(local('2026-02-13T09:00:00'), local('2026-02-28T13:00:00')), 58 * hour);
    assert.equal(office.between(local('2026-09-30T17:00:00'), local('2026-10-10T11:00:00')), 21 * hour);
    // A holiday's hours count for nothing, a make-up Saturday's for nine.
    assert.equal(office.between(local('2026-10-01T00:00:00'), local('2026-10-08T00:00:00')), 0);
    assert.equal(office.between(local('2026-10-10T00:00:00'), local('2026-10-11T00:00:00')), 9 * hour);
  });

  it('between undoes add across the whole year (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-12-20T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 120 * hour }),
        (start, duration) => {
          const deadline = office.add(start, duration);
          assert.equal(office.between(start, deadline), duration);
          assert.ok(deadline.getTime() >= start.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts exactly as before for a calendar without make-up days', () => {
    const { extraWorkingDays: _, ...without } = shanghai2026;
    const empty = businessHours({ ...without, extraWorkingDays: [] });
    const old = businessHours(without);
    for (const start of ['2026-02-13T16:00:00', '2026-09-30T17:00:00', '2026-01-03T12:00:00'])
      for (const hours of [1, 4, 21, 58])
        assert.equal(empty.add(local(start), hours * hour).getTime(), old.add(local(start), hours * hour).getTime());
    // Without them, Saturday 14 February is a rest day: the four hours end after the festival.
    assert.equal(
      old.add(local('2026-02-13T16:00:00'), 4 * hour).toISOString(),
      local('2026-02-24T11:00:00').toISOString(),
    );
  });
});

describe('make-up working days on a change of daylight saving time (Berlin)', () => {
  const berlin = businessHours({
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    hours: { start: '09:00', end: '18:00' },
    holidays: [],
    extraWorkingDays: ['2026-03-29', '2026-10-25'],
  });

  it('works Sunday 29 March, the day summer time starts, with its local hours', () => {
    // Friday 27 March 17:00 CET (16:00Z) + 2 h: one on Friday, one from Sunday 09:00 CEST (07:00Z).
    assert.equal(berlin.add(new Date('2026-03-27T16:00:00Z'), 2 * hour).toISOString(), '2026-03-29T08:00:00.000Z');
    assert.equal(berlin.between(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-29T08:00:00Z')), 2 * hour);
    assert.equal(berlin.between(new Date('2026-03-29T00:00:00Z'), new Date('2026-03-30T00:00:00Z')), 9 * hour);
  });

  it('works Sunday 25 October, the day summer time ends, with its local hours', () => {
    // Friday 23 October 17:00 CEST (15:00Z) + 2 h: one on Friday, one from Sunday 09:00 CET (08:00Z).
    assert.equal(berlin.add(new Date('2026-10-23T15:00:00Z'), 2 * hour).toISOString(), '2026-10-25T09:00:00.000Z');
    assert.equal(berlin.between(new Date('2026-10-25T00:00:00Z'), new Date('2026-10-26T00:00:00Z')), 9 * hour);
  });

  it('between undoes add around both changes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(new Date('2026-03-26T00:00:00Z'), new Date('2026-10-22T00:00:00Z')),
        fc.integer({ min: 0, max: 4 * 24 * hour }),
        fc.integer({ min: 0, max: 40 * hour }),
        (around, offset, duration) => {
          const start = new Date(around.getTime() + offset);
          assert.equal(berlin.between(start, berlin.add(start, duration)), duration);
        },
      ),
      { numRuns: 300 },
    );
  });
});
