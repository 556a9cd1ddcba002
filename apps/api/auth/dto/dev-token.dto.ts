import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';
import { roles, type Role } from '../../../../libs/domain/index.js';
import { subjectPattern, unreservedSubjectPattern } from '../../../../libs/platform/auth.js';

/** `POST /auth/dev-token`: who to be on this machine's embedded product. */
export class DevTokenDto {
  static readonly example = { subject: 'li.wei', roles: ['owner'] };

  @ApiProperty({ example: 'li.wei', description: 'The person to act as: 1 to 100 letters, digits or ._@:-' })
  @Matches(subjectPattern, {
    message: 'subject must be 1 to 100 letters, digits or ._@:-',
    context: { rule: 'subject-characters' },
  })
  // The product's own actors (system:…, customer:…) are not people one may be.
  @Matches(unreservedSubjectPattern, {
    message: 'subject must not start with system: or customer:',
    context: { rule: 'subject-reserved' },
  })
  subject!: string;

  @ApiProperty({ enum: roles, isArray: true, example: ['owner'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(roles.length)
  @ArrayUnique()
  @IsIn(roles, { each: true })
  roles!: Role[];
}

/** `POST /auth/dev-token`'s answer: a bearer token, and when it expires. */
export class DevTokenIssuedDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsaS53ZWkifQ.c2lnbmF0dXJl', description: 'An HS256 JWT' })
  token!: string;
  @ApiProperty({ format: 'date-time', description: 'Eight hours from now, or sooner under JWT_MAX_TTL' })
  expiresAt!: string;
}
