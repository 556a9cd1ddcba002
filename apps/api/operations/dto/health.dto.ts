import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `GET /health`: the process answers. */
export class LivenessDto {
  @ApiProperty({ enum: ['up'] }) status!: 'up';
}

/** A dependency's state in the readiness report, with what was measured (latency, lag, the error). */
const indicators = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'degraded', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
};

/** `GET /health/ready`: Terminus' report. */
export class ReadinessDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error', 'shutting_down'],
    description:
      'ok while every dependency is up; degraded while some is impaired but serving (200 both); error (a dependency down) or shutting_down with a 503',
  })
  status!: string;
  @ApiPropertyOptional({
    ...indicators,
    description: 'The dependencies that are up (or degraded), by name: store, temporal, projections, mail',
    example: { store: { status: 'up', latencyMs: 1 } },
  })
  info?: Record<string, { status: string }>;
  @ApiPropertyOptional({ ...indicators, description: 'The dependencies that are down, by name' })
  error?: Record<string, { status: string }>;
  @ApiProperty({
    ...indicators,
    description:
      "Every dependency by name; projections carries the projection status (checkpoint, head, lag, quarantined); mail the SMTP server's and the mailbox's state (outbox or off when not configured)",
    example: {
      store: { status: 'up', latencyMs: 1 },
      temporal: { status: 'up', latencyMs: 3 },
      projections: { status: 'up', checkpoint: 1200, head: 1200, lag: 0, quarantined: [] },
    },
  })
  details!: Record<string, { status: string }>;
}
