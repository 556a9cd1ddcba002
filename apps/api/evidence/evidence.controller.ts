import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Role } from '../../../libs/domain/index.js';
import { Allow, Public } from '../http/access.js';
import { CallerContext, entityRequest, type Caller } from '../http/request-context.js';
import { problems, Secured, Write } from '../http/routes.js';
import { problemSaying } from '../problems/problem.js';
import { StateQueryDto } from '../dto/state-query.dto.js';
import { AttachedEvidenceDto, EvidenceListDto, EvidenceUploadDto, RetractEvidenceDto } from './dto/evidence.dto.js';
import type { EntityEvidence } from './evidence.service.js';
import { fileHeaders, notModified, rangeOf, sendBytes } from './send-file.js';
import type { FileLinks } from './file-links.js';

/** A binary answer, documented as such. */
const bytes = (description: string, mediaType = 'application/octet-stream') => ({
  description,
  content: { [mediaType]: { schema: { type: 'string' as const, format: 'binary' } } },
});

export const COMPLAINT_EVIDENCE = Symbol('COMPLAINT_EVIDENCE');
export const SUPPLIER_EVIDENCE = Symbol('SUPPLIER_EVIDENCE');
export const FILE_LINKS = Symbol('FILE_LINKS');

type AnyEvidence = EntityEvidence<any>;

/** Streams the file (or a range of it), or answers 304 when the client holds it; a stream that breaks mid-way ends the response. */
const serveFile = async (
  evidence: AnyEvidence,
  id: string,
  evidenceId: string,
  request: Request,
  response: Response,
  cache: 'private' | 'link',
): Promise<void> => {
  const file = await evidence.keptFileOf(id, evidenceId);
  if (notModified(request, file)) {
    response.setHeader('ETag', `"${file.sha256}"`);
    response.status(304).end();
    return;
  }
  const opened = await evidence.open(
    id,
    evidenceId,
    (size) => {
      try {
        return rangeOf(request.headers.range, size);
      } catch (error) {
        response.setHeader('Content-Range', `bytes */${size}`);
        throw error;
      }
    },
    file,
  );
  // Only now, with the bytes in hand: a problem answered before carries none of the file's headers.
  fileHeaders(response, file, cache);
  try {
    await sendBytes(response, opened);
  } catch {
    response.destroy();
  }
};

const serveThumbnail = async (
  evidence: AnyEvidence,
  id: string,
  evidenceId: string,
  response: Response,
  cache: 'private' | 'link',
): Promise<void> => {
  const { file, bytes } = await evidence.thumbnail(id, evidenceId);
  fileHeaders(response, { ...file, mediaType: 'image/webp', fileName: `${file.fileName}.webp` }, cache);
  response.setHeader('ETag', `"${file.sha256}-thumbnail"`);
  response.status(200).setHeader('Content-Length', String(bytes.byteLength));
  response.end(bytes);
};

/**
 * The evidence routes of one kind of entity (`complaints`, `suppliers`),
 * made the same way for each: upload, list, open, thumbnail, retract.
 */
export const evidenceController = (
  kind: 'complaints' | 'suppliers',
  token: symbol,
  idParam: () => ParameterDecorator,
  roles: Readonly<{ attach: readonly Role[]; retract: readonly Role[] }>,
  name: string,
): Type => {
  @ApiTags(kind)
  @Secured()
  @Controller(kind)
  class EvidenceRoutes {
    constructor(@Inject(token) private readonly evidence: AnyEvidence) {}

    @Allow(...roles.attach)
    @Post(':id/evidence')
    @HttpCode(201)
    @ApiOperation({
      summary:
        'Attach files (multipart/form-data, one or more parts named "file", an optional caption): each is one EvidenceAttached event; its bytes go to the blob store, never into an event',
    })
    @ApiConsumes('multipart/form-data')
    @ApiBody({ type: EvidenceUploadDto })
    @ApiCreatedResponse({ type: AttachedEvidenceDto })
    @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried upload records nothing twice' })
    @ApiHeader({ name: 'If-Match', required: false, description: 'The revision you last saw; 409 if it has moved on' })
    @problems(400, 404, 409, 413, 415, 422, 503)
    attach(@idParam() id: string, @Req() request: Request, @CallerContext() caller: Caller) {
      return this.evidence.attach(id, request, caller);
    }

    @Get(':id/evidence')
    @ApiOperation({
      summary: 'The files, with signed links to open them; with asOf or revision, the files as they stood then',
    })
    @ApiOkResponse({ type: EvidenceListDto })
    @problems(400, 404)
    list(@idParam() id: string, @Query() point: StateQueryDto) {
      return this.evidence.list(id, point);
    }

    @Get(':id/evidence/:evidenceId')
    @ApiOperation({
      summary:
        "A file's bytes: ETag (its SHA-256), ranges, nosniff, a sandboxing CSP; attachment except images and PDF",
    })
    @ApiOkResponse(bytes('The bytes, typed as they were recognised (206 with a range)'))
    @problems(404, 416, 500)
    async download(
      @idParam() id: string,
      @Param('evidenceId') evidenceId: string,
      @Req() request: Request,
      @Res() response: Response,
    ): Promise<void> {
      await serveFile(this.evidence, id, evidenceId, request, response, 'private');
    }

    @Get(':id/evidence/:evidenceId/thumbnail')
    @ApiOperation({ summary: "An image's thumbnail (WebP, at most 320 pixels a side), made on the server" })
    @ApiOkResponse(bytes('The thumbnail', 'image/webp'))
    @problems(404)
    async thumbnail(
      @idParam() id: string,
      @Param('evidenceId') evidenceId: string,
      @Res() response: Response,
    ): Promise<void> {
      await serveThumbnail(this.evidence, id, evidenceId, response, 'private');
    }

    @Allow(...roles.retract)
    @Post(':id/evidence/:evidenceId/retract')
    @HttpCode(200)
    @Write(
      RetractEvidenceDto,
      'Retract a file uploaded by mistake, with a reason: it stays on the record for the auditor',
    )
    @ApiOkResponse({ type: EvidenceListDto })
    async retract(
      @idParam() id: string,
      @Param('evidenceId') evidenceId: string,
      @Body() dto: RetractEvidenceDto,
      @CallerContext() caller: Caller,
    ) {
      const request = entityRequest(
        { type: 'RetractEvidence', data: { evidenceId, reason: dto.reason } },
        caller,
        dto.expectedRevision,
      );
      return this.evidence.retract(id, request, caller.idempotencyKey);
    }
  }
  Object.defineProperty(EvidenceRoutes, 'name', { value: name });
  return EvidenceRoutes;
};

/** Files opened by signed link (an <img>, a PDF in a new tab): the link is the permission, for an hour. */
@ApiTags('evidence')
@Public()
@Controller('files')
export class FileLinksController {
  constructor(
    @Inject(FILE_LINKS) private readonly links: FileLinks,
    @Inject(COMPLAINT_EVIDENCE) private readonly complaints: AnyEvidence,
    @Inject(SUPPLIER_EVIDENCE) private readonly suppliers: AnyEvidence,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: 'A file, or its thumbnail, by the signed link a file list gave' })
  @ApiOkResponse(bytes('The bytes of the file, or of its thumbnail'))
  @problems(404, 416)
  async open(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const target = this.links.verify(token);
    if (!target) throw problemSaying('not-found', 'evidence-link-invalid');
    const evidence = target.kind === 'complaints' ? this.complaints : this.suppliers;
    if (target.variant === 'thumbnail') return serveThumbnail(evidence, target.id, target.evidenceId, response, 'link');
    return serveFile(evidence, target.id, target.evidenceId, request, response, 'link');
  }
}
