import { bodyOf, client } from './client.js';
import type { Me, SignInConfig } from './types.js';
import { post, type PostBody } from './writes.js';

export type DevTokenBody = PostBody<'/api/v1/auth/dev-token'>;

export const fetchMe = (): Promise<Me> => bodyOf(client.GET('/api/v1/me'));
export const fetchSignInConfig = (): Promise<SignInConfig> => bodyOf(client.GET('/api/v1/auth/config'));
export const mintDevToken = post<'/api/v1/auth/dev-token', { token: string }>('/api/v1/auth/dev-token');
