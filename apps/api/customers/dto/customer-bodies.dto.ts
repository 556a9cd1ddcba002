import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import {
  customerKinds,
  customerLanguages,
  type CustomerKind,
  type CustomerLanguage,
} from '../../../../libs/domain/index.js';
import { customerIdPattern } from '../../../../libs/support/customer-ref.js';
import { Text } from '../../dto/text.js';
import { WriteDto } from '../../dto/write.dto.js';

export { customerIdPattern };

/** A phone number as people write one: digits, spaces, +, -, parentheses and dots, an extension after "x". */
export const phonePattern = /^\+?[0-9 ().-]{3,30}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;

export class ContactDto {
  @ApiProperty({ example: 'Li Wei', maxLength: 200 })
  @Text(200)
  name!: string;

  @ApiPropertyOptional({ example: 'li.wei@hzvalve.example', maxLength: 200 })
  @IsOptional()
  @MaxLength(200)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+86 571 8888 0000', maxLength: 40 })
  @IsOptional()
  @MaxLength(40)
  @Matches(phonePattern, { message: 'phone must be a phone number', context: { rule: 'phone-number' } })
  phone?: string;

  @ApiPropertyOptional({ enum: customerLanguages, description: 'The language to write to them in' })
  @IsOptional()
  @IsIn(customerLanguages)
  language?: CustomerLanguage;
}

const Contacts = () => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMaxSize(50)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => ContactDto)(target, key);
};

export class RegisterCustomerDto {
  static readonly example = {
    name: 'Hangzhou Valve Co.',
    kind: 'company',
    contacts: [{ name: 'Li Wei', email: 'li.wei@hzvalve.example', phone: '+86 571 8888 0000', language: 'zh-CN' }],
    externalRef: 'CRM-0042',
  };

  @ApiPropertyOptional({
    description: 'Your code for the customer; generated if absent',
    example: 'CUST-0042',
    pattern: customerIdPattern.source,
  })
  @IsOptional()
  @Matches(customerIdPattern, {
    message: 'id must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    context: { rule: 'supplier-id-characters' },
  })
  id?: string;

  @ApiProperty({ example: 'Hangzhou Valve Co.', maxLength: 200 })
  @Text(200)
  @Matches(/\S/, { message: 'name must not be blank', context: { rule: 'isNotEmpty' } })
  name!: string;

  @ApiProperty({ enum: customerKinds, example: 'company' })
  @IsIn(customerKinds)
  kind!: CustomerKind;

  @ApiPropertyOptional({ type: [ContactDto], maxItems: 50 })
  @IsOptional()
  @Contacts()
  contacts?: ContactDto[];

  @ApiPropertyOptional({
    description: "The customer's id elsewhere: a CRM's, an ERP's",
    example: 'CRM-0042',
    maxLength: 100,
  })
  @IsOptional()
  @Text(100)
  externalRef?: string;
}

export class ChangeContactsDto extends WriteDto {
  static readonly example = { contacts: RegisterCustomerDto.example.contacts };

  @ApiProperty({ type: [ContactDto], maxItems: 50, description: 'The contacts as they now are, whole' })
  @Contacts()
  contacts!: ContactDto[];
}

export class ChangeCustomerDetailsDto extends WriteDto {
  static readonly example = { name: 'Hangzhou Valve Group Co.', externalRef: 'CRM-0042' };

  @ApiPropertyOptional({ example: 'Hangzhou Valve Group Co.', maxLength: 200 })
  @IsOptional()
  @Text(200)
  name?: string;

  @ApiPropertyOptional({ example: 'CRM-0042', maxLength: 100 })
  @IsOptional()
  @Text(100)
  externalRef?: string;
}

export class MergeCustomerDto extends WriteDto {
  static readonly example = { into: 'CUST-0042', reason: 'Registered twice: the same company under its English name.' };

  @ApiProperty({ description: 'The customer that goes on', example: 'CUST-0042', pattern: customerIdPattern.source })
  @Matches(customerIdPattern, { message: 'into must be a customer id', context: { rule: 'customer-id-path' } })
  into!: string;

  @ApiProperty({ example: 'Registered twice: the same company under its English name.', maxLength: 2000 })
  @Text(2000)
  reason!: string;
}

/** A file on one of the customer's cases. */
export class CaseFileRefDto {
  @ApiProperty({ description: 'The case (its id)', maxLength: 200 })
  @Text(200)
  complaintId!: string;

  @ApiProperty({ description: 'The file (its evidence id)', maxLength: 200 })
  @Text(200)
  evidenceId!: string;
}

export class EraseCustomerDto extends WriteDto {
  static readonly example = {
    reason: 'The customer asked to have their personal data erased (PIPL art. 47), request 2026-118.',
    expectedRevision: 3,
  };

  @ApiProperty({
    description: 'Why: recorded with the erasure, for the auditors. No personal data here.',
    example: EraseCustomerDto.example.reason,
    maxLength: 2000,
  })
  @Text(2000)
  reason!: string;

  @ApiPropertyOptional({
    type: () => [CaseFileRefDto],
    description:
      "Files on the customer's cases to purge with the erasure (they hold personal data encryption does not cover): each case records EvidencePurged, and the bytes are deleted unless another file names them. GET /customers/{id}/evidence lists them",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CaseFileRefDto)
  purgeEvidence?: CaseFileRefDto[];
}
