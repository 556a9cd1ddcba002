import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG } from '../../../libs/platform/nest/tokens.js';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { complaintActionRoles } from '../../../libs/domain/index.js';
import { CaseRefPipe } from '../complaints/case-ref.js';
import { Allow, Public } from '../http/access.js';
import { CallerContext, type Caller } from '../http/request-context.js';
import { EntityRoute, plain, problems, Secured } from '../http/routes.js';
import {
  FeedbackLinkAnswerDto,
  FeedbackLinkDto,
  PublicFeedbackAnswerDto,
  PublicFeedbackDto,
  PublicFeedbackRecordedDto,
} from './dto/feedback-link.dto.js';
import { FeedbackLinksService } from './feedback-links.service.js';

/** The routes a browser with no account calls: held to FEEDBACK_RATE_LIMIT_PER_MINUTE per address (the `feedback` throttler). */
export const feedbackLimited = 'qloop:feedback-limited';
const FeedbackLimited = () => SetMetadata(feedbackLimited, true);

/** Where the public page is served from: the address the owner reached the API at, unless PUBLIC_URL says. */
const originOf = (request: Request): string => `${request.protocol}://${request.get('host')}`;

@ApiTags('complaints')
@Secured()
@Controller('complaints')
export class FeedbackLinkController {
  constructor(
    private readonly links: FeedbackLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow(...complaintActionRoles['feedback-link'])
  @EntityRoute(
    ':id/feedback-link',
    FeedbackLinkDto,
    "A link for the customer to answer for themselves, at feedback: a new one voids the last; the URL is given once (only its token's hash is kept)",
    FeedbackLinkAnswerDto,
    201,
  )
  issue(
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: FeedbackLinkDto,
    @CallerContext() caller: Caller,
    @Req() request: Request,
  ) {
    return this.links.issue(id, plain(dto), caller, this.config.customerLinks.publicUrl ?? originOf(request));
  }
}

/** The page behind a feedback link: no account, the link is the permission, the same 404 for every dead one. */
@ApiTags('public')
@Public()
@Controller('public/feedback')
export class PublicFeedbackController {
  constructor(private readonly links: FeedbackLinksService) {}

  @Get(':token')
  @FeedbackLimited()
  @ApiOperation({
    summary: "What the customer is shown: the case's number and title, and what was done, in the owner's words",
  })
  @ApiOkResponse({ type: PublicFeedbackDto })
  @problems(404, 429)
  show(@Param('token') token: string) {
    return this.links.show(token);
  }

  @Post(':token')
  @HttpCode(200)
  @FeedbackLimited()
  @ApiOperation({
    summary:
      "The customer's answer: resolved or not, a score, a comment. Not resolved sends the case back to analyse; the link is then used",
  })
  @ApiBody({ type: PublicFeedbackAnswerDto, examples: { example: { value: PublicFeedbackAnswerDto.example } } })
  @ApiOkResponse({ type: PublicFeedbackRecordedDto })
  @problems(400, 404, 429)
  answer(@Param('token') token: string, @Body() dto: PublicFeedbackAnswerDto) {
    return this.links.answer(token, plain(dto));
  }
}
