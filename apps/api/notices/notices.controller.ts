import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { roles } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { noticeKinds, noticesFor, type ReadModels } from '../../../libs/projections/index.js';
import { idFromKey } from '../../../libs/support/stable-id.js';
import { Allow } from '../http/access.js';
import { CallerContext, type Caller } from '../http/request-context.js';
import { problems, Secured } from '../http/routes.js';

export class NoticeDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({
    example: 1042,
    description: "Its event's place in the store's global order: what marking read counts by",
  })
  position!: number;
  @ApiPropertyOptional({ example: 'CMP-2026-000123', nullable: true, type: String }) number!: string | null;
  @ApiProperty({ example: 'Valve bodies leak at 6 bar' }) title!: string;
  @ApiProperty({ enum: noticeKinds }) kind!: string;
  @ApiPropertyOptional({ example: 1, nullable: true, type: Number, description: 'The rung reached, for an escalation' })
  level!: number | null;
  @ApiPropertyOptional({ example: 'team-lead', nullable: true, type: String }) role!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class NoticesDto {
  @ApiProperty({ type: [NoticeDto], description: 'Newest first, the last 20' }) items!: NoticeDto[];
  @ApiProperty({ example: 2, description: 'How many came after the last one marked read' }) unread!: number;
}

export class NoticesReadDto {
  static readonly example = { upTo: 1042 };
  @ApiProperty({ example: 1042, description: 'Every notice up to this position is read: the newest one shown' })
  @IsInt()
  @Min(0)
  upTo!: number;
}

/** Where a person's "read up to" is kept: a stream of their own, so it survives a rebuild of the read models. */
const readStreamOf = (person: string): string => `notices-${idFromKey('notices', person)}`;

/**
 * The bell: what concerns the caller (a case become theirs, their case's
 * clock warned or breached, an escalation to them or to a role they hold, a
 * customer's own answer on their case), and how many are unread. Roles are
 * the token's and, for ladder rungs such as `team-lead`, the people directory's.
 */
@ApiTags('notices')
@Secured()
@Allow(...roles)
@Controller('me/notices')
export class NoticesController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async readUpTo(person: string): Promise<number | undefined> {
    const [last] = await this.store.readStream(readStreamOf(person), { direction: 'backwards', maxCount: 1 });
    const upTo = (last?.data as { upTo?: unknown } | undefined)?.upTo;
    return typeof upTo === 'number' ? upTo : undefined;
  }

  @Get()
  @ApiOperation({ summary: 'What concerns you, newest first, and how many are unread' })
  @ApiOkResponse({ type: NoticesDto })
  async list(@CallerContext() caller: Caller) {
    const directory = this.config.people.find((person) => person.id === caller.actor)?.roles ?? [];
    return noticesFor(
      this.readModels,
      { person: caller.actor, roles: [...new Set([...caller.roles, ...directory])] },
      await this.readUpTo(caller.actor),
    );
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks every notice up to an instant read; answers the list as it now stands' })
  @ApiBody({ type: NoticesReadDto, examples: { example: { value: NoticesReadDto.example } } })
  @ApiOkResponse({ type: NoticesDto })
  @problems(400)
  async read(@Body() { upTo }: NoticesReadDto, @CallerContext() caller: Caller) {
    const before = await this.readUpTo(caller.actor);
    // Read only moves forward: a stale tab marking an older notice changes nothing.
    if (before === undefined || upTo > before)
      await this.store.append(
        readStreamOf(caller.actor),
        [
          {
            id: idFromKey('notices-read', `${caller.actor}:${upTo}`),
            type: 'NoticesRead',
            data: { upTo, at: new Date().toISOString() },
          },
        ],
        { expectedRevision: 'any' },
      );
    return this.list(caller);
  }
}
