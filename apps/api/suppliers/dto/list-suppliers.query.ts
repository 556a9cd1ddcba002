import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../dto/list-query.dto.js';

export class ListSuppliersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'disqualified'] })
  @IsOptional()
  @IsIn(['active', 'disqualified'])
  status?: string;

  @ApiPropertyOptional({ example: 'B' })
  @IsOptional()
  @Matches(/^[\p{L}\p{N}+-]{1,10}$/u, {
    message: 'grade must be a grade name, e.g. B',
    context: { rule: 'grade-name' },
  })
  grade?: string;

  @ApiPropertyOptional({ description: 'Part of the name or id', maxLength: 200 })
  @IsOptional()
  @MaxLength(200)
  q?: string;
}
