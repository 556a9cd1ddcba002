import { useQuery } from '@tanstack/react-query';
import { bodyAs, bodyOf, client } from './client.js';
import type { operations } from './schema.js';
import type { LabelledReport } from '../../../../libs/contracts/read-views.js';

export type ReportKind = 'complaints' | 'suppliers';
export type ReportQuery = NonNullable<operations['ReportsController_complaints']['parameters']['query']>;
/** Named tables of flat rows (libs/projections/reports.ts), with their headings in the reader's language. */
export type Report = LabelledReport;
export type ReportRow = Report['sections'][string][number];

const path = { complaints: '/api/v1/reports/complaints', suppliers: '/api/v1/reports/suppliers' } as const;

export const useReport = (kind: ReportKind, query: ReportQuery, language: string) =>
  useQuery({
    // The headings come in the reader's language: a switch asks again.
    queryKey: ['report', kind, query, language],
    queryFn: () => bodyAs<Report>(client.GET(path[kind], { params: { query } })),
  });

/** The whole report as CSV, headed in the reader's language. */
export const reportCsv = (kind: ReportKind, query: ReportQuery): Promise<string> =>
  bodyOf(client.GET(path[kind], { params: { query }, headers: { accept: 'text/csv' }, parseAs: 'text' }));
