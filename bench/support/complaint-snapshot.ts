import { randomUUID } from 'node:crypto';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import type { ComplaintSnapshot } from '../../libs/contracts/index.js';
import {
  complaintDecider,
  defaultSlaPolicy,
  type ComplaintCommand,
  type ComplaintState,
  type RegisteredComplaint,
} from '../../libs/domain/index.js';

type Payload = Pick<ComplaintCommand, 'type' | 'data'>;

/** A case taken through the domain alone (no servers): registered, then the given commands, by li.wei (verified by zhang.qa). */
export const complaintThrough = (
  commands: readonly Payload[],
  complaintId: string = randomUUID(),
): { state: ComplaintState; events: { type: string; data: unknown }[] } => {
  let state = complaintDecider.initialState();
  const events: { type: string; data: unknown }[] = [];
  const all: Payload[] = [
    {
      type: 'RegisterComplaint',
      data: { complaintId, ...RegisterComplaintDto.example, slaPolicy: defaultSlaPolicy },
    } as Payload,
    ...commands,
  ];
  for (const command of all) {
    const decided = complaintDecider.decide(
      {
        ...command,
        metadata: {
          now: new Date().toISOString(),
          actor: command.type === 'CompleteVerification' ? 'zhang.qa' : 'li.wei',
          roles: ['supervisor'],
          team: [],
        },
      } as ComplaintCommand,
      state,
    );
    for (const event of decided) {
      state = complaintDecider.evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
};

/** A case once identified and analysed: the case and the events that made it. */
export const analysedCase = (
  complaintId: string = randomUUID(),
): ComplaintSnapshot & { events: { type: string; data: unknown }[] } => {
  const { state, events } = complaintThrough(
    [
      { type: 'CompleteIdentification', data: { ...IdentifyStepDto.example, owner: 'li.wei' } } as Payload,
      { type: 'CompleteAnalysis', data: AnalyseStepDto.example } as Payload,
    ],
    complaintId,
  );
  return { state: state as RegisteredComplaint, revision: events.length - 1, events };
};
