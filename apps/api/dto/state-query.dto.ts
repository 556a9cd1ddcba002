import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Min } from 'class-validator';

/** `GET .../state`: the record at an instant or after a revision (one of the two). */
export class StateQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The state as the record stood at this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ description: 'The state after this revision', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  revision?: number;
}
