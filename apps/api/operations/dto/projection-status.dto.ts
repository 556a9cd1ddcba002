import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A stream the read models stopped following at an event they could not fold. */
export class QuarantinedStreamDto {
  @ApiProperty({ example: 'complaint-4f1c2d3e-…' }) streamId!: string;
  @ApiProperty({ description: 'The position of the event that could not be folded', example: 812 }) position!: number;
  @ApiProperty({ example: 5 }) revision!: number;
  @ApiProperty({ example: 'ComplaintAnalysed' }) type!: string;
  @ApiProperty({ description: 'Why it could not be folded' }) error!: string;
  @ApiProperty({ format: 'date-time' }) quarantinedAt!: string;
}

/** How far the read models follow the store (`ProjectionStatus` in libs/contracts/read-views.ts). */
export class ProjectionStatusDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The position of the last event applied; null before the first',
    example: 1200,
  })
  checkpoint!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The position of the newest event in the store; null while it is empty',
    example: 1200,
  })
  head!: number | null;
  @ApiProperty({
    description: 'How far the read models trail the store, in positions of the global order (0: up to date)',
    example: 0,
  })
  lag!: number;
  @ApiPropertyOptional({ description: "The projector's last failure, while it fails" }) lastError?: string;
  @ApiProperty({
    type: [QuarantinedStreamDto],
    description: 'Streams held at the event before one the read models could not fold; the rest go on',
  })
  quarantined!: QuarantinedStreamDto[];
}
