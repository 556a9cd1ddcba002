import { Body, Controller, Get, HttpCode, Param, Post, Req, SetMetadata } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../http/access.js';
import { plain, problems } from '../http/routes.js';
import { ChallengeDto, PublicComplaintDto, PublicComplaintReceiptDto } from './dto/public-complaint.dto.js';
import { PublicReportsService } from './public-reports.service.js';

/** The public form's routes: held to PUBLIC_FORM_RATE_LIMIT_PER_HOUR per address (the `public-form` throttler). */
export const publicFormLimited = 'qloop:public-form-limited';
const PublicFormLimited = () => SetMetadata(publicFormLimited, true);

export class PublicUploadDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more files' })
  file!: unknown[];
}

class PublicUploadedFileDto {
  @ApiProperty({ example: 'flange.jpg' }) fileName!: string;
  @ApiProperty({ example: 183204 }) size!: number;
  @ApiProperty({ example: 'image/jpeg', description: 'As its bytes say, not as its name does' }) mediaType!: string;
}

export class PublicUploadedDto {
  @ApiProperty({ type: [PublicUploadedFileDto], description: 'The files kept with the complaint, in order' })
  files!: PublicUploadedFileDto[];
}

/** Where anyone complains without an account: a challenge to solve, then the complaint, then its files. */
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

  // Not held to the form's hourly limit: the token is good for one case, for an hour, and a case takes so many files.
  @Post('uploads/:token')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "The files of a complaint just filed (multipart/form-data, parts named 'file'): the receipt's upload token is the permission, for an hour",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PublicUploadDto })
  @ApiCreatedResponse({ type: PublicUploadedDto })
  @problems(400, 403, 409, 413, 415, 422, 503)
  upload(@Param('token') token: string, @Req() request: Request) {
    return this.reports.attach(token, request);
  }
}
