import { useQuery, useQueryClient } from '@tanstack/react-query';
import { bodyOf, client } from './client.js';
import type { components } from './schema.js';

export type Notice = components['schemas']['NoticeDto'];

/** What concerns the signed-in person, asked again every few seconds: the bell is live without a reload. */
export const useNotices = (enabled: boolean) =>
  useQuery({
    queryKey: ['notices'],
    queryFn: () => bodyOf(client.GET('/api/v1/me/notices')),
    refetchInterval: 10_000,
    enabled,
  });

/** Marks every notice up to the newest shown read, and shows the answer at once. */
export const useMarkNoticesRead = () => {
  const queries = useQueryClient();
  return async (upTo: number) => {
    const answer = await bodyOf(client.POST('/api/v1/me/notices/read', { body: { upTo } }));
    queries.setQueryData(['notices'], answer);
  };
};
