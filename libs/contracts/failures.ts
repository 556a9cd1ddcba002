import type { DomainErrorCode } from '../domain/index.js';

/**
 * The `type` of every ApplicationFailure a workflow or activity raises on
 * purpose. The API maps each to an HTTP status in one place.
 */
export type FailureType = DomainErrorCode | 'revision-conflict' | 'invalid-append' | 'invalid-command';
