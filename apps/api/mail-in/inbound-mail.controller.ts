import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { globalActionRoles } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { quarantineReasons } from '../../../libs/platform/inbound-mail.js';
import { quarantinedMail } from '../../../libs/platform/mail-quarantine.js';
import { EVENT_STORE } from '../../../libs/platform/nest/tokens.js';
import { Allow } from '../http/access.js';
import { Secured } from '../http/routes.js';
import { MailInService } from './mail-in.service.js';

export class MailboxStatusDto {
  @ApiProperty({ description: 'Whether IMAP_URL is set: without it, no mailbox is read' }) configured!: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'When this instance last read the mailbox' })
  lastPollAt?: string;
  @ApiPropertyOptional({ description: 'Why the last reading failed (server down, login refused), if it did' })
  lastError?: string;
  @ApiProperty({ description: 'Messages taken since this instance started' }) taken!: number;
  @ApiProperty({ description: 'Messages quarantined since this instance started' }) quarantined!: number;
}

export class QuarantinedMailDto {
  @ApiProperty({ enum: quarantineReasons }) reason!: string;
  @ApiPropertyOptional({ example: 'CAFx1@mail.example.com' }) messageId?: string;
  @ApiProperty({ description: 'In bytes' }) size!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the mailbox received it' }) receivedAt?: string;
  @ApiPropertyOptional({ description: 'Why the product refused it, as a code', example: 'received-too-long-ago' })
  detail?: string;
  @ApiProperty({ format: 'date-time', description: 'When it was quarantined' }) at!: string;
}

export class InboundMailDto {
  @ApiProperty({ type: MailboxStatusDto }) mailbox!: MailboxStatusDto;
  @ApiProperty({
    type: [QuarantinedMailDto],
    description: "Newest first; each is in the mailbox's Quarantine folder, where its sender and text are read",
  })
  quarantined!: QuarantinedMailDto[];
}

/** The mailbox complaints arrive in, for administrators: how its reading goes, and what it could not take. */
@ApiTags('operations')
@Secured()
@Allow(...globalActionRoles.administer)
@Controller('admin/mail/inbound')
export class InboundMailController {
  constructor(
    private readonly mailIn: MailInService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The mailbox read for complaints: its state, and the messages quarantined (admin)' })
  @ApiOkResponse({ type: InboundMailDto })
  async inbound() {
    return { mailbox: this.mailIn.mailboxStatus(), quarantined: await quarantinedMail(this.store) };
  }
}
