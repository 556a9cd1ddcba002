import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** What every step body may carry besides its own fields. */
export abstract class StepDto {
  @ApiPropertyOptional({
    description: 'The revision you last saw; the step is refused with 409 if the case has moved on since. The If-Match header does the same.',
    example: 0,
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}
