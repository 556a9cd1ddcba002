import { parseEvaluationPolicy, parseSlaPolicy, type EvaluationPolicy, type SlaPolicy } from '../domain/index.js';

/**
 * Policies an admin adopts through the API. Each kind is a stream of its own
 * (`policy-sla`, `policy-supplier-evaluation`): every change is an event, with
 * its author, reason and place in the hash chain like any other decision.
 * Until the first adoption the file (SLA_POLICY_PATH, SUPPLIER_POLICY_PATH)
 * or the built-in default is in force. A case keeps the policy it was
 * registered under: its registration event records it.
 */
export const policyKinds = ['sla', 'supplier-evaluation'] as const;
export type PolicyKind = (typeof policyKinds)[number];
export const isPolicyKind = (value: string): value is PolicyKind => (policyKinds as readonly string[]).includes(value);

export type PolicyOf<K extends PolicyKind> = K extends 'sla' ? SlaPolicy : EvaluationPolicy;

export const policyStreamId = (kind: PolicyKind): string => `policy-${kind}`;

/** The one event of a policy stream: the document an admin wrote, as they wrote it, and why. */
export const policyAdopted = 'PolicyAdopted';
export type PolicyAdoptedData = Readonly<{ kind: PolicyKind; document: unknown; reason?: string }>;

export const parsePolicy = <K extends PolicyKind>(kind: K, document: unknown): PolicyOf<K> =>
  (kind === 'sla' ? parseSlaPolicy(document) : parseEvaluationPolicy(document)) as PolicyOf<K>;
