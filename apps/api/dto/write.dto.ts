import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** What every write body may carry besides its own fields. */
export abstract class WriteDto {
  @ApiPropertyOptional({
    description:
      'The revision you last saw; the write is refused with 409 if the case or supplier has moved on since. The If-Match header does the same.',
    example: 0,
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}
