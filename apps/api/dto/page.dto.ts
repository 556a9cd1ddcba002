import { ApiProperty } from '@nestjs/swagger';

/** The paging of a list's answer (`Listing` in libs/contracts/read-views.ts); each list adds its `items`. */
export class PageDto {
  @ApiProperty({ description: 'How many match the filter, over all pages', example: 120 }) total!: number;
  @ApiProperty({ description: 'The page size asked for', example: 50 }) limit!: number;
  @ApiProperty({ description: 'How many matches come before this page', example: 0 }) offset!: number;
}
