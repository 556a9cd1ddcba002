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
    () => reportToCsv(report, catalogue, timeZone),
    filename,
  );
};
