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

export type MailMessage = components['schemas']['MailMessageDto'];

/** The e-mail the product wrote (administrators only): without SMTP_URL, the outbox of what would have gone. */
export const useMailLog = () =>
  useQuery({
    queryKey: ['mail-log'],
    queryFn: () => bodyOf(client.GET('/api/v1/admin/mail')),
    refetchInterval: 15_000,
    retry: false,
  });

export type InboundMail = components['schemas']['InboundMailDto'];

/** The mailbox complaints arrive in (administrators only): how its reading goes, and what it quarantined. */
export const useInboundMail = () =>
  useQuery({
    queryKey: ['inbound-mail'],
    queryFn: () => bodyOf(client.GET('/api/v1/admin/mail/inbound')),
    refetchInterval: 15_000,
    retry: false,
  });
