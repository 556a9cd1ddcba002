import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { policyKinds } from '../../../../libs/contracts/policy.js';

/** A policy as it stands (`PolicyView` in libs/contracts/read-views.ts): where it comes from, and who adopted it, when and why. */
export class PolicyViewDto {
  @ApiProperty({ enum: policyKinds }) kind!: string;
  @ApiProperty({
    enum: ['adopted', 'file', 'built-in'],
    description: 'Adopted here through the API, read from the configured file, or the built-in default',
  })
  source!: string;
  @ApiProperty({
    description: "The revision of the policy's stream, the If-Match of the next change; -1 while none was adopted here",
    example: -1,
  })
  revision!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The policy document, as written in its file or adopted',
  })
  document!: object;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was adopted here' }) adoptedAt?: string;
  @ApiPropertyOptional({ example: 'ada.admin', description: 'Who adopted it here' }) adoptedBy?: string;
  @ApiPropertyOptional({ description: 'Why it was adopted, as the admin said' }) reason?: string;
}
