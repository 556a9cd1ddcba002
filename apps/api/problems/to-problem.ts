import { HttpException } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { supplierWorkflowType, type FailureType } from '../../../libs/contracts/index.js';
import type { ProblemCode } from '../../../libs/i18n/index.js';
import { EventStoreError, UnreadableRevisions } from '../../../libs/event-store/index.js';
import { isProblemCode, problem, Problem } from './problem.js';

const unavailable = (what: string) => problem('unavailable', `${what} is unavailable; try again shortly`);

// gRPC codes that mean "the server is not there right now", not "you asked wrongly".
const grpcUnavailable = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

/** Each failure a workflow or activity raises on purpose is a problem code: a type in one list only fails the compile here. */
const failureCode = (type: FailureType): ProblemCode => type;

const fromApplicationFailure = (failure: ApplicationFailure): Problem | undefined => {
  if (!isProblemCode(failure.type)) return undefined;
  return problem(
    failureCode(failure.type as FailureType),
    failure.message,
    (failure.details?.[0] ?? {}) as Record<string, unknown>,
  );
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
    if (status === 429) return problem('rate-limited', 'Too many requests from this address; try again shortly');
    if (status === 413) return problem('too-large', 'The body is too large');
    if (status === 404) return problem('not-found', detail);
    if (status === 403) return problem('not-permitted', detail);
    if (status === 401) return problem('unauthenticated', detail);
    // Our own validation raises Problems, so any other 4xx here comes from parsing the request.
    if (status < 500) return problem('malformed', detail);
    return problem('internal', 'Something went wrong on our side');
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
    const supplier = error.workflowType === supplierWorkflowType;
    return problem(
      supplier ? 'supplier-already-registered' : 'case-already-registered',
      `A ${supplier ? 'supplier' : 'complaint'} with this id is registered already`,
    );
  }
  if (error instanceof EventStoreError && error.code === 'store-unavailable') return unavailable('The event store');
  if (error instanceof UnreadableRevisions)
    return problem(
      'record-unreadable',
      `${error.message}. The record cannot be shown until the store is restored from a backup; its audit names what is missing.`,
      { streamId: error.streamId, unreadableRevisions: error.revisions },
    );
  if (error instanceof EventStoreError && error.code === 'store-corrupted')
    return problem('record-unreadable', 'The event store has a damaged page; restore it from a backup');
  // The store checks what it is asked before it reads: a read it refuses was asked wrongly.
  if (error instanceof EventStoreError && error.code === 'invalid-read') return problem('malformed', error.message);
  if (error instanceof WorkflowNotFoundError) return problem('not-found', 'No such case or supplier');
  if (error instanceof ServiceError) {
    if (grpcUnavailable.has((error.cause as { code?: number } | undefined)?.code ?? -1))
      return unavailable('The workflow service');
    // Too many requests in flight on one workflow (RESOURCE_EXHAUSTED), an Update aborted, a workflow task
    // failed under it: the service's state, not the request, and the Update may or may not have been taken.
    return problem(
      'unavailable',
      `The workflow service could not take the request now (${error.cause instanceof Error ? error.cause.message : error.message}). It may still be recorded: repeat it with the same Idempotency-Key to get its outcome.`,
      { pending: true },
    );
  }
  const bodyParserType = (error as { type?: string })?.type;
  if (bodyParserType === 'entity.parse.failed') return problem('malformed', 'The body is not valid JSON');
  if (bodyParserType === 'entity.too.large') return problem('too-large', 'The body is too large');
  return problem('internal', 'Something went wrong on our side');
};
