import { defaultSlaPolicy } from '../sla/sla-policy.js';
import type { RegisterComplaint } from './complaint.commands.js';

/** A complaint as the desk registers it, for tests: a normal one under the built-in SLA policy. */
export const sampleRegistration = {
  complaintId: 'c-1',
  customer: { name: 'Hangzhou Valve Co.' },
  channel: 'phone',
  category: 'product-quality',
  severity: 'normal',
  title: 'Leaking valve body',
  description: 'Three of forty valves leak at 6 bar.',
  slaPolicy: defaultSlaPolicy,
} as const satisfies RegisterComplaint['data'];
