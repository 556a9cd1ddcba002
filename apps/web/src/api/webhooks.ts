import { useQuery } from '@tanstack/react-query';
import { bodyOf, client } from './client.js';
import type { components } from './schema.js';

export type DeadLetter = components['schemas']['DeadLetterDto'];

/** Webhook messages no retry delivered (administrators only: anyone else is answered 403, and shown nothing). */
export const useDeadLetters = () =>
  useQuery({
    queryKey: ['dead-letters'],
    queryFn: () => bodyOf(client.GET('/api/v1/admin/webhooks/dead-letters')),
    refetchInterval: 15_000,
    retry: false,
  });

export const resendDeadLetter = (messageId: string) =>
  bodyOf(client.POST('/api/v1/admin/webhooks/dead-letters/{messageId}/resend', { params: { path: { messageId } } }));
