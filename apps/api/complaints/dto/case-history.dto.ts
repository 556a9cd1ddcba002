import { ApiProperty } from '@nestjs/swagger';
import { TimelineEntryDto } from '../../dto/timeline.dto.js';

/** `GET /complaints/:id/history`: the case's events in order. */
export class CaseHistoryDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ type: [TimelineEntryDto], description: 'Oldest first' }) events!: TimelineEntryDto[];
}
