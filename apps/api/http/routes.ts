import { applyDecorators, Get, HttpCode, Post, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
} from '@nestjs/swagger';
import { ProblemDto } from '../problems/problem.dto.js';
import { AuditReportDto } from '../dto/audit-report.dto.js';

/** The problem+json answers a route may give, documented. */
export const problems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ProblemDto, description: 'application/problem+json' })),
  );

/**
 * A controller whose routes need a bearer token: documented as such, with the
 * 401 of a missing or bad token and the 403 of a role the route does not allow.
 */
export const Secured = () => applyDecorators(ApiBearerAuth(), problems(401, 403));

/** A write whose body is `type`, documented with the example the end-to-end tests also send. */
export const Write = (type: Type & { example: object }, summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiBody({ type, examples: { example: { value: type.example } } }),
    problems(400, 404, 409, 415, 422, 503),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Repeat the request with the same key: same answer, nothing done twice',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The revision you last saw, e.g. "3" ("-1": nothing yet); 409 if it has moved on',
    }),
  );

/** `POST <path>` on one entity: acts on it, answers it as it now is. */
export const EntityRoute = (
  path: string,
  type: Type & { example: object },
  summary: string,
  view: Type,
  status = 200,
) => applyDecorators(Post(path), HttpCode(status), Write(type, summary), ApiResponse({ status, type: view }));

/** `POST /`: registers an entity, answers it as it now is. */
export const RegisterRoute = (type: Type & { example: object }, summary: string, view: Type) =>
  applyDecorators(Post(), HttpCode(201), Write(type, summary), ApiCreatedResponse({ type: view }));

/** The reads every entity answers alike: now, its history, as it stood, and its audit. */
export const ReadRoute = {
  current: (summary: string, view: Type) =>
    applyDecorators(Get(':id'), ApiOperation({ summary }), ApiOkResponse({ type: view }), problems(400, 404, 500)),
  history: (summary: string, answer: Type) =>
    applyDecorators(
      Get(':id/history'),
      ApiOperation({ summary }),
      ApiOkResponse({ type: answer }),
      problems(400, 404, 500),
    ),
  asOf: (summary: string, view: Type) =>
    applyDecorators(
      Get(':id/state'),
      ApiOperation({ summary }),
      ApiOkResponse({ type: view }),
      problems(400, 404, 500),
    ),
  audit: (summary: string) =>
    applyDecorators(
      Get(':id/audit'),
      ApiOperation({ summary }),
      ApiOkResponse({ type: AuditReportDto }),
      problems(400, 404),
    ),
};

/** A validated DTO as plain data for a command: no class instances, no undefined fields. */
export const plain = <T>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;

/** A command's data is its body without the transport's own fields. */
export const dataOf = <T extends { expectedRevision?: number }>(dto: T): Omit<T, 'expectedRevision'> => {
  const { expectedRevision: _, ...data } = dto;
  return plain(data);
};
