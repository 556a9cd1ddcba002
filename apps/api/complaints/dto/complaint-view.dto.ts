import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { complaintSteps, severities } from '../../../../libs/domain/index.js';

/** The documented core of a case as the API returns it; analysis, resolution and later sections appear as they are completed. */
export class ComplaintViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['open', 'archived'] }) status!: string;
  @ApiPropertyOptional({ enum: complaintSteps, description: 'The step the case waits to complete (open cases)' }) step?: string;
  @ApiProperty({ enum: severities }) severity!: string;
  @ApiPropertyOptional() owner?: string;
  @ApiProperty({ description: 'Revision of the last event; send it back as expectedRevision or If-Match', example: 3 }) revision!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty() failedVerifications!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
