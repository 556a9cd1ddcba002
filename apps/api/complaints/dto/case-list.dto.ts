import { ApiProperty, OmitType } from '@nestjs/swagger';
import { complaintSteps, severities } from '../../../../libs/domain/index.js';
import { PageDto } from '../../dto/page.dto.js';

export class CaseListCustomerDto {
  @ApiProperty({ example: 'Shenzhen Bright Electronics' }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: "The customer's id, when the case names a known one" })
  id!: string | null;
}

export class CaseListSlaDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The earliest due time among the running clocks',
  })
  dueAt!: string | null;
  @ApiProperty({ description: 'True while the case waits on the customer' }) paused!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'awaiting-returned-part',
    description:
      'Why it waits on the customer: a pause reason code of its policy (null if it does not wait, or its wait has no code)',
  })
  waitReason!: string | null;
  @ApiProperty({ description: 'A running clock is past its due time now' }) overdue!: boolean;
  @ApiProperty({ description: 'Some clock is or was past its target' }) breached!: boolean;
  @ApiProperty({ example: 0 }) escalationLevel!: number;
}

/** A case in a list (`CaseListItem` in libs/contracts/read-views.ts): what an inbox shows, without the case file. */
export class CaseListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 3 }) revision!: number;
  @ApiProperty({ enum: ['open', 'archived', 'withdrawn'] }) status!: string;
  @ApiProperty({
    // null in the enum too: a nullable enum admits null only when its values do (OpenAPI 3.0.3).
    enum: [...complaintSteps, null],
    nullable: true,
    description: 'The step an open case waits on; null once closed',
  })
  step!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'li.wei' }) owner!: string | null;
  @ApiProperty({ enum: severities }) severity!: string;
  @ApiProperty({ example: 'quality' }) category!: string;
  @ApiProperty({ example: 'Cracked housing on batch 2026-03' }) title!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'CMP-2026-000123',
    description: 'The case number; null for cases registered before numbers',
  })
  number!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The supplier the analysis named responsible' })
  supplierId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The cause category the analysis found' })
  causeCategory!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ example: 0 }) reopenCount!: number;
  @ApiProperty({ type: CaseListCustomerDto }) customer!: CaseListCustomerDto;
  @ApiProperty({ type: CaseListSlaDto }) sla!: CaseListSlaDto;
}

/** `GET /complaints`: a page of cases (`CaseListing` in libs/contracts/read-views.ts). */
export class CaseListDto extends OmitType(PageDto, ['offset'] as const) {
  @ApiProperty({ type: [CaseListItemDto] }) items!: CaseListItemDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0,
    description: 'How many matches come before this page; null for a page after a cursor',
  })
  offset!: number | null;
  @ApiProperty({
    description: 'The total is every match (true), or the bound of a bounded count, more matching (false: "10,000+")',
  })
  totalExact!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
