import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuditorsReadOnly } from './access.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { validationPipe } from './problems/validation.js';

export const apiPrefix = 'api/v1';

/** Everything an HTTP app needs besides its modules; the same for every way of running it. */
export const configureHttpApp = (app: INestApplication): INestApplication => {
  app.setGlobalPrefix(apiPrefix, { exclude: ['health', 'health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalGuards(new AuditorsReadOnly(app.get(Reflector)));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('qloop')
      .setDescription('Complaint handling and supplier re-evaluation: every step a durable workflow update, every decision an event.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
};
