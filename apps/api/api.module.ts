import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../../libs/platform/config.js';
import { APP_CONFIG } from '../../libs/platform/nest/tokens.js';
import { tokenVerifier } from '../../libs/platform/auth.js';
import { AccessGuard, TOKEN_VERIFIER, type TokenVerifier } from './http/access.js';
import { ClientThrottlerGuard } from './http/client-throttler.guard.js';
import { AuthController } from './auth/auth.controller.js';
import { WhatIfController } from './audit/what-if.controller.js';
import { ComplaintsController } from './complaints/complaints.controller.js';
import { ComplaintsService } from './complaints/complaints.service.js';
import { CustomersController } from './customers/customers.controller.js';
import { DeadLettersController } from './notifications/dead-letters.controller.js';
import { MailLogController } from './notifications/mail-log.controller.js';
import { InboundMailController } from './mail-in/inbound-mail.controller.js';
import { MailInService } from './mail-in/mail-in.service.js';
import { NoticesController } from './notices/notices.controller.js';
import { PersonalTexts } from './customers/personal-texts.js';
import { CustomersService } from './customers/customers.service.js';
import { CustomerBackfill } from './customers/customer-backfill.js';
import {
  FeedbackLinkController,
  feedbackLimited,
  PublicFeedbackController,
} from './feedback/feedback-link.controller.js';
import { FEEDBACK_TOKENS, FeedbackLinksService } from './feedback/feedback-links.service.js';
import { FeedbackTokens } from './feedback/feedback-tokens.js';
import { PROOF_OF_WORK, ProofOfWork } from './public-report/proof-of-work.js';
import { PublicReportController, publicFormLimited } from './public-report/public-report.controller.js';
import { PUBLIC_UPLOADS, PublicReportsService } from './public-report/public-reports.service.js';
import { PublicUploads } from './public-report/upload-tokens.js';
import { fileLinkSecret } from '../../libs/platform/auth.js';
import { EntityServices } from './entities/entity-service.js';
import { AdminController, OperationsController } from './operations/operations.controller.js';
import { ReadinessIndicators } from './operations/readiness.indicators.js';
import { PoliciesController } from './policies/policies.controller.js';
import { PoliciesService } from './policies/policies.service.js';
import { ReportsController } from './reports/reports.controller.js';
import { SuppliersController } from './suppliers/suppliers.controller.js';
import { SuppliersService } from './suppliers/suppliers.service.js';
import { TemporalClientModule } from './temporal/temporal-client.module.js';
import { WorkflowWrites } from './temporal/workflow-writes.js';
import { evidenceControllers, evidenceProviders } from './evidence/evidence.providers.js';

@Module({
  imports: [
    TemporalClientModule,
    TerminusModule.forRoot({ logger: false }),
    // Per client (token subject, else address) across all routes, per minute; RATE_LIMIT_PER_MINUTE=0 turns it off. Health and metrics are never limited.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: ({ http, customerLinks, publicForm }: AppConfig) => [
        { ttl: 60_000, limit: Math.max(1, http.rateLimitPerMinute), skipIf: () => http.rateLimitPerMinute === 0 },
        // The public feedback page, per address: guessing tokens is slow, and one link is answered in a few calls.
        {
          name: 'feedback',
          ttl: 60_000,
          limit: customerLinks.ratePerMinute,
          skipIf: (context) => Reflect.getMetadata(feedbackLimited, context.getHandler()) !== true,
        },
        // The public complaint form, per address: a person files a complaint or two, a bot many.
        {
          name: 'public-form',
          ttl: 3_600_000,
          limit: publicForm.ratePerHour,
          skipIf: (context) => Reflect.getMetadata(publicFormLimited, context.getHandler()) !== true,
        },
      ],
    }),
  ],
  controllers: [
    AuthController,
    ComplaintsController,
    SuppliersController,
    CustomersController,
    FeedbackLinkController,
    PublicFeedbackController,
    PublicReportController,
    ReportsController,
    PoliciesController,
    WhatIfController,
    OperationsController,
    AdminController,
    DeadLettersController,
    MailLogController,
    InboundMailController,
    NoticesController,
    ...evidenceControllers,
  ],
  providers: [
    EntityServices,
    ComplaintsService,
    SuppliersService,
    CustomersService,
    PersonalTexts,
    CustomerBackfill,
    FeedbackLinksService,
    {
      provide: FEEDBACK_TOKENS,
      inject: [APP_CONFIG],
      // Keyed tokens are HMACs under the deployment's link secret (EVIDENCE_LINK_SECRET, else one kept under DATA_DIR).
      useFactory: (config: AppConfig) => new FeedbackTokens(fileLinkSecret(config.evidence.linkSecret, config.dataDir)),
    },
    {
      provide: PROOF_OF_WORK,
      inject: [APP_CONFIG],
      // Its challenges are signed under the deployment's link secret, as feedback tokens are.
      useFactory: (config: AppConfig) =>
        new ProofOfWork(fileLinkSecret(config.evidence.linkSecret, config.dataDir), config.publicForm.work),
    },
    {
      provide: PUBLIC_UPLOADS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PublicUploads(fileLinkSecret(config.evidence.linkSecret, config.dataDir)),
    },
    PublicReportsService,
    MailInService,
    PoliciesService,
    WorkflowWrites,
    ReadinessIndicators,
    ...evidenceProviders,
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: ({ auth, dataDir }: AppConfig): TokenVerifier => tokenVerifier(auth, dataDir),
    },
    // In this order: a flood is refused before its tokens are checked.
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class ApiModule {}
