import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { globalActionRoles } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, EVENT_STORE } from '../../../libs/platform/nest/tokens.js';
import { deadLetters, delivered, postWebhook, recordResent } from '../../../libs/platform/webhooks.js';
import { Allow } from '../http/access.js';
import { CallerContext, type Caller } from '../http/request-context.js';
import { problems, Secured } from '../http/routes.js';
import { notFound, problemSaying } from '../problems/problem.js';

export class DeadLetterDto {
  @ApiProperty({ example: 'msg_3q2-Jx0aWq1kS0m9r6b5g1fVb3oW7tQe', description: 'Its webhook-id: the same on a resend' })
  messageId!: string;
  @ApiProperty({ example: 'https://chat.example/hooks/qloop' }) url!: string;
  @ApiProperty({ description: 'The notification, as it was to be POSTed' }) payload!: object;
  @ApiPropertyOptional({ example: 410, description: 'What the receiver answered the last attempt' }) status?: number;
  @ApiPropertyOptional({ example: 'connect ECONNREFUSED', description: 'Why no answer came' }) error?: string;
  @ApiProperty({ example: 10 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeadLetterListDto {
  @ApiProperty({ type: [DeadLetterDto], description: 'Newest first' }) items!: DeadLetterDto[];
}

/**
 * Webhooks no retry delivered: listed for administrators, each resent with
 * its own id (a receiver that keeps ids takes it once); a resend that lands
 * is recorded, and the message leaves the list.
 */
@ApiTags('operations')
@Secured()
@Allow(...globalActionRoles.administer)
@Controller('admin/webhooks/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Webhook messages no retry delivered, newest first (admin)' })
  @ApiOkResponse({ type: DeadLetterListDto })
  async list() {
    return { items: await deadLetters(this.store) };
  }

  @Post(':messageId/resend')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sends a parked message again, signed, with its own webhook-id, to the webhook configured now (else where it was to go); 503 if it still fails, and it stays listed',
  })
  @ApiOkResponse({ type: DeadLetterListDto })
  @problems(404, 503)
  async resend(@Param('messageId') messageId: string, @CallerContext() caller: Caller) {
    const letter = (await deadLetters(this.store)).find((candidate) => candidate.messageId === messageId);
    if (!letter) throw notFound('dead-letter-not-found', { id: messageId });
    const answer = await postWebhook(this.config.notifyWebhookUrl ?? letter.url, this.config.notifyWebhookSecrets, {
      id: letter.messageId,
      payload: letter.payload,
    });
    if (!delivered(answer))
      throw problemSaying('unavailable', 'webhook-still-failing', {
        answer: answer.status !== undefined ? String(answer.status) : (answer.error ?? ''),
      });
    await recordResent(this.store, {
      messageId,
      status: answer.status!,
      at: new Date().toISOString(),
      by: caller.actor,
    });
    return this.list();
  }
}
