import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { customerActions, customerKinds } from '../../../../libs/domain/index.js';
import { PageDto } from '../../dto/page.dto.js';
import { TimelineEntryDto } from '../../dto/timeline.dto.js';
import { ContactDto } from './customer-bodies.dto.js';

/** A customer as the API returns it. */
export class CustomerViewDto {
  @ApiProperty({ example: 'CUST-0042' }) id!: string;
  @ApiProperty({ example: 3 }) revision!: number;
  @ApiProperty({ example: 'Hangzhou Valve Co.' }) name!: string;
  @ApiProperty({ enum: customerKinds }) kind!: string;
  @ApiProperty({ type: [ContactDto] }) contacts!: ContactDto[];
  @ApiPropertyOptional({ example: 'CRM-0042' }) externalRef?: string;
  @ApiProperty({ enum: ['active', 'merged'] }) status!: string;
  @ApiPropertyOptional({ description: 'A merged customer: the customer it went into, which takes its complaints' })
  mergedInto?: string;
  @ApiProperty({ type: [String], description: 'The duplicates merged into this customer' }) absorbed!: string[];
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ enum: customerActions, isArray: true, description: 'What the caller may do to it now' })
  allowedActions!: string[];
}

/** A customer in a list (`CustomerRow` in libs/contracts/read-views.ts). */
export class CustomerRowDto {
  @ApiProperty({ example: 'CUST-0042' }) id!: string;
  @ApiProperty({ example: 3 }) revision!: number;
  @ApiProperty({ example: 'Hangzhou Valve Co.' }) name!: string;
  @ApiProperty({ enum: customerKinds }) kind!: string;
  @ApiProperty({ enum: ['active', 'merged'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) mergedInto!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CRM-0042' }) externalRef!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Li Wei · li.wei@hzvalve.example',
    description: 'The first contact',
  })
  contact!: string | null;
  @ApiProperty({ example: 3, description: "Complaints it brought, its duplicates' included" }) complaints!: number;
  @ApiProperty({ example: 1 }) openComplaints!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** `GET /customers`: a page of customers. */
export class CustomerListDto extends PageDto {
  @ApiProperty({ type: [CustomerRowDto] }) items!: CustomerRowDto[];
}

/** `GET /customers/:id/history`: the customer's events in order. */
export class CustomerHistoryDto {
  @ApiProperty({ example: 'CUST-0042' }) customerId!: string;
  @ApiProperty({ type: [TimelineEntryDto], description: 'Oldest first' }) events!: TimelineEntryDto[];
}
