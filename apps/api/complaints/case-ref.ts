import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { caseNumberStreamId, type CaseNumberAssigned } from '../../../libs/contracts/index.js';
import { parseCaseNumber } from '../../../libs/domain/index.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { EVENT_STORE } from '../../../libs/platform/nest/tokens.js';
import { notFound } from '../problems/problem.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case is named by its id or by its number (`CMP-2026-000123`). */
export const isCaseRef = (text: string): boolean => uuid.test(text) || parseCaseNumber(text) !== undefined;

/**
 * The id of the case a reference names, read from the year's number stream
 * (revision n holds number n + 1), so a number works the moment it is given.
 * Anything that names no case is a 404: a client cannot tell a malformed
 * reference from a case that is not there, and need not.
 */
export const caseIdOf = async (store: EventStore, ref: string): Promise<string> => {
  if (uuid.test(ref)) return ref.toLowerCase();
  const number = parseCaseNumber(ref);
  const [assigned] = number
    ? await store.readStream(caseNumberStreamId(number.year), { fromRevision: number.sequence - 1, maxCount: 1 })
    : [];
  if (!assigned) throw notFound('complaint-not-found', { id: ref.slice(0, 100) });
  return (assigned.data as CaseNumberAssigned).complaintId;
};

/** The `:id` of a case route, as the case's id. */
@Injectable()
export class CaseRefPipe implements PipeTransform<string, Promise<string>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  transform(ref: string): Promise<string> {
    return caseIdOf(this.store, ref);
  }
}
