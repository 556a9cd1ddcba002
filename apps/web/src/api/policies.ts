import { useQuery } from '@tanstack/react-query';
import { bodyOf, client } from './client.js';
import { post, put } from './writes.js';
import { parsePauseReasons } from '../../../../libs/domain/sla/pause-reasons.js';
import type { PauseReason } from '../lib/pause-reasons.js';

import type { PolicyKind } from '../../../../libs/contracts/policy.js';
import type { PolicyView, ProjectionStatus } from '../../../../libs/contracts/read-views.js';

export type { PolicyKind, PolicyView };
import type { components } from './schema.js';

/** The what-if's answer, as the OpenAPI document states it. */
export type WhatIfReport = components['schemas']['WhatIfReportDto'];
export type WhatIfCase = components['schemas']['WhatIfCaseDto'];
export type DueTimeChange = components['schemas']['DueTimeChangeDto'];

/** The read models' progress, as `GET /admin/projections` answers it. */
export type Projections = ProjectionStatus;

const byKind = (kind: PolicyKind) => ({ params: { path: { kind } } });

export const usePolicy = (kind: PolicyKind) =>
  useQuery({
    queryKey: ['policy', kind],
    queryFn: () => bodyOf(client.GET('/api/v1/policies/{kind}', byKind(kind))),
  });

/**
 * The pause reasons of the SLA policy in force, as its document writes them:
 * where a page lists cases (or their paused time) without each case's
 * policy, a reason of the policy's own still reads in its words.
 */
export const usePauseReasons = (): readonly PauseReason[] => {
  const { data } = usePolicy('sla');
  const written = (data?.document as { pauseReasons?: unknown } | undefined)?.pauseReasons;
  // The document in force was checked when adopted: its problems need no one to hear them here.
  return parsePauseReasons(written, () => undefined) ?? [];
};

export const usePolicyHistory = (kind: PolicyKind) =>
  useQuery({
    queryKey: ['policy', kind, 'history'],
    queryFn: () => bodyOf(client.GET('/api/v1/policies/{kind}/history', byKind(kind))),
  });

export const adoptPolicy = (kind: PolicyKind) =>
  put<'/api/v1/policies/{kind}', PolicyView>('/api/v1/policies/{kind}', { kind });

/** Past cases re-run under a policy: nothing changes. */
export const whatIf = post<'/api/v1/audit/what-if', WhatIfReport>('/api/v1/audit/what-if');

export const useProjections = () =>
  useQuery({
    queryKey: ['projections'],
    queryFn: () => bodyOf(client.GET('/api/v1/admin/projections')),
    refetchInterval: 5000,
  });

export const rebuildProjections = () => bodyOf(client.POST('/api/v1/admin/projections/rebuild'));
