import type { Decider } from '../decider.js';
import { decide, type ComplaintCommand } from './complaint.commands.js';
import { evolve, initialState, type ComplaintEvent, type ComplaintState } from './complaint.events.js';

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = { decide, evolve, initialState };
