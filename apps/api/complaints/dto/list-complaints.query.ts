import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, Matches, MaxLength, ValidateBy } from 'class-validator';
import { decodeCursor, type CaseSort } from '../../../../libs/projections/index.js';
import { causeCategories, complaintSteps, severities } from '../../../../libs/domain/index.js';
import { PageQueryDto, QueryBoolean } from '../../dto/list-query.dto.js';
import { supplierIdPattern } from '../../suppliers/dto/supplier-bodies.dto.js';
import { customerIdPattern } from '../../../../libs/support/customer-ref.js';

export const caseSorts = ['registeredAt', 'updatedAt', 'dueAt', 'number', 'severity'] as const;
export const caseStatusFilters = ['open', 'closed', 'archived', 'withdrawn'] as const;
export const caseCounts = ['exact', 'bounded'] as const;

/** A cursor this list made for the request's sort: anything else is the client's to mend (400), not a query. */
const IsCaseCursor = () =>
  ValidateBy(
    {
      name: 'isCaseCursor',
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'string' &&
          decodeCursor(value, ((args?.object as { sort?: CaseSort }).sort ?? 'registeredAt') as CaseSort) !== undefined,
        defaultMessage: () =>
          'cursor must be the nextCursor of a page of this list in the same sort; start again from the first page',
      },
    },
    { context: { rule: 'page-cursor' } },
  );

/** `GET /complaints`: filters combine with AND; the list comes from the read model. */
export class ListComplaintsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: caseStatusFilters,
    description: 'closed: archived or withdrawn; absent: every case, open and closed',
  })
  @IsOptional()
  @IsIn(caseStatusFilters)
  status?: (typeof caseStatusFilters)[number];

  @ApiPropertyOptional({ enum: complaintSteps })
  @IsOptional()
  @IsIn(complaintSteps)
  step?: string;

  @ApiPropertyOptional({ description: 'The owner, e.g. li.wei: their inbox' })
  @IsOptional()
  @Matches(/^[\p{L}\p{N}._@-]{1,100}$/u, {
    message: 'owner must be 1 to 100 letters, digits or ._@-',
    context: { rule: 'owner-characters' },
  })
  owner?: string;

  @ApiPropertyOptional({ enum: severities })
  @IsOptional()
  @IsIn(severities)
  severity?: string;

  @ApiPropertyOptional({ description: 'The supplier named at registration or found responsible by the analysis' })
  @IsOptional()
  @Matches(supplierIdPattern, { message: 'supplierId must be a supplier id', context: { rule: 'supplier-id' } })
  supplierId?: string;

  @ApiPropertyOptional({
    description: "The customer's complaints, those of the duplicates merged into it included",
    pattern: customerIdPattern.source,
  })
  @IsOptional()
  @Matches(customerIdPattern, { message: 'customerId must be a customer id', context: { rule: 'customer-id-path' } })
  customerId?: string;

  @ApiPropertyOptional({ enum: causeCategories, description: 'The cause category the analysis found' })
  @IsOptional()
  @IsIn(causeCategories)
  causeCategory?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Registered at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Registered before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredTo?: string;

  @ApiPropertyOptional({ description: 'Open cases with a running clock past its target (true), or none (false)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Cases standing on a rung of the escalation ladder (true), or not (false)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'Cases nobody owns yet (true), or somebody does (false)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ description: 'Cases whose clocks are paused, waiting on the customer (true), or not (false)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({
    description: 'Words that must all appear in the title, description, customer, references, owner or id',
    maxLength: 200,
  })
  @IsOptional()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: caseSorts,
    default: 'registeredAt',
    description:
      'registeredAt and updatedAt newest first; dueAt soonest first (an inbox); number newest first; severity most severe first',
  })
  @IsOptional()
  @IsIn(caseSorts)
  sort?: (typeof caseSorts)[number];

  @ApiPropertyOptional({
    description:
      'The page after the one that answered this cursor (its `nextCursor`): keyset paging, as fast on the thousandth page as on the first, and never a case twice or missed while cases are registered meanwhile. Takes the place of `offset`, which still works but reads every row before its page.',
    maxLength: 400,
  })
  @IsOptional()
  @IsCaseCursor()
  cursor?: string;

  @ApiPropertyOptional({
    enum: caseCounts,
    description:
      '`bounded` counts matches up to 10,000 and stops (`total` 10000, `totalExact` false, beyond); `exact` counts every match, at a cost that grows with them. Default: `bounded` with a cursor, `exact` without (as lists paged by offset always had).',
  })
  @IsOptional()
  @IsIn(caseCounts)
  count?: (typeof caseCounts)[number];
}
