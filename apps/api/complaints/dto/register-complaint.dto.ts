import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Instant } from '../../dto/instant.js';
import {
  channels,
  complaintCategories,
  customerKinds,
  severities,
  type Channel,
  type CustomerKind,
  type ComplaintCategory,
  type Severity,
} from '../../../../libs/domain/index.js';

/**
 * The complaint's customer: a registered one by `id`, or by `name` (the
 * active customer of that name, else one registered with the complaint).
 */
export class CustomerDto {
  @ApiPropertyOptional({
    example: 'Hangzhou Valve Co.',
    maxLength: 200,
    description: 'Required without an id: finds the customer of that name, or registers one',
  })
  @ValidateIf((customer: CustomerDto) => customer.id === undefined || customer.name !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank', context: { rule: 'isNotEmpty' } })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'CUST-0042',
    maxLength: 100,
    description:
      'A registered customer (GET /customers); with a name, one registered under this id if there is none. Text that is no customer id (letters, digits, ".", "_", "-") names, with the name, a customer kept with it as its outside reference',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  id?: string;

  @ApiPropertyOptional({
    example: 'purchasing@hzvalve.example',
    maxLength: 200,
    description:
      'How to reach them about this complaint; a customer registered with the complaint keeps it as its contact',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiPropertyOptional({
    enum: customerKinds,
    default: 'company',
    description:
      "For a customer registered with the complaint: a person's name is personal data, sealed and erasable (a company's stays readable)",
  })
  @IsOptional()
  @IsIn(customerKinds)
  kind?: CustomerKind;
}

export class RegisterComplaintDto {
  static readonly example = {
    customer: { name: 'Hangzhou Valve Co.', id: 'CUST-0042', contact: 'purchasing@hzvalve.example' },
    channel: 'phone',
    category: 'product-quality',
    severity: 'normal',
    title: 'Valve bodies leak at 6 bar',
    description: 'Three of forty DN50 valves from order PO-7781 leak at the flange during the customer incoming test.',
    productRef: 'DN50-BV-316',
    orderRef: 'PO-7781',
  };

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ enum: channels, example: 'phone' })
  @IsIn(channels)
  channel!: Channel;

  @ApiProperty({ enum: complaintCategories, example: 'product-quality' })
  @IsIn(complaintCategories)
  category!: ComplaintCategory;

  @ApiProperty({ enum: severities, example: 'normal' })
  @IsIn(severities)
  severity!: Severity;

  @ApiProperty({ example: 'Valve bodies leak at 6 bar', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'Three of forty DN50 valves leak at the flange.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @ApiPropertyOptional({ example: 'DN50-BV-316', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  productRef?: string;

  @ApiPropertyOptional({ example: 'PO-7781', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  orderRef?: string;

  @ApiPropertyOptional({
    description: 'The supplier the complaint concerns, if known at registration',
    example: 'sup-casting-01',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  supplierId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-05T10:05:00+08:00',
    description: `When the customer complained, if before now: every SLA clock of the case counts from it. Not after now (a minute of clock skew aside), nor further back than RECEIVED_AT_MAX_AGE (default P30D). Absent: now`,
  })
  @IsOptional()
  @Instant()
  receivedAt?: string;
}
