import type { Decider } from '../decider.js';
import { decideComplaint, type ComplaintCommand } from './complaint.commands.js';
import {
  evolveComplaint,
  initialComplaintState,
  type ComplaintEvent,
  type ComplaintState,
} from './complaint.events.js';

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  decide: decideComplaint,
  evolve: evolveComplaint,
  initialState: initialComplaintState,
};
