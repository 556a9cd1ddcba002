import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { complaintActionRoles } from '../../../libs/domain/index.js';
import { CaseRefPipe } from '../complaints/case-ref.js';
import { Allow } from '../http/access.js';
import { CallerContext, entityRequest, type Caller } from '../http/request-context.js';
import { Secured, Write } from '../http/routes.js';
import { EvidenceListDto, PurgeEvidenceDto } from './dto/evidence.dto.js';
import { COMPLAINT_EVIDENCE } from './evidence.controller.js';
import type { EntityEvidence } from './evidence.service.js';

/**
 * Deleting a case's file for good: an administrator's act, for a file that
 * holds someone's personal data (a customer's erasure offers it for their
 * cases' files). Open or closed, the case records it.
 */
@ApiTags('complaints')
@Secured()
@Controller('complaints')
export class ComplaintEvidencePurgeController {
  constructor(@Inject(COMPLAINT_EVIDENCE) private readonly evidence: EntityEvidence<any>) {}

  @Allow(...complaintActionRoles['purge-evidence'])
  @Post(':id/evidence/:evidenceId/purge')
  @HttpCode(200)
  @Write(
    PurgeEvidenceDto,
    'Purge a file (admin): its bytes are deleted unless another file names them; the case records EvidencePurged and its audit lists the file as purged. A purged file answers 410',
  )
  @ApiOkResponse({ type: EvidenceListDto })
  purge(
    @Param('id', CaseRefPipe) id: string,
    @Param('evidenceId') evidenceId: string,
    @Body() dto: PurgeEvidenceDto,
    @CallerContext() caller: Caller,
  ) {
    const request = entityRequest(
      { type: 'PurgeEvidence', data: { evidenceId, reason: dto.reason } },
      caller,
      dto.expectedRevision,
    );
    return this.evidence.purge(id, evidenceId, request, caller.idempotencyKey);
  }
}
