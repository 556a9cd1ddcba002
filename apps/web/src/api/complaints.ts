import { useQuery } from '@tanstack/react-query';
import type { AuditReport, TimelineEntry } from './types.js';
import { bodyAs, bodyOf, client } from './client.js';
import type { ComplaintView } from './types.js';
import type { operations } from './schema.js';
import { post, type PostPath } from './writes.js';

/** `GET /complaints`'s query, as the document states it. */
export type ComplaintQuery = NonNullable<operations['ComplaintsController_list']['parameters']['query']>;
export type History = Readonly<{ events: TimelineEntry[] }>;

const byId = (id: string) => ({ params: { path: { id } } });

export const fetchComplaint = (id: string) => bodyAs<ComplaintView>(client.GET('/api/v1/complaints/{id}', byId(id)));
export const fetchComplaintHistory = (id: string) => bodyOf(client.GET('/api/v1/complaints/{id}/history', byId(id)));
export const fetchComplaints = (query: ComplaintQuery) =>
  bodyOf(client.GET('/api/v1/complaints', { params: { query } }));

/** A case by its id or number; kept fresh while shown, as others work on it too. */
export const useComplaint = (id: string, options: { refetchInterval?: number } = {}) =>
  useQuery({ queryKey: ['complaint', id], queryFn: () => fetchComplaint(id), ...options });

export const useComplaintHistory = (id: string, options: { refetchInterval?: number } = {}) =>
  useQuery({ queryKey: ['complaint', id, 'history'], queryFn: () => fetchComplaintHistory(id), ...options });

export const useComplaintAudit = (id: string) =>
  useQuery({
    queryKey: ['complaint', id, 'audit'],
    queryFn: () => bodyAs<AuditReport>(client.GET('/api/v1/complaints/{id}/audit', byId(id))),
  });

/** The case as it stood at a revision or an instant. */
export type PastPoint = Readonly<{ revision: number } | { asOf: string }>;
export const useComplaintAt = (id: string, at: PastPoint, enabled: boolean) =>
  useQuery({
    queryKey: ['complaint', id, 'state', at],
    queryFn: () =>
      bodyAs<ComplaintView>(
        client.GET('/api/v1/complaints/{id}/state', { params: { path: { id }, query: at } } as never),
      ),
    enabled,
    placeholderData: (previous) => previous,
  });

export const useComplaints = (query: ComplaintQuery, options: { refetchInterval?: number } = {}) =>
  useQuery({
    queryKey: ['complaints', query],
    queryFn: () => fetchComplaints(query),
    placeholderData: (previous) => previous,
    ...options,
  });

export type CaseWritePath = Extract<PostPath, `/api/v1/complaints/{id}/${string}`>;

/** A write to one case, answered by the case as it now is. */
export const complaintWrite = <P extends CaseWritePath>(path: P, id: string) => post<P, ComplaintView>(path, { id });

export const registerComplaint = post<'/api/v1/complaints', ComplaintView>('/api/v1/complaints');
