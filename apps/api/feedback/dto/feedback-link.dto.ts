import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { satisfactionScale } from '../../../../libs/domain/index.js';
import { Text } from '../../dto/text.js';
import { WriteDto } from '../../dto/write.dto.js';
import { ScoreRangeDto } from '../../suppliers/dto/supplier-view.dto.js';

export class FeedbackLinkDto extends WriteDto {
  static readonly example = {
    summary:
      'We replaced the three leaking valves on 28 November and now pressure-test every valve body before it ships.',
  };

  @ApiProperty({
    description:
      'What was done, in words meant for the customer: the page behind the link shows this, the case title and its number, and nothing else of the case',
    example: FeedbackLinkDto.example.summary,
    maxLength: 2000,
  })
  @Text(2000)
  summary!: string;

  @ApiPropertyOptional({
    description:
      "E-mail the link to the customer at their contact's address, in their language (default true); the message is recorded on the case",
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  mail?: boolean;
}

/** `POST /complaints/:id/feedback-link`: the link to give the customer, once. */
export class FeedbackLinkAnswerDto {
  @ApiProperty({
    example: 'https://qloop.example/feedback/3q2-7wIq…',
    description: 'The public page the customer opens',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: "The link's id on the case (its token is never kept)" }) linkId!: string;
  @ApiProperty({ example: 7, description: 'The revision of the case with the link recorded' }) revision!: number;
}

/** `GET /public/feedback/:token`: what the customer is shown. */
export class PublicFeedbackDto {
  @ApiProperty({ example: 'CMP-2026-000123', nullable: true, type: String }) number!: string | null;
  @ApiProperty({ example: 'Valve bodies leak at 6 bar' }) title!: string;
  @ApiProperty({ description: 'What was done, as the owner wrote it for the customer' }) summary!: string;
  @ApiProperty({ example: 'Hangzhou Valve Co.' }) customer!: string;
  @ApiProperty({ enum: ['zh-CN', 'en'], description: "The customer's preferred language, where it is known" })
  language!: string;
  @ApiProperty({ type: ScoreRangeDto, description: 'The satisfaction scale' }) scale!: ScoreRangeDto;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class PublicFeedbackAnswerDto {
  static readonly example = { resolved: true, score: 5, comment: 'The new valves hold; thank you for the quick help.' };

  @ApiProperty({ description: 'Is the problem resolved for you?' })
  @IsBoolean()
  resolved!: boolean;

  @ApiProperty({ minimum: satisfactionScale.min, maximum: satisfactionScale.max, example: 5 })
  @IsInt()
  @Min(satisfactionScale.min)
  @Max(satisfactionScale.max)
  score!: number;

  @ApiProperty({ maxLength: 2000, example: PublicFeedbackAnswerDto.example.comment })
  @IsString()
  @MaxLength(2000)
  comment!: string;
}

/** The answer taken. */
export class PublicFeedbackRecordedDto {
  @ApiProperty({ example: true }) recorded!: boolean;
  @ApiProperty({ description: 'As the customer answered: not resolved sends the case back to analyse' })
  resolved!: boolean;
}
