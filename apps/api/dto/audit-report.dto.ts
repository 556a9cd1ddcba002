import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The hash chain's verdict: intact, or the first revision that breaks it and why. */
export class ChainVerdictDto {
  @ApiProperty() intact!: boolean;
  @ApiProperty({ description: 'How many events the chain holds', example: 7 }) events!: number;
  @ApiPropertyOptional({ description: 'When broken: the first revision that does not hold', example: 3 })
  firstBadRevision?: number;
  @ApiPropertyOptional({ example: 'content does not match its hash', description: 'When broken: why' })
  reason?: string;
}

/** An event the cross-check with the Temporal histories could not vouch for. */
export class DiscrepancyDto {
  @ApiPropertyOptional({ example: 3 }) revision?: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'ComplaintEscalated' }) type!: string;
  @ApiProperty({ example: 'no append in the workflow history wrote this event' }) problem!: string;
}

export class CrossCheckDto {
  @ApiProperty({
    description:
      'Events whose cause was found in a workflow history: the append that wrote them and the update or timer behind it',
    example: 7,
  })
  traced!: number;
  @ApiProperty({
    type: [DiscrepancyDto],
    description: "Events that could not be checked: their run's history is gone (retention) or was never kept",
  })
  unverifiable!: DiscrepancyDto[];
  @ApiProperty({ type: [DiscrepancyDto] }) discrepancies!: DiscrepancyDto[];
}

/** A file an event names, re-hashed by the audit. */
export class FileVerdictDto {
  @ApiProperty({ format: 'uuid' }) evidenceId!: string;
  @ApiProperty({ description: 'The revision of the event that attached it', example: 4 }) revision!: number;
  @ApiProperty({ example: '阀体泄漏.jpg' }) fileName!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty({
    enum: ['verified', 'altered', 'missing', 'unchecked', 'purged'],
    description:
      'verified: the bytes still hash to the name the event recorded; altered: they do not; missing: gone; unchecked: the file store did not answer; purged: deleted on purpose (personal data of someone erased), as an EvidencePurged event of the stream records',
  })
  status!: string;
}

/** A stream's audit (`AuditReport` in libs/contracts/read-views.ts). */
export class AuditReportDto {
  @ApiProperty({ example: 'complaint-4f1c2d3e-…' }) streamId!: string;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ example: 7 }) events!: number;
  @ApiProperty({
    enum: ['intact', 'tampered', 'unreadable', 'unverified'],
    description:
      'intact: the chain holds and every event traces to its workflow; tampered: the chain is broken or the store and Temporal disagree; unreadable: nothing read shows tampering, but some revisions sit on a damaged page of the store; unverified: the chain holds but some events could not be cross-checked',
  })
  verdict!: string;
  @ApiProperty({ type: ChainVerdictDto }) chain!: ChainVerdictDto;
  @ApiPropertyOptional({
    type: [Number],
    description: 'The revisions the store could not read (a damaged page)',
    example: [3, 4],
  })
  unreadableRevisions?: number[];
  @ApiPropertyOptional({
    type: CrossCheckDto,
    description: 'Absent when no workflow history could be asked (Temporal unreachable from where the audit ran)',
  })
  workflow?: CrossCheckDto;
  @ApiPropertyOptional({
    description: 'Why the cross-check could not be made, when Temporal was asked and did not answer',
  })
  workflowCheckError?: string;
  @ApiPropertyOptional({
    type: [FileVerdictDto],
    description: 'Every file the stream names, re-hashed: one altered or missing makes the verdict tampered',
  })
  files?: FileVerdictDto[];
}
