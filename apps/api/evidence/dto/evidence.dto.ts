import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Text } from '../../dto/text.js';
import { WriteDto } from '../../dto/write.dto.js';

export class RetractionDto {
  @ApiProperty({ example: 'Photo of the wrong valve body' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'li.wei' }) by!: string;
}

/** A file on a case or supplier: what its event recorded, and links a browser opens without the token. */
export class EvidenceItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '阀体泄漏.jpg', description: 'Display text only: never a path' }) fileName!: string;
  @ApiProperty({ example: 'image/jpeg', description: "As the file's own bytes say, never as its name claims" })
  mediaType!: string;
  @ApiProperty({ example: 482133 }) size!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the bytes: the file's name in the blob store" })
  sha256!: string;
  @ApiPropertyOptional({ example: 'Leak at the flange, as received' }) caption?: string;
  @ApiPropertyOptional({ description: "Suppliers: the corrective action the file answers (the supplier's 8D)" })
  correctiveActionId?: string;
  @ApiPropertyOptional({ description: 'Suppliers: the evaluation the file belongs to' }) evaluationId?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'li.wei' }) by!: string;
  @ApiPropertyOptional({ type: RetractionDto, description: 'Retracted: withdrawn with a reason, kept for the auditor' })
  retracted?: RetractionDto;
  @ApiPropertyOptional({
    type: RetractionDto,
    description:
      'Purged: its bytes deleted (personal data of someone erased); listed, not served (410), audited as purged',
  })
  purged?: RetractionDto;
  @ApiProperty({ description: 'Shown in the page (images, PDF); every other type is downloaded' }) inline!: boolean;
  @ApiProperty({ description: 'A signed link to the bytes, good for about an hour, that needs no token' })
  url!: string;
  @ApiPropertyOptional({ description: 'Images: a signed link to a small WebP thumbnail' }) thumbnailUrl?: string;
}

export class EvidenceListDto {
  @ApiProperty({ description: 'The case or supplier' }) id!: string;
  @ApiProperty({ description: 'The revision the list is read at' }) revision!: number;
  @ApiProperty({ type: [EvidenceItemDto], description: 'Every file attached, in order; retracted ones marked' })
  files!: EvidenceItemDto[];
}

export class AttachedEvidenceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The revision after the last file was recorded' }) revision!: number;
  @ApiProperty({ type: [EvidenceItemDto], description: 'The files this upload recorded, one event each' })
  attached!: EvidenceItemDto[];
}

/** The multipart body of an upload, as the OpenAPI document describes it. */
export class EvidenceUploadDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more files' })
  file!: unknown[];
  @ApiPropertyOptional({ maxLength: 2000, description: 'Says what the files show' }) caption?: string;
  @ApiPropertyOptional({ description: 'Suppliers only: the corrective action the files answer' })
  correctiveActionId?: string;
  @ApiPropertyOptional({ description: 'Suppliers only: the evaluation the files belong to' }) evaluationId?: string;
}

export class RetractEvidenceDto extends WriteDto {
  static readonly example = { reason: 'Photo of another case: uploaded here by mistake.' };

  @ApiProperty({ example: 'Photo of another case: uploaded here by mistake.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

export class PurgeEvidenceDto extends WriteDto {
  static readonly example = { reason: 'The customer asked to have their personal data erased (PIPL art. 47).' };

  @ApiProperty({
    example: PurgeEvidenceDto.example.reason,
    maxLength: 2000,
    description: 'Why: recorded with the purge, for the auditors. No personal data here.',
  })
  @Text(2000)
  reason!: string;
}
