/**
 * Shapes the API answers from its read side, shared with whoever reads them
 * (the web UI among them), so a client cannot drift from the server. Pure
 * types: nothing here may import I/O.
 */

/** One line of a stream's history as an auditor reads it (`GET …/history`). */
export type TimelineEntry = Readonly<{
  seq: number;
  position: number;
  id: string;
  type: string;
  time: string;
  actor: string | null;
  cause: string | null;
  data: unknown;
  metadata: Readonly<Record<string, unknown>>;
  prevHash: string | null;
  hash: string;
}>;

/** A supplier's scorecard: the columns lists and reports use (`GET /suppliers`). */
export type ScorecardRow = Readonly<{
  id: string;
  revision: number;
  name: string;
  category: string;
  criticality: string;
  status: string;
  grade: string | null;
  score: number | null;
  outcome: string | null;
  nextEvaluationDue: string | null;
  evaluationOpen: boolean;
  openCorrectiveActions: number;
  overdueCorrectiveActions: number;
  attributedComplaints: number;
  evaluations: number;
  lastEvaluatedAt: string | null;
  updatedAt: string;
}>;
