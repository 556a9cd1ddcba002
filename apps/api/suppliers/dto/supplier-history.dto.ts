import { ApiProperty } from '@nestjs/swagger';
import { TimelineEntryDto } from '../../dto/timeline.dto.js';

/** `GET /suppliers/:id/history`: the supplier's events in order. */
export class SupplierHistoryDto {
  @ApiProperty({ example: 'sup-casting-01' }) supplierId!: string;
  @ApiProperty({ type: [TimelineEntryDto], description: 'Oldest first' }) events!: TimelineEntryDto[];
}
