import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { customerKinds } from '../../../../libs/domain/index.js';
import { PageQueryDto } from '../../dto/list-query.dto.js';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'merged'] })
  @IsOptional()
  @IsIn(['active', 'merged'])
  status?: string;

  @ApiPropertyOptional({ enum: customerKinds })
  @IsOptional()
  @IsIn(customerKinds)
  kind?: string;

  @ApiPropertyOptional({
    description: "Words to find in the name, id, outside reference or a contact's name, e-mail or phone",
    maxLength: 200,
  })
  @IsOptional()
  @MaxLength(200)
  q?: string;
}
