import { useQuery } from '@tanstack/react-query';
import { bodyOf, client, problemOf, sessionHeaderValues } from './client.js';
import type { components } from './schema.js';
import { post } from './writes.js';

export type EvidenceKind = 'complaints' | 'suppliers';
export type EvidenceItem = components['schemas']['EvidenceItemDto'];
export type EvidenceList = components['schemas']['EvidenceListDto'];
export type AttachedEvidence = components['schemas']['AttachedEvidenceDto'];

/** The query key of the case or supplier itself: whatever refreshes it refreshes its files, whose key sits under it. */
export const entityKey = (kind: EvidenceKind, id: string) => [kind === 'complaints' ? 'complaint' : 'supplier', id];

/** The files of a case or supplier, now or as they stood at a revision; their links are signed, good for an hour. */
export const useEvidence = (
  kind: EvidenceKind,
  id: string,
  { point, refetchInterval }: { point?: { revision: number } | { asOf: string }; refetchInterval?: number } = {},
) =>
  useQuery({
    queryKey: [...entityKey(kind, id), 'evidence', ...(point ? [point] : [])],
    queryFn: () =>
      bodyOf(
        client.GET(
          `/api/v1/${kind}/{id}/evidence` as '/api/v1/complaints/{id}/evidence',
          {
            params: { path: { id }, query: point },
          } as never,
        ),
      ) as Promise<EvidenceList>,
    refetchInterval,
    placeholderData: (previous) => previous,
  });

export type UploadRequest = Readonly<{
  kind: EvidenceKind;
  id: string;
  file: Blob & { name?: string };
  fields?: Readonly<Record<string, string | undefined>>;
  /** Made once per file when it was chosen: a retried upload records nothing twice. */
  idempotencyKey: string;
  onProgress: (percent: number) => void;
  signal?: AbortSignal;
}>;

/**
 * One file uploaded as the browser streams it (multipart/form-data), with
 * its progress: fetch cannot tell how much of a body has gone, so this one
 * request is an XMLHttpRequest, with the same headers as every other.
 */
export const uploadEvidence = ({ kind, id, file, fields = {}, idempotencyKey, onProgress, signal }: UploadRequest) =>
  new Promise<AttachedEvidence>((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
    form.append('file', file, file.name ?? 'file');
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/${kind}/${encodeURIComponent(id)}/evidence`);
    for (const [name, value] of Object.entries({ ...sessionHeaderValues(), 'idempotency-key': idempotencyKey }))
      request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as AttachedEvidence);
      else reject(problemOf({ status: request.status, statusText: request.statusText }, body));
    };
    request.onerror = () => reject(problemOf({ status: 0, statusText: 'Network error' }, undefined));
    signal?.addEventListener('abort', () => request.abort());
    request.send(form);
  });

/** Retracts a file, with a reason: answered by the files as they now are. */
export const retractEvidence = (kind: EvidenceKind, id: string, evidenceId: string) =>
  kind === 'complaints'
    ? post<'/api/v1/complaints/{id}/evidence/{evidenceId}/retract', EvidenceList>(
        '/api/v1/complaints/{id}/evidence/{evidenceId}/retract',
        { id, evidenceId },
      )
    : post<'/api/v1/suppliers/{id}/evidence/{evidenceId}/retract', EvidenceList>(
        '/api/v1/suppliers/{id}/evidence/{evidenceId}/retract',
        { id, evidenceId },
      );
