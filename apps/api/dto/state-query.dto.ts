import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/** `GET .../state`: the record at an instant or after a revision (one of the two). */
export class StateQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The state as the record stood at this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ description: 'The state after this revision', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Past this a number is no longer exact, so it could name no revision.
  @Max(Number.MAX_SAFE_INTEGER)
  revision?: number;
}
