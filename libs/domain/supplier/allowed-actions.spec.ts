import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { holdsOneOf, supplierActionRoles, supplierActions, type SupplierAction } from '../access/actions.js';
import type { CommandMetadata } from '../decider.js';
import { allowedSupplierActions } from './allowed-actions.js';
import { defaultEvaluationPolicy } from './evaluation-policy.js';
import type { SupplierCommand } from './supplier.commands.js';
import { supplierDecider } from './supplier.decider.js';
import type { SupplierState } from './supplier.events.js';
import { scoredCriteria } from './vocabulary.js';

type Payload = Omit<SupplierCommand, 'metadata'>;
const now = '2026-01-05T08:00:00.000Z';
const engineer = (roles: readonly string[]): CommandMetadata => ({ now, actor: 'zhao.sqe', roles });

const supplierAfter = (...commands: Payload[]): SupplierState =>
  commands.reduce<SupplierState>(
    (state, command) =>
      supplierDecider
        .decide({ ...command, metadata: engineer(['quality-engineer']) } as SupplierCommand, state)
        .reduce(supplierDecider.evolve, state),
    supplierDecider.initialState(),
  );

const register: Payload = {
  type: 'RegisterSupplier',
  data: {
    supplierId: 'sup-1',
    name: 'Ningbo Castings',
    category: 'castings',
    supplies: ['valve body'],
    criticality: 'high',
    policy: defaultEvaluationPolicy,
  },
};
const start: Payload = { type: 'RequestEvaluation', data: { reason: 'Line move' } };
const photo = {
  evidenceId: 'photo-1',
  sha256: 'b'.repeat(64),
  size: 12,
  mediaType: 'image/png',
  fileName: '8D.png',
};

const scores = (value: number): Payload => ({
  type: 'SubmitScores',
  data: { scores: Object.fromEntries(scoredCriteria.map((criterion) => [criterion, value])) },
});

const states: Record<string, SupplierState> = {
  unregistered: supplierDecider.initialState(),
  'registered, no evaluation open': supplierAfter(register),
  'an evaluation open': supplierAfter(register, start),
  'graded with a corrective action asked for': supplierAfter(register, start, scores(60)),
  disqualified: supplierAfter(register, start, scores(10)),
  'with an 8D photo': supplierAfter(register, { type: 'AttachEvidence', data: photo }),
};

const requestFor = (action: SupplierAction, state: SupplierState): Payload => {
  switch (action) {
    case 'record-performance':
      return {
        type: 'RecordPerformance',
        data: { deliveries: 2, onTimeDeliveries: 2, receivedUnits: 10, rejectedUnits: 0 },
      };
    case 'start-evaluation':
      return start;
    case 'submit-scores':
      return scores(90);
    case 'respond-corrective-action': {
      const open = state.status === 'unregistered' ? undefined : state.correctiveActions.find((a) => !a.respondedAt);
      return { type: 'RespondToCorrectiveAction', data: { actionId: open?.id ?? 'CAR-1', response: 'Plan sent' } };
    }
    case 'requalify':
      return { type: 'RequalifySupplier', data: { reason: 'New owner, new process' } };
    case 'attach-evidence':
      return { type: 'AttachEvidence', data: { ...photo, evidenceId: 'photo-new' } };
    case 'retract-evidence': {
      const kept = state.status === 'unregistered' ? undefined : state.evidence?.find((file) => !file.retracted);
      return { type: 'RetractEvidence', data: { evidenceId: kept?.id ?? 'photo-1', reason: 'Wrong supplier' } };
    }
  }
};

describe('what a caller may do to a supplier now', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const roles of [['quality-engineer'], ['owner'], ['supervisor'], ['auditor'], ['admin']]) {
      it(`${stateName}, for a ${roles.join('+')}: offers exactly what the role table and the decider accept`, () => {
        const accepted = supplierActions.filter((action) => {
          if (!holdsOneOf({ roles }, supplierActionRoles[action])) return false;
          try {
            supplierDecider.decide(
              { ...requestFor(action, state), metadata: engineer(roles) } as SupplierCommand,
              state,
            );
            return true;
          } catch {
            return false;
          }
        });
        assert.deepEqual([...allowedSupplierActions(state, { roles })].sort(), [...accepted].sort());
      });
    }
  }

  it('offers a quality engineer scores while an evaluation is open, requalification once disqualified', () => {
    const qe = { roles: ['quality-engineer'] };
    assert.deepEqual(allowedSupplierActions(states['an evaluation open']!, qe), [
      'record-performance',
      'submit-scores',
      'attach-evidence',
    ]);
    assert.deepEqual(allowedSupplierActions(states.disqualified!, qe), [
      'record-performance',
      'requalify',
      'attach-evidence',
    ]);
    assert.deepEqual(allowedSupplierActions(states['graded with a corrective action asked for']!, qe), [
      'record-performance',
      'start-evaluation',
      'respond-corrective-action',
      'attach-evidence',
    ]);
    assert.deepEqual(allowedSupplierActions(states['with an 8D photo']!, qe), [
      'record-performance',
      'start-evaluation',
      'attach-evidence',
      'retract-evidence',
    ]);
    assert.deepEqual(allowedSupplierActions(states['an evaluation open']!, { roles: ['auditor'] }), []);
  });
});
