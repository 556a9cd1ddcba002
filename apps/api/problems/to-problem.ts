import { HttpException } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FailureType } from '../../../libs/contracts/index.js';
import { EventStoreError } from '../../../libs/event-store/index.js';
import { failureStatus, Problem } from './problem.js';

const unavailable = (what: string) => new Problem(503, 'unavailable', 'Service unavailable', `${what} is unavailable; try again shortly`, {});

const isFailureType = (type: string | undefined | null): type is FailureType => !!type && type in failureStatus;

// gRPC codes that mean "the server is not there right now", not "you asked wrongly".
const grpcUnavailable = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

const fromApplicationFailure = (failure: ApplicationFailure): Problem | undefined => {
  if (!isFailureType(failure.type)) return undefined;
  const { status, title } = failureStatus[failure.type];
  const details = (failure.details?.[0] ?? {}) as Record<string, unknown>;
  return new Problem(status, failure.type, title, failure.message, details);
};

/** Every error a request can meet, as the problem document the client gets. */
export const toProblem = (error: unknown): Problem => {
  if (error instanceof Problem) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    // Our own validation raises Problems, so a bare 400 here comes from parsing the body.
    if (status === 400) return new Problem(400, 'malformed', 'Malformed request', detail);
    if (status === 429) return new Problem(429, 'rate-limited', 'Too many requests', 'Too many requests from this address; try again shortly');
    if (status === 413) return new Problem(413, 'too-large', 'Payload too large', 'The body is too large');
    return new Problem(status, status === 404 ? 'not-found' : `http-${status}`, error.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), detail);
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
    return new Problem(409, 'case-already-registered', 'Already registered', 'One with this id is registered already');
  }
  if (error instanceof EventStoreError && error.code === 'store-unavailable') return unavailable('The event store');
  if (error instanceof WorkflowNotFoundError) return new Problem(404, 'not-found', 'Not found', 'No such case or supplier');
  if (error instanceof ServiceError && grpcUnavailable.has((error.cause as { code?: number } | undefined)?.code ?? -1)) {
    return unavailable('The workflow service');
  }
  const bodyParserType = (error as { type?: string })?.type;
  if (bodyParserType === 'entity.parse.failed') return new Problem(400, 'malformed', 'Malformed request', 'The body is not valid JSON');
  if (bodyParserType === 'entity.too.large') return new Problem(413, 'too-large', 'Payload too large', 'The body is too large');
  return new Problem(500, 'internal', 'Internal error', 'Something went wrong on our side');
};
