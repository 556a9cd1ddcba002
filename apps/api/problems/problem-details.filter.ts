import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { en, readerTimeZone } from '../../../libs/i18n/index.js';
import { catalogueOf } from '../http/language.js';
import { toProblem } from './to-problem.js';

/**
 * The one exception filter: every error leaves as application/problem+json,
 * never with internals, its title, detail and field messages in the reader's
 * language (times in the business calendar's zone, `calendarZone`).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  constructor(private readonly calendarZone?: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const problem = toProblem(exception);
    if (problem.status === 503)
      this.logger.warn(`${problem.detail} (${exception instanceof Error ? exception.message : String(exception)})`);
    else if (problem.status >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (problem.status === 503 || (problem.status === 429 && !response.getHeader('Retry-After')))
      response.setHeader('Retry-After', '5');
    const catalogue = catalogueOf(request);
    // English keeps instants as the API writes them (UTC ISO); other languages read their local time.
    const timeZone = catalogue === en ? undefined : readerTimeZone(catalogue, this.calendarZone);
    const body = problem.in({ catalogue, timeZone });
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
