import type { Request, Response } from 'express';
import { readerTimeZone } from '../../../libs/i18n/index.js';
import { reportLabels, reportToCsv, type Report } from '../../../libs/projections/index.js';
import { csvOrJson } from '../http/csv-or-json.js';
import { catalogueOf } from '../http/language.js';
import type { PoliciesService } from '../policies/policies.service.js';

/**
 * A report as JSON with its headings in the caller's language (`labels`), or
 * CSV for people: in their words, times in the business calendar's zone
 * (else their language's). `extra` rides along in the JSON only.
 */
export const answerReport = async (
  { request, response, policies }: { request: Request; response: Response; policies: PoliciesService },
  report: Report,
  filename: string,
  extra: Readonly<Record<string, unknown>> = {},
) => {
  const catalogue = catalogueOf(request);
  const { policy } = await policies.current('sla');
  const timeZone = readerTimeZone(catalogue, policy.calendar?.timeZone);
  return csvOrJson(
    request,
    response,
    { ...extra, ...report, labels: reportLabels(report, catalogue) },
    // The body the CSV is made of: the report as answered, its erased marks in the reader's language.
    ({ labels: _labels, ...said }) => reportToCsv({ ...report, ...said } as Report, catalogue, timeZone),
    filename,
  );
};
