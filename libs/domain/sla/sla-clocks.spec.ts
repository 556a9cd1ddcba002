import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { fold, type CommandMetadata } from '../decider.js';
import { complaintDecider } from '../complaint/complaint.decider.js';
import type { ComplaintEvent, ComplaintState, RegisteredComplaint } from '../complaint/complaint.events.js';
import type { ComplaintCommand } from '../complaint/complaint.commands.js';
import { activeClocks, dueMarks, escalationLevelOf, nextDueAt, nextMarkAt, type SlaClock } from './sla-clocks.js';
import { parseSlaPolicy, type SlaPolicyDocument } from './sla-policy.js';

const ladder = [
  { role: 'team-lead', after: 'PT0S' },
  { role: 'department-manager', after: 'PT1H' },
];
const targets = (caseTarget: string, analyse: string): SlaPolicyDocument['severities'][string] => ({
  acknowledge: 'PT1H',
  steps: { analyse, resolve: 'PT8H' },
  case: caseTarget,
  warningRatio: 0.5,
  escalation: ladder,
});
const policy = parseSlaPolicy({
  severities: {
    low: targets('PT72H', 'PT24H'),
    normal: targets('PT24H', 'PT4H'),
    high: targets('PT12H', 'PT2H'),
    critical: targets('PT8H', 'PT1H'),
  },
});

const t0 = Date.parse('2026-11-16T08:00:00.000Z'); // a Monday
const at = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();
const hours = (h: number): number => h * 3_600_000;

/** Runs commands in order against the decider, each at its own minute, and returns the state and every event. */
type Step = readonly [minute: number, command: Omit<ComplaintCommand, 'metadata'>, roles?: string[]];
const run = (steps: readonly Step[], startState?: ComplaintState) => {
  let state = startState ?? complaintDecider.initialState();
  const events: ComplaintEvent[] = [];
  for (const [minute, command, roles] of steps) {
    const metadata: CommandMetadata = {
      now: at(minute),
      actor: command.type === 'CompleteVerification' ? 'zhang.qa' : 'li.wei',
      roles,
    };
    const decided = complaintDecider.decide({ ...command, metadata } as ComplaintCommand, state);
    events.push(...decided);
    state = decided.reduce(complaintDecider.evolve, state);
  }
  return { state: state as RegisteredComplaint, events };
};

const register = (severity: 'normal' | 'high' = 'normal', slaPolicy = policy) =>
  [
    0,
    {
      type: 'RegisterComplaint',
      data: {
        complaintId: 'c-1',
        customer: { name: 'Ningbo Pumps' },
        channel: 'email',
        category: 'product-quality',
        severity,
        title: 'Seal leaks',
        description: 'Leaks after 200 h',
        slaPolicy,
      },
    },
  ] as const;
const identify = (minute: number) =>
  [minute, { type: 'CompleteIdentification', data: { owner: 'li.wei', acknowledgement: 'Received' } }] as const;
const analyse = (minute: number) =>
  [
    minute,
    {
      type: 'CompleteAnalysis',
      data: {
        rootCause: 'Porous casting',
        causeCategory: 'material',
        responsibleParty: { type: 'internal', department: 'casting' },
      },
    },
  ] as const;
const check = (minute: number) => [minute, { type: 'CheckSlaClocks', data: {} }] as const;

const clock = (state: RegisteredComplaint, id: SlaClock['id']): SlaClock | undefined =>
  activeClocks(state.sla).find((c) => c.id === id);
const slaEvents = (events: ComplaintEvent[]) =>
  events.flatMap((event) => {
    if (event.type === 'SlaWarningIssued' || event.type === 'SlaBreached')
      return [`${event.type} ${event.data.clock} @${event.data.at}`];
    if (event.type === 'ComplaintEscalated')
      return [
        `Escalated L${event.data.level} ${event.data.role} ${event.data.trigger === 'sla' ? event.data.clock : 'manual'} @${event.data.at}`,
      ];
    return [];
  });

describe('SLA clocks', () => {
  it('starts the acknowledge, case and step clocks at registration, due by the policy of its severity', () => {
    const { state } = run([register()]);
    assert.deepEqual(
      activeClocks(state.sla).map((c) => [c.id, c.dueAt]),
      [
        ['case', at(24 * 60)],
        ['acknowledge', at(60)],
      ],
    );
    assert.equal(nextDueAt(state.sla), at(60));
    assert.equal(nextMarkAt(state.sla, 'normal'), at(30), 'the warning at half the acknowledgement target comes first');
  });

  it('warns, breaches and climbs the ladder level by level, each once', () => {
    const { events, state } = run([
      register(),
      check(29),
      check(30),
      check(45),
      check(60),
      check(61),
      check(119),
      check(120),
      check(500),
    ]);
    assert.deepEqual(slaEvents(events), [
      `SlaWarningIssued acknowledge @${at(30)}`,
      `SlaBreached acknowledge @${at(60)}`,
      `Escalated L1 team-lead acknowledge @${at(60)}`,
      `Escalated L2 department-manager acknowledge @${at(120)}`,
    ]);
    assert.equal(escalationLevelOf(state.sla), 2);
    assert.equal(nextMarkAt(state.sla, 'normal'), at(12 * 60), 'next: the case clock warning at half of 24 h');
  });

  it('skips the warning when a clock is found already past its target', () => {
    const { events } = run([register(), check(90)]);
    assert.deepEqual(slaEvents(events), [
      `SlaBreached acknowledge @${at(90)}`,
      `Escalated L1 team-lead acknowledge @${at(90)}`,
    ]);
  });

  it('stops a step clock when the step is completed: no breach, no escalation follows', () => {
    const { events, state } = run([register(), check(30), identify(40), check(200)]);
    // The acknowledge clock stopped at 40: no breach at 60. The analyse clock started then and warns at half its 4 h.
    assert.deepEqual(slaEvents(events), [
      `SlaWarningIssued acknowledge @${at(30)}`,
      `SlaWarningIssued step:analyse @${at(200)}`,
    ]);
    assert.equal(clock(state, 'acknowledge'), undefined);
    const stopped = state.sla.clocks.find((c) => c.id === 'acknowledge')!;
    assert.equal(stopped.stoppedAt, at(40));
    assert.equal(stopped.spentMs, 40 * 60_000);
    assert.equal(clock(state, 'step:analyse')!.dueAt, at(40 + 240));
  });

  it('pauses every clock while the case waits on the customer, and resumes with the time already spent', () => {
    const { state, events } = run([
      register(),
      identify(10),
      [20, { type: 'StartWaitingOnCustomer', data: { reason: 'Waiting for the failed seals' } }],
      check(20 + 300), // five hours later: a running analyse clock (4 h) would have breached
    ]);
    assert.deepEqual(slaEvents(events), []);
    assert.ok(activeClocks(state.sla).every((c) => c.runningSince === undefined && c.dueAt === undefined));
    assert.equal(clock(state, 'step:analyse')!.spentMs, 10 * 60_000);
    assert.equal(nextMarkAt(state.sla, 'normal'), undefined, 'nothing can fall due while paused');

    const resumed = run([[400, { type: 'StopWaitingOnCustomer', data: { note: 'Seals arrived' } }]], state).state;
    assert.equal(clock(resumed, 'step:analyse')!.dueAt, at(400 + 230), '4 h target, 10 min already spent');
    assert.equal(clock(resumed, 'case')!.dueAt, at(400 + 24 * 60 - 20));
  });

  it('pauses at the feedback step and resumes when the customer is unsatisfied', () => {
    const afterVerify = run([
      register(),
      identify(0),
      analyse(10),
      [
        20,
        {
          type: 'CompleteResolution',
          data: {
            summary: 'New seals',
            actions: [{ kind: 'corrective', description: 'FKM', owner: 'eng', dueDate: '2026-12-01' }],
          },
        },
      ],
      [30, { type: 'CompleteVerification', data: { effective: true, notes: 'OK' } }],
    ]).state;
    assert.equal(clock(afterVerify, 'case')!.runningSince, undefined);
    const reopened = run(
      [
        [
          600,
          {
            type: 'CompleteFeedback',
            data: { satisfied: false, satisfactionScore: 2, customerResponse: 'Still leaks', contactChannel: 'phone' },
          },
        ],
      ],
      afterVerify,
    ).state;
    assert.equal(reopened.status === 'open' && reopened.step, 'analyse');
    assert.equal(clock(reopened, 'case')!.spentMs, 30 * 60_000, 'the 9.5 h the customer took do not count');
    assert.equal(clock(reopened, 'step:analyse')!.startedAt, at(600), 'a reopened step gets a fresh clock');
    assert.equal(clock(reopened, 'step:analyse')!.warned, false);
  });

  it('ends a wait on the record when a step is completed while waiting', () => {
    const { events, state } = run([
      register(),
      [5, { type: 'StartWaitingOnCustomer', data: { reason: 'Need photos' } }],
      identify(50),
    ]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['ComplaintRegistered', 'CustomerWaitStarted', 'CustomerWaitEnded', 'ComplaintIdentified'],
    );
    assert.equal(state.waitingOnCustomer, undefined);
    assert.ok(clock(state, 'step:analyse')!.runningSince);
  });

  it('re-plans running clocks when the severity changes, keeping the time spent', () => {
    const { state, events } = run([
      register(),
      identify(0),
      [90, { type: 'ChangeSeverity', data: { severity: 'critical', reason: 'Gas line' } }],
    ]);
    assert.equal(clock(state, 'step:analyse')!.targetMs, hours(1));
    assert.equal(clock(state, 'case')!.dueAt, at(8 * 60), 'critical: 8 h from registration');
    assert.equal(
      nextMarkAt(state.sla, 'critical'),
      at(30),
      'already due: under the new 1 h target the analyse clock warned at 30 min',
    );
    const checked = run([check(90)], state);
    assert.deepEqual(slaEvents(checked.events), [
      `SlaBreached step:analyse @${at(90)}`,
      `Escalated L1 team-lead step:analyse @${at(90)}`,
    ]);
    assert.equal(events.at(-1)!.type, 'SeverityChanged');
  });

  it('counts only working time when the policy has a business calendar', () => {
    const withCalendar = parseSlaPolicy({
      severities: {
        low: targets('PT72H', 'PT24H'),
        normal: targets('PT24H', 'PT4H'),
        high: targets('PT12H', 'PT2H'),
        critical: targets('PT8H', 'PT1H'),
      },
      calendar: {
        timeZone: 'Europe/Berlin',
        workingDays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
        holidays: [],
      },
    });
    // Friday 20 Nov 2026, 16:30 Berlin (15:30 UTC): half an hour of Friday, then Monday morning.
    const friday = Date.parse('2026-11-20T15:30:00.000Z');
    const { state } = run([[(friday - t0) / 60_000, register('normal', withCalendar)[1]]]);
    assert.equal(clock(state, 'acknowledge')!.dueAt, '2026-11-23T08:30:00.000Z');
    const monday = run(
      [[(Date.parse('2026-11-23T08:30:00.000Z') - t0) / 60_000, { type: 'CheckSlaClocks', data: {} }]],
      state,
    );
    assert.deepEqual(
      slaEvents(monday.events).map((e) => e.split(' @')[0]),
      ['SlaBreached acknowledge', 'Escalated L1 team-lead acknowledge'],
    );
  });

  const escalate = (minute: number, level?: number) =>
    [minute, { type: 'EscalateComplaint', data: { reason: 'Customer threatens to leave', level } }] as const;
  const deescalate = (minute: number, level?: number, roles = ['supervisor']) =>
    [minute, { type: 'DeescalateComplaint', data: { reason: 'Replacement seals shipped', level } }, roles] as const;

  it('lets a person escalate one rung at a time, up to the top of the ladder, and holds the rung as the case moves on', () => {
    const { state, events } = run([register(), identify(0), escalate(5)]);
    assert.equal(escalationLevelOf(state.sla), 1);
    assert.deepEqual(slaEvents(events), [`Escalated L1 team-lead manual @${at(5)}`]);
    assert.equal(events.at(-1)!.data.by, 'li.wei', 'the escalation names who escalated');
    assert.throws(() => run([escalate(6, 1)], state), /already at escalation level 1/);
    const top = run([escalate(7)], state).state;
    assert.equal(escalationLevelOf(top.sla), 2);
    assert.throws(() => run([escalate(8)], top), /has 2 levels/);
    // The owner completing a step does not undo a supervisor's escalation.
    assert.equal(escalationLevelOf(run([analyse(9)], top).state.sla), 2);
  });

  it('holds the highest rung a clock reached after that clock stops, so a worse case never reads as a better one', () => {
    // The acknowledgement clock climbs to L2; identifying the case stops it; the level stays 2.
    const climbed = run([register(), check(60), check(120)]).state;
    assert.equal(escalationLevelOf(climbed.sla), 2);
    const identified = run([identify(121)], climbed).state;
    assert.equal(escalationLevelOf(identified.sla), 2);
    // The analyse step's own clock passing its target records rung 1 for that clock; the case stays at 2.
    const late = run([check(121 + 4 * 60 + 1)], identified);
    assert.deepEqual(
      slaEvents(late.events).filter((e) => e.startsWith('Escalated')),
      [`Escalated L1 team-lead step:analyse @${at(121 + 4 * 60 + 1)}`],
    );
    assert.equal(escalationLevelOf(late.state.sla), 2);
  });

  it('comes down the ladder only when a supervisor de-escalates on purpose, and is off it once the case closes', () => {
    const top = run([register(), identify(0), escalate(5), escalate(6)]).state;
    assert.throws(() => run([deescalate(7, 0, ['owner'])], top), /Only a supervisor/);
    assert.throws(() => run([deescalate(7, 2)], top), /at escalation level 2; name a lower one/);
    const down = run([deescalate(7, 1)], top);
    assert.deepEqual(
      down.events.map((e) => [e.type, e.data]),
      [['ComplaintDeescalated', { from: 2, to: 1, reason: 'Replacement seals shipped', at: at(7), by: 'li.wei' }]],
    );
    assert.equal(escalationLevelOf(down.state.sla), 1);
    const off = run([deescalate(8)], down.state).state;
    assert.equal(escalationLevelOf(off.sla), 0);
    assert.throws(() => run([deescalate(9)], off), /not escalated/);
    // Escalated again, then withdrawn: a closed case stands on no rung.
    const closed = run(
      [escalate(10), [11, { type: 'WithdrawComplaint', data: { reason: 'invalid', explanation: 'Not our product' } }]],
      off,
    ).state;
    assert.equal(closed.status, 'withdrawn');
    assert.equal(escalationLevelOf(closed.sla), 0);
  });

  it('resumes the case clock where it stopped when a supervisor reopens an archived case', () => {
    const archived = run([
      register(),
      identify(0),
      analyse(10),
      [
        20,
        {
          type: 'CompleteResolution',
          data: {
            summary: 'New seals',
            actions: [{ kind: 'corrective', description: 'FKM', owner: 'eng', dueDate: '2026-12-01' }],
          },
        },
      ],
      [30, { type: 'CompleteVerification', data: { effective: true, notes: 'OK' } }],
      [
        40,
        {
          type: 'CompleteFeedback',
          data: { satisfied: true, satisfactionScore: 5, customerResponse: 'Good', contactChannel: 'phone' },
        },
      ],
      [50, { type: 'ArchiveComplaint', data: { lessonsLearned: 'Seal grade at intake' } }],
    ]).state;
    assert.equal(archived.status, 'archived');
    assert.deepEqual(activeClocks(archived.sla), []);
    const reopened = run(
      [[1000, { type: 'ReopenComplaint', data: { returnTo: 'resolve', reason: 'Leak is back' } }, ['supervisor']]],
      archived,
    ).state;
    assert.equal(reopened.status === 'open' && reopened.step, 'resolve');
    assert.equal(
      clock(reopened, 'case')!.spentMs,
      40 * 60_000,
      'registration to feedback; feedback and the archive do not count',
    );
    assert.equal(clock(reopened, 'case')!.dueAt, at(1000 + 24 * 60 - 40));
  });

  it('never records a mark twice, whatever the order and timing of checks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 25 }), (minutes) => {
        const sorted = [...minutes].sort((a, b) => a - b);
        const { events } = run([register(), ...sorted.map((minute) => check(minute))]);
        const marks = slaEvents(events).map((line) => line.split(' @')[0]);
        assert.equal(new Set(marks).size, marks.length);
        // Whatever the checks, by the last one every mark due by then is recorded.
        const last = sorted.at(-1)!;
        const expected = fold(complaintDecider, events);
        assert.deepEqual(dueMarks((expected as RegisteredComplaint).sla, 'normal', at(last)), []);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a complaint received before it was registered', () => {
  const receivedAt = (minute: number, registeredAt = 180) => {
    const [, command] = register();
    return [registeredAt, { ...command, data: { ...command.data, receivedAt: at(minute) } }] as const;
  };

  it('counts every clock from receipt: received three hours ago with a four-hour target, it is due in one', () => {
    const fourHours = parseSlaPolicy({
      severities: {
        low: targets('PT72H', 'PT24H'),
        normal: { ...targets('PT24H', 'PT4H'), acknowledge: 'PT4H' },
        high: targets('PT12H', 'PT2H'),
        critical: targets('PT8H', 'PT1H'),
      },
    });
    const [, command] = register('normal', fourHours);
    const { state, events } = run([[180, { ...command, data: { ...command.data, receivedAt: at(0) } }]]);
    assert.equal(events[0]!.type === 'ComplaintRegistered' && events[0].data.receivedAt, at(0));
    assert.equal(state.registeredAt, at(180));
    assert.equal(state.receivedAt, at(0));
    assert.equal(clock(state, 'acknowledge')!.dueAt, at(240), 'due an hour after it was registered');
    assert.equal(clock(state, 'acknowledge')!.startedAt, at(0));
    assert.equal(clock(state, 'case')!.dueAt, new Date(t0 + hours(24)).toISOString());
  });

  it('may already be late when it is registered: the first check warns and breaches at once', () => {
    // One hour to acknowledge, received 90 minutes before it was typed in.
    const { events } = run([receivedAt(0, 90), check(90)]);
    assert.deepEqual(slaEvents(events), [
      `SlaBreached acknowledge @${at(90)}`,
      `Escalated L1 team-lead acknowledge @${at(90)}`,
    ]);
  });

  it('is refused when received after it is registered, beyond a minute of clock skew, and brought back to now within it', () => {
    assert.throws(
      () => run([receivedAt(182)]),
      (error: Error & { details?: Record<string, unknown> }) =>
        error.name === 'RuleViolated' && error.details?.field === 'receivedAt',
    );
    const { state } = run([[180, { ...register()[1], data: { ...register()[1].data, receivedAt: at(180.5) } }]]);
    assert.equal(state.receivedAt, at(180), 'a receipt seconds ahead of the clock is taken as now');
    assert.equal(clock(state, 'acknowledge')!.startedAt, at(180));
  });

  it('without a receipt time, counts from registration, as cases always did', () => {
    const { state, events } = run([register()]);
    assert.equal(state.receivedAt, undefined);
    assert.equal(events[0]!.type === 'ComplaintRegistered' && 'receivedAt' in events[0].data, false);
    assert.equal(clock(state, 'acknowledge')!.startedAt, at(0));
  });
});

describe('the containment clock', () => {
  const containing = parseSlaPolicy({
    severities: {
      low: targets('PT72H', 'PT24H'),
      normal: { ...targets('PT24H', 'PT4H'), acknowledge: 'PT4H', containment: 'PT2H' },
      high: targets('PT12H', 'PT2H'),
      critical: targets('PT8H', 'PT1H'),
    },
  });
  const registered = register('normal', containing);
  const contain = (minute: number) =>
    [minute, { type: 'RecordContainment', data: { action: 'Customer stock sorted' } }] as const;

  it('runs from receipt, first among the clocks, until containment is recorded', () => {
    const [, command] = registered;
    const { state } = run([[30, { ...command, data: { ...command.data, receivedAt: at(0) } }]]);
    assert.equal(clock(state, 'containment')!.dueAt, at(120), 'two hours from receipt');
    const contained = run([contain(60)], state).state;
    assert.equal(clock(contained, 'containment'), undefined, 'stopped');
    const stopped = contained.sla.clocks.find((c) => c.id === 'containment')!;
    assert.deepEqual([stopped.stoppedAt, stopped.spentMs, stopped.breached], [at(60), hours(1), false]);
    assert.equal(contained.containment?.action, 'Customer stock sorted');
  });

  it('warns, breaches and escalates like every clock when nothing is done in time', () => {
    const { events } = run([registered, check(60), check(120)]);
    assert.deepEqual(
      slaEvents(events).filter((mark) => mark.includes('containment')),
      [
        `SlaWarningIssued containment @${at(60)}`,
        `SlaBreached containment @${at(120)}`,
        `Escalated L1 team-lead containment @${at(120)}`,
      ],
    );
  });

  it('is stopped by a containment action recorded with the analysis, or by leaving analyse without one', () => {
    const withAnalysis = run([
      registered,
      identify(10),
      [
        20,
        {
          type: 'CompleteAnalysis',
          data: { ...analyse(20)[1].data, containmentAction: 'Lot 42 recalled from the customer' },
        },
      ],
    ]).state;
    assert.equal(clock(withAnalysis, 'containment'), undefined);
    const without = run([registered, identify(10), analyse(20)]).state;
    assert.equal(clock(without, 'containment'), undefined, 'its moment has passed: the record shows it never came');
  });

  it('is recorded in identify or analyse, once; a policy without a containment target has no such clock', () => {
    assert.throws(() => run([registered, contain(10), contain(20)]), /Containment was recorded/);
    assert.throws(() => run([registered, identify(10), analyse(20), contain(30)]), /identify or analyse/);
    assert.equal(clock(run([register()]).state, 'containment'), undefined);
    assert.deepEqual(
      run([register(), contain(10)]).events.map((event) => event.type),
      ['ComplaintRegistered', 'ContainmentRecorded'],
      'recorded all the same',
    );
  });
});
