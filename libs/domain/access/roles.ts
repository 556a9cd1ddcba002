/**
 * What people may do is decided by role: which role may ask for what is the
 * API's access matrix; which case an owner may act on is the domain's rule
 * (it needs the case), and lives in the complaint decider.
 */
export const roles = ['owner', 'supervisor', 'quality-engineer', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** The role that acts on every case, reassigns, escalates and reopens. */
export const supervisorRole = 'supervisor' satisfies Role;
