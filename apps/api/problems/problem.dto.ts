import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'customer.name' }) field!: string;
  @ApiProperty({ example: 'name should not be empty' }) message!: string;
}

/** The shape of every error response (RFC 9457), for the OpenAPI document. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:qloop:problem:step-not-current' }) type!: string;
  @ApiProperty({ example: 'Not the current step' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiPropertyOptional({ example: "Complaint 4f1c… is at step 'identify', not 'analyse'" }) detail?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Field-level errors, for validation problems' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    example: true,
    description:
      'On a 503 to a write: the write reached its workflow and may still be recorded; repeat it with the same Idempotency-Key to get its outcome',
  })
  pending?: boolean;
  @ApiPropertyOptional({
    type: [Number],
    example: [3, 4],
    description:
      'On a 500 record-unreadable: the revisions of the record that sit on a damaged page of the store (its audit names them too)',
  })
  unreadableRevisions?: number[];
}
