import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { customerActions, customerKinds } from '../../../../libs/domain/index.js';
import { PageDto } from '../../dto/page.dto.js';
import { TimelineEntryDto } from '../../dto/timeline.dto.js';
import { ContactDto } from './customer-bodies.dto.js';

export class ErasureDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'admin.chen' }) by!: string;
  @ApiProperty({ example: 'The customer asked to have their personal data erased (PIPL art. 47).' }) reason!: string;
}

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
  @ApiPropertyOptional({
    type: ErasureDto,
    description: 'Its personal data erased: who, when, why. Its contacts (and a person\'s name) read "[erased]"',
  })
  erased?: ErasureDto;
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

/** One customer in an export: the customer, and its events. */
export class ExportedCustomerDto {
  @ApiProperty({ type: CustomerViewDto }) customer!: CustomerViewDto;
  @ApiProperty({ type: [TimelineEntryDto] }) events!: TimelineEntryDto[];
}

/** One complaint in an export: its events, as its history answers them. */
export class ExportedComplaintDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [TimelineEntryDto] }) events!: TimelineEntryDto[];
}

/** `GET /customers/:id/export`: everything held about a customer, readable. */
export class CustomerExportDto {
  @ApiProperty({ example: 'CUST-0042' }) customerId!: string;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: [ExportedCustomerDto], description: 'The customer, then the duplicates merged into it' })
  customers!: ExportedCustomerDto[];
  @ApiProperty({ type: [ExportedComplaintDto] }) complaints!: ExportedComplaintDto[];
  @ApiProperty({
    type: [String],
    example: ['customers.0.customer.contacts.0.email'],
    description: 'Where a value was erased: its key destroyed, it reads "[erased]"',
  })
  erasedFields!: string[];
}
