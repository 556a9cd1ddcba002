import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createLogger, nestLogger } from '../../../libs/platform/logging.js';
import { httpRequestDuration } from '../../../libs/platform/metrics.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { PlatformModule } from '../../../libs/platform/nest/platform.module.js';
import { APP_CONFIG, PERSONAL_DATA } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { contentLanguage } from './language.js';
import { OpenPersonalData } from './open-personal-data.js';
import { inputGuard, refuseDeepJson } from './input-guard.js';
import { ProblemDetailsFilter } from '../problems/problem-details.filter.js';
import { problemSaying } from '../problems/problem.js';
import { validationPipe } from '../problems/validation.js';

export const apiPrefix = 'api/v1';

/**
 * Security headers: the API answers JSON and CSV, so nothing may be run or
 * framed from it (`default-src 'none'`); the OpenAPI UI loads its own scripts
 * and styles, so /docs gets helmet's default policy; the web UI runs only its
 * own scripts, and its component library writes its styles inline, which
 * `style-src 'unsafe-inline'` allows (no script may be inline). An identity
 * provider's origin is added where the browser must reach it.
 */
const securityHeaders = (oidcIssuer: string | undefined) => {
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet();
  const ui = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])],
        // The public form's proof of work is solved in workers the widget makes from its own code, as blobs.
        workerSrc: ["'self'", 'blob:'],
        frameSrc: oidcIssuer ? [new URL(oidcIssuer).origin] : ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])],
        frameAncestors: ["'none'"],
      },
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const policy = request.path.startsWith('/docs') ? docs : isServerPath(request.path) ? api : ui;
    policy(request, response, next);
  };
};

/** Paths the server answers itself; every other GET is the web UI's. */
const serverPaths = ['/api/', '/docs', '/health', '/metrics'];
const isServerPath = (path: string): boolean =>
  path === '/api' || serverPaths.some((prefix) => path.startsWith(prefix));

/** Where `npm run build` puts the web UI (apps/web, built by Vite). */
export const webUiDir = fileURLToPath(new URL('../../../web/', import.meta.url));

/**
 * The web UI at `/`, same origin as the API: its hashed assets cached for a
 * year, and every other GET that is not the server's own (a deep link such
 * as /complaints/<id>) answered with index.html, never cached, so the browser
 * router takes over. Without a built UI (tests that build none), nothing.
 */
const webUi = (): ((request: Request, response: Response, next: NextFunction) => void)[] => {
  const index = join(webUiDir, 'index.html');
  if (!existsSync(index)) return [];
  const assets = express.static(webUiDir, {
    index: false,
    setHeaders: (response, path) =>
      response.setHeader(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  // A hashed asset in the encoding the browser takes best (made at build time), else as it is.
  const encoded = (request: Request, response: Response, next: NextFunction) => {
    if (!request.path.startsWith('/assets/') || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    const encoding = request.acceptsEncodings('br', 'gzip');
    const file = `${request.path.slice(1)}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!encoding || encoding === 'identity' || request.path.includes('..') || !existsSync(join(webUiDir, file)))
      return next();
    response.vary('Accept-Encoding');
    response.setHeader('Content-Encoding', encoding);
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.type(extname(request.path));
    response.sendFile(file, { root: webUiDir });
  };
  const fallback = (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isServerPath(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  };
  return [encoded, assets, fallback];
};

const requestIdPattern = /^[\w.:-]{1,100}$/;

/**
 * Every request gets an id (the caller's X-Request-Id when it is sane, else a
 * new one), answered in X-Request-Id and carried by its log line; its latency
 * goes into the route's histogram, labelled by route pattern, not URL. One
 * pino call per request, no child logger: pino-http's cost a third of the
 * API's throughput (BENCHMARKS.md, HTTP overhead).
 */
const requestTracking = (log: AppConfig['log']) => {
  const logger = log.format === 'json' ? createLogger(log.level) : undefined;
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    (request as Request & { id: string }).id = id;
    response.setHeader('X-Request-Id', id);
    response.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const { statusCode } = response;
      const route = (request as Request & { route?: { path?: string } }).route?.path;
      httpRequestDuration.observe(
        {
          method: request.method,
          route: route ? `${request.baseUrl}${route}` : 'unmatched',
          status: String(statusCode),
        },
        seconds,
      );
      if (!logger || request.originalUrl === '/health' || request.originalUrl === '/metrics') return;
      const line = {
        // A file link's token opens the file for an hour, a feedback link's answers for the customer, an upload
        // right adds files to a case: they stay out of the logs.
        req: {
          id,
          method: request.method,
          url: request.originalUrl.replace(
            /^(\/(?:api\/v1\/(?:files|public\/feedback|public\/uploads)|feedback)\/)[^/?]+/,
            '$1…',
          ),
        },
        res: { statusCode },
        responseTime: Math.round(seconds * 1000),
      };
      if (statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
};

/**
 * The HTTP app of `modules` on `config`, as every way of running it (the API
 * alone, `npm start`, the HTTP benchmark) serves it. JSON is the only body the
 * API takes, so Nest's default parsers (JSON and forms) are off and
 * `configureHttpApp` registers the one JSON parser, with the body limit.
 */
export const createHttpApp = async (config: AppConfig, modules: Type[]): Promise<INestApplication> => {
  const app = await NestFactory.create(
    { module: class QloopApp {}, imports: [PlatformModule.forRoot(config), ...modules] },
    { logger: nestLogger(config.log), bodyParser: false },
  );
  return configureHttpApp(app);
};

/** Where files are uploaded: an entity's evidence, and the files of a complaint just filed on the public form. */
const uploadPath = new RegExp(`^/${apiPrefix}/((complaints|suppliers)/[^/]+/evidence|public/uploads/[^/]+)/?$`);
const isUploadPath = (path: string): boolean => uploadPath.test(path);

/**
 * A body in another format than JSON (a form, text) is one the JSON parser
 * leaves alone: say so with 415, rather than validate it as an empty object
 * and list every field as missing.
 */
const jsonBodiesOnly = (request: Request, _response: Response, next: NextFunction) => {
  const hasBody =
    Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || request.method === 'GET' || request.method === 'HEAD' || request.is('application/json'))
    return next();
  // Files are uploaded as multipart/form-data to an evidence route, which reads the stream itself.
  if (request.method === 'POST' && isUploadPath(request.path) && request.is('multipart/form-data')) return next();
  next(problemSaying('unsupported-media-type', 'body-not-json-type'));
};

const configureHttpApp = (nest: INestApplication): INestApplication => {
  const app = nest as NestExpressApplication;
  const { http, log, auth } = app.get<AppConfig>(APP_CONFIG);
  app.disable('x-powered-by');
  // Behind a proxy, the client's address (rate limits, logs) is the one the trusted hops say: never any hop's word.
  if (http.trustProxy !== undefined) app.set('trust proxy', http.trustProxy);
  app.use(requestTracking(log));
  app.use(securityHeaders(auth.oidc?.issuer));
  app.use('/api', contentLanguage);
  for (const handler of webUi()) app.use(handler);
  // Bodies over the limit are refused with 413 before they are parsed.
  // Bodies nested too deep are refused before they are parsed (Nest's own parser reserves `verify`).
  app.use(express.json({ limit: http.bodyLimitBytes, verify: refuseDeepJson }));
  app.use(jsonBodiesOnly);
  app.use(inputGuard);
  // CORS is off unless origins are named: a browser on another site cannot call the API.
  if (http.corsOrigins.length > 0) app.enableCors({ origin: [...http.corsOrigins], exposedHeaders: ['Retry-After'] });
  app.setGlobalPrefix(apiPrefix, { exclude: ['health', 'health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalInterceptors(new OpenPersonalData(app.get<PersonalData>(PERSONAL_DATA)));
  app.useGlobalFilters(new ProblemDetailsFilter(app.get<AppConfig>(APP_CONFIG).slaPolicy.calendar?.timeZone));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('qloop')
      .setDescription(
        'Complaint handling and supplier re-evaluation: every step a durable workflow update, every decision an event.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A JWT whose sub is the actor and whose roles claim lists owner, supervisor, quality-engineer, auditor or admin',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
};
