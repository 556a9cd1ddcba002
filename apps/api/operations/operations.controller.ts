import { Controller, Get, HttpCode, Inject, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { countCases, type Projector, type ReadModels } from '../../../libs/projections/index.js';
import { Gauge, Registry } from 'prom-client';
import { metricsRegistry } from '../../../libs/platform/metrics.js';
import { PROJECTOR, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { Allow, Public } from '../http/access.js';
import { globalActionRoles } from '../../../libs/domain/index.js';
import { problems, Secured } from '../http/routes.js';
import { ReadinessIndicators } from './readiness.indicators.js';
import { LivenessDto, ReadinessDto } from './dto/health.dto.js';
import { ProjectionStatusDto } from './dto/projection-status.dto.js';

/** Liveness, readiness and metrics: what monitoring polls, never rate limited. */
@ApiTags('operations')
@SkipThrottle()
@Public()
@Controller()
export class OperationsController {
  constructor(
    private readonly healthCheck: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  health(): LivenessDto {
    return { status: 'up' };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the event store and Temporal answer; how far the read models trail the store' })
  @ApiOkResponse({
    type: ReadinessDto,
    description:
      'degraded when the read models trail by over 1000 events, their projector fails or holds a stream in quarantine, or the SMTP server or the mailbox does not answer',
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description:
      'The same report with status error (a dependency down, named under `error`) or shutting_down; Retry-After set',
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.healthCheck.check([
        () => this.readiness.store(),
        () => this.readiness.temporal(),
        () => this.readiness.projections(),
        () => this.readiness.mail(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503).setHeader('Retry-After', '5');
      return error.getResponse();
    }
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  async metrics(@Res({ passthrough: true }) response: Response) {
    response.type(metricsRegistry.contentType);
    const [status, counts] = await Promise.all([
      this.projector.status().catch(() => undefined),
      countCases(this.readModels).catch(() => undefined),
    ]);
    // Scrape-time gauges: read from the read models, so they trail the store by the projection lag.
    const gauges = new Registry();
    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name, help, labelNames, registers: [gauges] });
    gauge('qloop_up', '1 while the process serves').set(1);
    if (status) {
      gauge('qloop_projection_lag', 'Positions of the global order the read models trail the event store by').set(
        status.lag,
      );
      gauge('qloop_projection_checkpoint', 'Position of the last event applied to the read models').set(
        status.checkpoint ?? -1,
      );
      gauge('qloop_event_store_head', 'Position of the newest event in the store').set(status.head ?? -1);
    }
    if (counts) {
      const byStep = gauge(
        'qloop_cases',
        'Complaint cases: open ones by step and current escalation level, closed ones by status',
        ['status', 'step', 'escalation_level'],
      );
      for (const { status: caseStatus, step, escalationLevel, cases } of counts)
        byStep.set({ status: caseStatus, step: step ?? '', escalation_level: String(escalationLevel) }, cases);
    }
    return (await metricsRegistry.metrics()) + (await gauges.metrics());
  }
}

/** The read models' upkeep: where they stand, and a rebuild from the whole history. */
@ApiTags('operations')
@Secured()
@Allow(...globalActionRoles.administer)
@Controller('admin')
export class AdminController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Get('projections')
  @Allow('admin', 'auditor')
  @ApiOperation({ summary: 'Where the read models stand: checkpoint, head of the store, lag (admin, auditor)' })
  @ApiOkResponse({ type: ProjectionStatusDto })
  @problems(503)
  projections() {
    return this.projector.status();
  }

  @Post('projections/rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Empties the read models and projects the whole history again (admin); answers once they have caught up',
  })
  @ApiOkResponse({ type: ProjectionStatusDto })
  @problems(503)
  async rebuild() {
    return this.projector.rebuild();
  }
}
