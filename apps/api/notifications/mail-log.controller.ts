import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { globalActionRoles, mailTemplates } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { mailRecords } from '../../../libs/platform/mail-log.js';
import { APP_CONFIG, EVENT_STORE, PERSONAL_DATA } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { Allow } from '../http/access.js';
import { Secured } from '../http/routes.js';

export class MailMessageDto {
  @ApiProperty({ format: 'uuid', description: "From the event that caused it and the address: a retry's is the same" })
  messageId!: string;
  @ApiProperty({ enum: ['smtp', 'outbox'], description: 'outbox: SMTP_URL was unset, so it was kept here, not sent' })
  transport!: string;
  @ApiProperty({ enum: mailTemplates }) template!: string;
  @ApiProperty({ example: 'chen.jing', description: "A member of staff's id, or customer" }) recipient!: string;
  @ApiProperty({ example: 'chen.jing@example.com', description: "[erased] once a customer's data is" })
  address!: string;
  @ApiProperty({ example: 'zh-CN' }) language!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The plain-text part, as sent (the HTML part says the same)' }) text!: string;
  @ApiProperty({ example: { complaintId: 'c0a8f1e2-…' } }) about!: object;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class MailListDto {
  @ApiProperty({ type: [MailMessageDto], description: 'Newest first' }) items!: MailMessageDto[];
  @ApiProperty({
    example: false,
    description: 'Whether SMTP_URL is set: without it, nothing leaves and this is the outbox',
  })
  smtp!: boolean;
}

/**
 * Every e-mail the product wrote, for administrators: with no SMTP server
 * (the embedded default) this is the outbox, where a newcomer sees what would
 * have been sent.
 */
@ApiTags('operations')
@Secured()
@Allow(...globalActionRoles.administer)
@Controller('admin/mail')
export class MailLogController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'E-mail sent, or kept in the outbox without SMTP_URL, newest first (admin)' })
  @ApiOkResponse({ type: MailListDto })
  async list() {
    const items = await this.personal.open(await mailRecords(this.store));
    return { items: items.map(({ recordedAt: _, ...item }) => item), smtp: this.config.mail.smtpUrl !== undefined };
  }
}
