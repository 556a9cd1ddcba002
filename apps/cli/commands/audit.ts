import {
  auditFiles,
  auditStream,
  fetchWorkflowEvidence,
  readForAudit,
  timelineToCsv,
  toTimelineEntry,
  type TimelineEntry,
} from '../../../libs/audit/index.js';
import {
  complaintStreamId,
  complaintWorkflowId,
  supplierStreamId,
  supplierWorkflowId,
} from '../../../libs/contracts/index.js';
import { fail, usageFailure, type CliContext } from '../context.js';
import type { AuditReport } from '../../../libs/contracts/read-views.js';

const printTimeline = (cli: CliContext, entries: readonly TimelineEntry[]) => {
  for (const entry of entries) {
    cli.print(
      `#${String(entry.seq).padEnd(4)} ${entry.time}  ${(entry.actor ?? '-').padEnd(22)} ${entry.type.padEnd(26)} ${entry.cause ?? ''}`,
    );
  }
};

const printAudit = (cli: CliContext, report: AuditReport) => {
  cli.print();
  cli.print(
    report.chain.intact
      ? `Hash chain: intact (${report.chain.events} events)`
      : `Hash chain: BROKEN at revision ${report.chain.firstBadRevision}: ${report.chain.reason}`,
  );
  if (report.workflow) {
    const { traced, unverifiable, discrepancies } = report.workflow;
    cli.print(
      `Temporal cross-check: ${traced} traced, ${unverifiable.length} unverifiable, ${discrepancies.length} discrepancies`,
    );
    for (const d of [...discrepancies, ...unverifiable]) cli.print(`  #${d.revision ?? '?'} ${d.type}: ${d.problem}`);
  } else {
    cli.print(
      `Temporal cross-check: not made${report.workflowCheckError ? ` (${report.workflowCheckError})` : ' (set TEMPORAL_ADDRESS, or use --api)'}`,
    );
  }
  if (report.files && report.files.length > 0) {
    // A purged file was deleted on purpose, as the record says: counted apart, and listed.
    const bad = report.files.filter((file) => file.status !== 'verified');
    const purged = bad.filter((file) => file.status === 'purged').length;
    cli.print(
      `Files: ${report.files.length - bad.length} of ${report.files.length - purged} verified${purged ? `, ${purged} purged` : ''}`,
    );
    for (const file of bad)
      cli.print(
        `  #${file.revision} evidence ${file.evidenceId} (${typeof file.fileName === 'string' ? file.fileName : 'a sealed name'}): ${file.status.toUpperCase()}`,
      );
  }
  if (report.unreadableRevisions)
    cli.print(`Unreadable: revisions ${report.unreadableRevisions.join(', ')} sit on a damaged page of the store`);
  cli.print(`Verdict: ${report.verdict}`);
};

/** The stream's timeline and the audit's verdict, from the API or from the store itself. */
const read = async (
  cli: CliContext,
  target: string,
): Promise<{ streamId: string; entries: TimelineEntry[]; report: AuditReport }> => {
  const supplier = target.startsWith('supplier:') ? target.slice('supplier:'.length) : undefined;
  const streamId = supplier ? supplierStreamId(supplier) : complaintStreamId(target);
  if (cli.options.api) {
    const base = supplier ? `/suppliers/${encodeURIComponent(supplier)}` : `/complaints/${encodeURIComponent(target)}`;
    const entries = (await cli.api(`${base}/history`)).events as TimelineEntry[];
    return { streamId, entries, report: (await cli.api(`${base}/audit`)) as unknown as AuditReport };
  }
  return cli.withStorage(async ({ store, blobs }) => {
    const audited = await readForAudit(store, streamId);
    const { events } = audited;
    if (events.length === 0 && audited.unreadableRevisions.length === 0) fail(`No stream ${streamId} in the store`);
    const client = await cli
      .temporalClient()
      .catch((error: unknown) => fail(`Cannot reach Temporal: ${String(error)}`));
    try {
      const workflowId = supplier ? supplierWorkflowId(supplier) : complaintWorkflowId(target);
      const evidence = client ? await fetchWorkflowEvidence(client, workflowId, events) : undefined;
      const files = await auditFiles(events, blobs);
      return {
        streamId,
        entries: events.map(toTimelineEntry),
        report: auditStream(streamId, audited, evidence, files),
      };
    } finally {
      await client?.connection.close();
    }
  });
};

/**
 * `qloop audit <complaint-id> | supplier:<id>`: exit status 1 when the record
 * was tampered with, 4 when some of it cannot be read (a damaged page: restore
 * it from a backup), 3 when it could not be fully checked: a script must not
 * read "not checked" as "intact" unless it says so (`--accept-unverified`).
 */
export const audit = async (cli: CliContext, target: string | undefined): Promise<number> => {
  if (!target) return usageFailure('audit needs a complaint id or supplier:<id>');
  const { streamId, entries, report } = await read(cli, target);
  printTimeline(cli, entries);
  printAudit(cli, report);
  cli.exportTo(cli.options.json, `${JSON.stringify({ streamId, timeline: entries, audit: report }, null, 2)}\n`);
  cli.exportTo(cli.options.csv, timelineToCsv(entries));
  switch (report.verdict) {
    case 'tampered':
      return 1;
    case 'unreadable':
      return 4;
    case 'unverified':
      return cli.options['accept-unverified'] ? 0 : 3;
    case 'intact':
      return 0;
  }
};
