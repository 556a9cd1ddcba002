import { HttpException } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { customerEntity, supplierEntity, type FailureType } from '../../../libs/contracts/index.js';
import type { ProblemCode } from '../../../libs/i18n/index.js';
import { EventStoreError, UnreadableRevisions } from '../../../libs/event-store/index.js';
import { refusalIn } from '../../../libs/domain/index.js';
import { KeyDestroyed } from '../../../libs/platform/data-keys.js';
import { isProblemCode, problem, Problem, problemSaying, type DetailText } from './problem.js';

const unavailable = (key: 'store-unavailable' | 'workflow-service-unavailable') => problemSaying('unavailable', key);

// gRPC codes that mean "the server is not there right now", not "you asked wrongly".
const grpcUnavailable = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

/** Each failure a workflow or activity raises on purpose is a problem code: a type in one list only fails the compile here. */
const failureCode = (type: FailureType): ProblemCode => type;

/**
 * What a failure says, as data: the domain's refusal it carries, else what its
 * code and details say (a revision conflict, an unknown id); else nothing, and
 * its English message is said as it is.
 */
const textOf = (code: ProblemCode, details: Record<string, unknown>): DetailText | undefined => {
  const refusal = refusalIn(details);
  if (refusal) return refusal;
  if (code === 'revision-conflict' && 'actualRevision' in details && 'expectedRevision' in details)
    return {
      key: 'revision-conflict',
      params: { actual: Number(details.actualRevision), expected: Number(details.expectedRevision) },
    };
  if (code === 'case-not-registered' || code === 'supplier-not-registered') return { key: code };
  return undefined;
};

const fromApplicationFailure = (failure: ApplicationFailure): Problem | undefined => {
  if (!isProblemCode(failure.type)) return undefined;
  const code = failureCode(failure.type as FailureType);
  const { refusal: _, ...details } = (failure.details?.[0] ?? {}) as Record<string, unknown>;
  return new Problem(code, failure.message, details, textOf(code, failure.details?.[0] as Record<string, unknown>));
};

/** Every error a request can meet, as the problem document the client gets. */
export const toProblem = (error: unknown): Problem => {
  if (error instanceof Problem) return error;
  // A Problem raised inside the body parser (its verify hook) reaches us wrapped by Nest's adapter.
  if (error instanceof HttpException && error.cause instanceof Problem) return error.cause;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    if (status === 429) return problemSaying('rate-limited', 'rate-limited');
    if (status === 413) return problemSaying('too-large', 'body-too-large');
    const route = /^Cannot ([A-Z]+) (\S+)$/.exec(detail);
    if (status === 404 && route)
      return problemSaying('not-found', 'no-such-route', { method: route[1], path: route[2] });
    if (status === 404) return problem('not-found', detail);
    if (status === 403) return problem('not-permitted', detail);
    if (status === 401) return problem('unauthenticated', detail);
    // Our own validation raises Problems, so any other 4xx here comes from parsing the request.
    if (status < 500) return problem('malformed', detail);
    return problemSaying('internal', 'internal');
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const problem = fromApplicationFailure(error.cause);
    if (problem) return problem;
  }
  if (error instanceof ApplicationFailure) {
    const problem = fromApplicationFailure(error);
    if (problem) return problem;
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    if (error.workflowType === supplierEntity.workflowType)
      return problemSaying('supplier-already-registered', 'supplier-id-taken');
    if (error.workflowType === customerEntity.workflowType)
      return problemSaying('customer-already-registered', 'customer-id-taken');
    return problemSaying('case-already-registered', 'complaint-id-taken');
  }
  if (error instanceof EventStoreError && error.code === 'store-unavailable') return unavailable('store-unavailable');
  // Personal data for a customer erased meanwhile: its key is gone, and nothing is written under it.
  if (error instanceof KeyDestroyed)
    return problemSaying('customer-erased', 'customer-erased', { id: error.keyId.replace(/^customer:/, '') });
  if (error instanceof UnreadableRevisions)
    return new Problem(
      'record-unreadable',
      `${error.message}. The record cannot be shown until the store is restored from a backup; its audit names what is missing.`,
      { streamId: error.streamId, unreadableRevisions: error.revisions },
      { key: 'revisions-unreadable', params: { streamId: error.streamId, revisions: error.revisions.map(String) } },
    );
  if (error instanceof EventStoreError && error.code === 'store-corrupted')
    return problemSaying('record-unreadable', 'store-damaged');
  // The store checks what it is asked before it reads: a read it refuses was asked wrongly.
  if (error instanceof EventStoreError && error.code === 'invalid-read') return problem('malformed', error.message);
  if (error instanceof WorkflowNotFoundError) return problemSaying('not-found', 'no-such-case-or-supplier');
  if (error instanceof ServiceError) {
    if (grpcUnavailable.has((error.cause as { code?: number } | undefined)?.code ?? -1))
      return unavailable('workflow-service-unavailable');
    // Too many requests in flight on one workflow (RESOURCE_EXHAUSTED), an Update aborted, a workflow task
    // failed under it: the service's state, not the request, and the Update may or may not have been taken.
    return problemSaying(
      'unavailable',
      'workflow-service-busy',
      { cause: error.cause instanceof Error ? error.cause.message : error.message },
      { pending: true },
    );
  }
  const bodyParserType = (error as { type?: string })?.type;
  if (bodyParserType === 'entity.parse.failed') return problemSaying('malformed', 'body-not-json');
  if (bodyParserType === 'entity.too.large') return problemSaying('too-large', 'body-too-large');
  return problemSaying('internal', 'internal');
};
