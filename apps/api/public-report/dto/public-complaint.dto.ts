import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import {
  complaintCategories,
  customerLanguages,
  type ComplaintCategory,
  type CustomerLanguage,
} from '../../../../libs/domain/index.js';
import { phonePattern } from '../../customers/dto/customer-bodies.dto.js';

/** What a customer with no account tells on the public form: who they are, how to reach them, and what happened. */
export class PublicComplaintDto {
  static readonly example = {
    name: '周晓梅',
    email: 'xiaomei.zhou@mail.example',
    phone: '+86 138 0013 8000',
    company: '杭州阀门有限公司',
    language: 'zh-CN',
    category: 'product-quality',
    productRef: 'DN50-BV-316',
    lot: 'L2026-1108',
    title: '阀门法兰处渗漏',
    description: '收到的 40 只 DN50 阀门中有 3 只在 6 bar 试压时法兰处渗漏。',
    altcha: '(the solved proof of work, as the form sends it)',
  };

  @ApiProperty({ example: PublicComplaintDto.example.name, maxLength: 200, description: 'Your name' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank', context: { rule: 'isNotEmpty' } })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    example: PublicComplaintDto.example.email,
    maxLength: 200,
    description: 'An e-mail or a phone is required',
  })
  @ValidateIf((dto: PublicComplaintDto) => dto.email != null || dto.phone == null)
  @IsEmail()
  @MaxLength(200)
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  email?: string;

  @ApiPropertyOptional({ example: PublicComplaintDto.example.phone, maxLength: 40 })
  @IsOptional()
  @MaxLength(40)
  @Matches(phonePattern, { message: 'phone must be a phone number', context: { rule: 'phone-number' } })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  phone?: string;

  @ApiPropertyOptional({
    example: PublicComplaintDto.example.company,
    maxLength: 200,
    description: 'The company you complain for, if any',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  company?: string;

  @ApiProperty({ enum: customerLanguages, example: 'zh-CN', description: 'The language we answer in' })
  @IsIn(customerLanguages)
  language!: CustomerLanguage;

  @ApiProperty({ enum: complaintCategories, example: 'product-quality' })
  @IsIn(complaintCategories)
  category!: ComplaintCategory;

  @ApiPropertyOptional({ example: PublicComplaintDto.example.productRef, maxLength: 100, description: 'The product' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  productRef?: string;

  @ApiPropertyOptional({ example: PublicComplaintDto.example.lot, maxLength: 100, description: 'Its lot or batch' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  lot?: string;

  @ApiProperty({ example: PublicComplaintDto.example.title, maxLength: 200 })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank', context: { rule: 'isNotEmpty' } })
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: PublicComplaintDto.example.description, maxLength: 5000, description: 'What happened' })
  @IsString()
  @Matches(/\S/, { message: 'description must not be blank', context: { rule: 'isNotEmpty' } })
  @MaxLength(5000)
  description!: string;

  @ApiProperty({
    maxLength: 4000,
    description:
      'The solved proof of work (ALTCHA): a challenge from GET /public/challenge, solved by the form. Without it: 403',
  })
  @IsString()
  @MaxLength(4000)
  altcha!: string;
}

/** What the customer is given back: the number to quote. */
export class PublicUploadRightDto {
  @ApiProperty({ description: "POST the complaint's files to /api/v1/public/uploads/{token}" }) token!: string;
  @ApiProperty({ format: 'date-time', description: 'An hour after filing' }) expiresAt!: string;
}

export class PublicComplaintReceiptDto {
  @ApiProperty({ example: 'CMP-2026-000123', description: 'The tracking number: quote it when you write to us' })
  number!: string;
  @ApiProperty({ type: PublicUploadRightDto, description: "The right to add the complaint's files, for an hour" })
  upload!: PublicUploadRightDto;
}

/** What the browser must work out, and how: ALTCHA's proof of work, version 2. */
export class ChallengeParametersDto {
  @ApiProperty({ example: 'PBKDF2/SHA-256' }) algorithm!: string;
  @ApiProperty({ description: 'Hex' }) nonce!: string;
  @ApiProperty({ description: 'Hex' }) salt!: string;
  @ApiProperty({ example: 500, description: 'Iterations of the key derivation per try' }) cost!: number;
  @ApiProperty({ example: 32 }) keyLength!: number;
  @ApiProperty({ description: 'What the derived key of the solution begins with, hex' }) keyPrefix!: string;
  @ApiPropertyOptional({ description: 'Unix seconds: a solution after it is refused' }) expiresAt?: number;
  @ApiPropertyOptional({ description: 'Memory-hard algorithms only' }) memoryCost?: number;
  @ApiPropertyOptional({ description: 'Memory-hard algorithms only' }) parallelism?: number;
  @ApiPropertyOptional({ description: "A signature of the expected key, for the server's fast check" })
  keySignature?: string;
  @ApiPropertyOptional({ description: 'Data the challenge carries', type: 'object', additionalProperties: true })
  data?: Record<string, unknown>;
}

/** A signed challenge: solved by the form and sent back with its solution as `altcha`. */
export class ChallengeDto {
  @ApiProperty({ type: ChallengeParametersDto }) parameters!: ChallengeParametersDto;
  @ApiPropertyOptional({ description: "The server's signature of the parameters" }) signature?: string;
}
