import { Body, Controller, Get, Post, SetMetadata } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/access.js';
import { plain, problems } from '../http/routes.js';
import { ChallengeDto, PublicComplaintDto, PublicComplaintReceiptDto } from './dto/public-complaint.dto.js';
import { PublicReportsService } from './public-reports.service.js';

/** The public form's routes: held to PUBLIC_FORM_RATE_LIMIT_PER_HOUR per address (the `public-form` throttler). */
export const publicFormLimited = 'qloop:public-form-limited';
const PublicFormLimited = () => SetMetadata(publicFormLimited, true);

/** Where anyone complains without an account: a challenge to solve, then the complaint. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicReportController {
  constructor(private readonly reports: PublicReportsService) {}

  @Get('challenge')
  @ApiOperation({
    summary: "A proof-of-work challenge (ALTCHA) for the public form: the browser solves it and sends it as 'altcha'",
  })
  @ApiOkResponse({ type: ChallengeDto, description: 'An ALTCHA v2 challenge, signed; it expires in 30 minutes' })
  @problems(429)
  challenge() {
    return this.reports.challenge();
  }

  @Post('complaints')
  @PublicFormLimited()
  @ApiOperation({
    summary:
      'File a complaint with no account: registered as channel web, owned by nobody, acknowledged by e-mail. Without a solved challenge: 403, and nothing is stored',
  })
  @ApiBody({ type: PublicComplaintDto, examples: { example: { value: PublicComplaintDto.example } } })
  @ApiCreatedResponse({ type: PublicComplaintReceiptDto })
  @problems(400, 403, 422, 429)
  file(@Body() dto: PublicComplaintDto) {
    return this.reports.file(plain(dto));
  }
}
