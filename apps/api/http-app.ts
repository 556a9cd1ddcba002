import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../libs/platform/logging.js';
import { httpRequestDuration } from '../../libs/platform/metrics.js';
import type { AppConfig } from '../../libs/platform/config.js';
import { APP_CONFIG } from '../../libs/platform/nest/tokens.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { validationPipe } from './problems/validation.js';

export const apiPrefix = 'api/v1';

/**
 * Security headers: the API answers JSON and CSV, so nothing may be run or
 * framed from it (`default-src 'none'`); the OpenAPI UI loads its own scripts
 * and styles, so /docs gets helmet's default policy instead.
 */
const securityHeaders = () => {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docs = helmet();
  return (request: Request, response: Response, next: NextFunction) => (request.path.startsWith('/docs') ? docs : api)(request, response, next);
};

const requestIdPattern = /^[\w.:-]{1,100}$/;

/**
 * Every request gets an id (the caller's X-Request-Id when it is sane, else a
 * new one), answered in X-Request-Id and carried by its log line; its latency
 * goes into the route's histogram, labelled by route pattern, not URL.
 */
const requestTracking = (log: AppConfig['log']) => {
  const logged = pinoHttp({
    logger: createLogger(log.level),
    genReqId: (request, response) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: log.format === 'json' ? { ignore: (request) => request.url === '/health' || request.url === '/metrics' } : false,
    customLogLevel: (_, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const done = httpRequestDuration.startTimer();
    response.once('finish', () => {
      const route = (request as Request & { route?: { path?: string } }).route?.path;
      done({ method: request.method, route: route ? `${request.baseUrl}${route}` : 'unmatched', status: String(response.statusCode) });
    });
    logged(request, response, next);
  };
};

/** Everything an HTTP app needs besides its modules; the same for every way of running it. */
export const configureHttpApp = (nest: INestApplication): INestApplication => {
  const app = nest as NestExpressApplication;
  const { http, log } = app.get<AppConfig>(APP_CONFIG);
  app.disable('x-powered-by');
  app.use(requestTracking(log));
  app.use(securityHeaders());
  // Bodies over the limit are refused with 413 before they are parsed.
  app.useBodyParser('json', { limit: http.bodyLimitBytes });
  // CORS is off unless origins are named: a browser on another site cannot call the API.
  if (http.corsOrigins.length > 0) app.enableCors({ origin: [...http.corsOrigins], exposedHeaders: ['Retry-After'] });
  app.setGlobalPrefix(apiPrefix, { exclude: ['health', 'health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('qloop')
      .setDescription('Complaint handling and supplier re-evaluation: every step a durable workflow update, every decision an event.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose sub is the actor and whose roles claim lists owner, supervisor, quality-engineer, auditor or admin' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
};
