import { ApiProperty } from '@nestjs/swagger';

/** One event of a stream as auditors read it (`TimelineEntry` in libs/contracts/read-views.ts). */
export class TimelineEntryDto {
  @ApiProperty({ description: "The event's revision in its stream, from 0", example: 0 }) seq!: number;
  @ApiProperty({ description: "The event's position in the store's global order", example: 42 }) position!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ComplaintRegistered' }) type!: string;
  @ApiProperty({ format: 'date-time', description: 'When the store recorded it' }) time!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'li.wei',
    description: "Who did it: a person's subject, or system:… for timers; null when the event names none",
  })
  actor!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The id of what caused it (an update, a timer)' })
  cause!: string | null;
  @ApiProperty({ description: "The event's data, as the domain recorded it" }) data!: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Actor, correlation and causation ids, and what else the product recorded with it',
  })
  metadata!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, description: "The previous event's hash; null for the first" })
  prevHash!: string | null;
  @ApiProperty({ description: 'H(prevHash, canonical event): a change to any event breaks every later link' })
  hash!: string;
}
