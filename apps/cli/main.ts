#!/usr/bin/env node
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { auditStream, fetchWorkflowEvidence, readComplaintStreams, timelineToCsv, toTimelineEntry, whatIf, type AuditReport, type TimelineEntry, type WhatIfReport } from '../../libs/audit/index.js';
import { complaintStreamId, supplierStreamId } from '../../libs/contracts/index.js';
import { InvalidPolicy, isRole, parseSlaPolicy, roles as allRoles } from '../../libs/domain/index.js';
import { embeddedSecretPath, issueToken, signingSecret, subjectPattern } from '../../libs/platform/auth.js';
import { Projector, type ProjectionStatus } from '../../libs/projections/index.js';
import { ConfigError, loadConfig } from '../../libs/platform/config.js';
import { loadPolicyFile } from '../../libs/platform/policy-file.js';
import { openStorage, type Storage } from '../../libs/platform/storage.js';

const usage = `qloop: the auditor's and operator's command line

  qloop audit <complaint-id> | supplier:<supplier-id>   print the timeline, verify the hash chain,
        [--api URL] [--json FILE] [--csv FILE]          cross-check with Temporal; export JSON / CSV
  qloop what-if --policy FILE [--from ISO] [--to ISO]   which past cases would have breached or
        [--api URL] [--json FILE]                       escalated under another SLA policy
  qloop projections status | rebuild [--api URL]        the read models: lag, or a rebuild from scratch
  qloop token --actor NAME --roles R[,R] [--ttl SEC]    a bearer token for the API (needs JWT_SECRET,
                                                        or the secret npm start keeps under DATA_DIR)

With --api (e.g. http://localhost:3000) it asks a running qloop with the bearer token of
--token or QLOOP_TOKEN; without one, it makes a short-lived one for --actor (default cli)
with --roles (auditor; admin for a rebuild) when it can read the secret. Without --api, it
opens the store itself from the environment (EVENT_STORE, DATABASE_URL, DATA_DIR, as the
app reads it) and asks Temporal at TEMPORAL_ADDRESS for the cross-check when that is set.
The embedded store allows one process: while 'npm start' runs, use --api.
Exit status: 0 intact (or done), 1 tampered, 2 usage or failure.`;

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const { values: options, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        api: { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        policy: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        actor: { type: 'string', default: 'cli' },
        roles: { type: 'string' },
        token: { type: 'string' },
        ttl: { type: 'string', default: '3600' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
})();

/** Writes to a file, or to standard output for '-'. */
const exportTo = (target: string | undefined, content: string) => {
  if (!target) return;
  if (target === '-') process.stdout.write(content);
  else writeFileSync(target, content);
};

const configOrFail = () => {
  try {
    return loadConfig();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
};

/** The secret tokens are signed with here, if this machine has it; never made by the CLI. */
const localSecret = (): Uint8Array | undefined => {
  const { auth, dataDir } = configOrFail();
  if (auth.jwksUrl || (!auth.secret && !existsSync(embeddedSecretPath(dataDir)))) return undefined;
  return signingSecret(auth, dataDir);
};

const mintToken = (roles: string, ttlSeconds: number): Promise<string> => {
  const secret = localSecret() ?? fail('No JWT_SECRET here, and no secret under DATA_DIR: pass --token (or set QLOOP_TOKEN)');
  const unknown = roles.split(',').filter((role) => !isRole(role));
  if (unknown.length > 0) fail(`Unknown roles ${unknown.join(', ')}; known: ${allRoles.join(', ')}`);
  if (!subjectPattern.test(options.actor!)) fail('--actor must be 1 to 100 letters, digits or ._@:-');
  const { issuer, audience } = configOrFail().auth;
  return issueToken(secret, { subject: options.actor!, roles: roles.split(',').filter(isRole) }, { ttlSeconds, issuer, audience });
};

const api = (path: string, init: { method?: string; body?: unknown; roles: string } = { roles: 'auditor' }) => async () => {
  const token = options.token ?? process.env.QLOOP_TOKEN ?? (await mintToken(options.roles ?? init.roles, 300));
  const response = await fetch(new URL(`/api/v1${path}`, options.api), {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  }).catch((error: unknown) => fail(`Cannot reach ${options.api}: ${String(error)}`));
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) fail(`${response.status} ${String(body.title ?? response.statusText)}: ${String(body.detail ?? '')}`);
  return body;
};

const withStorage = async <T>(work: (storage: Storage) => Promise<T>): Promise<T> => {
  let storage: Storage;
  try {
    storage = await openStorage(configOrFail());
  } catch (error) {
    return fail(`Cannot open the store: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
};

const temporalClient = async (): Promise<Client | undefined> => {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) return undefined;
  return new Client({ connection: await Connection.connect({ address }), namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
};

const printTimeline = (entries: readonly TimelineEntry[]) => {
  for (const entry of entries) {
    console.log(`#${String(entry.seq).padEnd(4)} ${entry.time}  ${(entry.actor ?? '-').padEnd(22)} ${entry.type.padEnd(26)} ${entry.cause ?? ''}`);
  }
};

const printAudit = (report: AuditReport & { workflowCheckError?: string }) => {
  console.log('');
  console.log(report.chain.intact ? `Hash chain: intact (${report.chain.events} events)` : `Hash chain: BROKEN at revision ${report.chain.firstBadRevision}: ${report.chain.reason}`);
  if (report.workflow) {
    const { traced, unverifiable, discrepancies } = report.workflow;
    console.log(`Temporal cross-check: ${traced} traced, ${unverifiable.length} unverifiable, ${discrepancies.length} discrepancies`);
    for (const d of [...discrepancies, ...unverifiable]) console.log(`  #${d.revision ?? '?'} ${d.type}: ${d.problem}`);
  } else {
    console.log(`Temporal cross-check: not made${report.workflowCheckError ? ` (${report.workflowCheckError})` : ' (set TEMPORAL_ADDRESS, or use --api)'}`);
  }
  console.log(`Verdict: ${report.verdict}`);
};

const audit = async (target: string | undefined) => {
  if (!target) fail(`audit needs a complaint id or supplier:<id>\n\n${usage}`);
  const supplier = target!.startsWith('supplier:') ? target!.slice('supplier:'.length) : undefined;
  const streamId = supplier ? supplierStreamId(supplier) : complaintStreamId(target!);
  let entries: TimelineEntry[];
  let report: AuditReport & { workflowCheckError?: string };
  if (options.api) {
    const base = supplier ? `/suppliers/${encodeURIComponent(supplier)}` : `/complaints/${encodeURIComponent(target!)}`;
    entries = (await api(`${base}/history`)()).events as TimelineEntry[];
    report = (await api(`${base}/audit`)()) as unknown as AuditReport;
  } else {
    ({ entries, report } = await withStorage(async ({ store }) => {
      const events = await store.readStream(streamId);
      if (events.length === 0) fail(`No stream ${streamId} in the store`);
      const client = await temporalClient().catch((error: unknown) => fail(`Cannot reach Temporal: ${String(error)}`));
      try {
        const evidence = client ? await fetchWorkflowEvidence(client, events) : undefined;
        return { entries: events.map(toTimelineEntry), report: auditStream(streamId, events, evidence) };
      } finally {
        await client?.connection.close();
      }
    }));
  }
  printTimeline(entries);
  printAudit(report);
  exportTo(options.json, `${JSON.stringify({ streamId, timeline: entries, audit: report }, null, 2)}\n`);
  exportTo(options.csv, timelineToCsv(entries));
  process.exit(report.verdict === 'tampered' ? 1 : 0);
};

const whatIfCommand = async () => {
  if (!options.policy) fail(`what-if needs --policy FILE\n\n${usage}`);
  let document: unknown;
  let policy;
  try {
    document = loadPolicyFile('--policy', options.policy, (d) => d, undefined);
    policy = parseSlaPolicy(document);
  } catch (error) {
    return fail(`The policy cannot be used:\n${error instanceof InvalidPolicy ? error.problems.join('\n') : String(error)}`);
  }
  const report: WhatIfReport = options.api
    ? ((await api('/audit/what-if', { method: 'POST', body: { policy: document, from: options.from, to: options.to }, roles: 'auditor' })()) as unknown as WhatIfReport)
    : await withStorage(async ({ store }) => whatIf(await readComplaintStreams(store, { from: options.from, to: options.to }), policy));
  const { summary } = report;
  console.log(`Cases: ${summary.cases}`);
  console.log(`Breached:  ${summary.breachedActual} as they ran, ${summary.breachedHypothetical} under ${options.policy}`);
  console.log(`  newly breached ${summary.newlyBreached}, no longer breached ${summary.noLongerBreached}`);
  console.log(`Escalated: ${summary.escalatedActual} as they ran, ${summary.escalatedHypothetical} under ${options.policy}`);
  for (const c of report.cases.filter((x) => x.changed)) {
    console.log(`  ${c.complaintId} (${c.severity}, ${c.status}): breached ${c.actual.breached} -> ${c.hypothetical.breached}, level ${c.actual.maxEscalationLevel} -> ${c.hypothetical.maxEscalationLevel}`);
  }
  exportTo(options.json, `${JSON.stringify(report, null, 2)}\n`);
};

const projections = async (action: string | undefined) => {
  if (action !== 'status' && action !== 'rebuild') fail(`projections status | rebuild\n\n${usage}`);
  const status: ProjectionStatus = options.api
    ? ((await api(`/admin/projections${action === 'rebuild' ? '/rebuild' : ''}`, { method: action === 'rebuild' ? 'POST' : 'GET', roles: 'admin' })()) as unknown as ProjectionStatus)
    : await withStorage(async ({ store, readModels }) => {
        const projector = await Projector.open(store, readModels);
        return action === 'rebuild' ? projector.rebuild() : projector.status();
      });
  console.log(JSON.stringify(status, null, 2));
};

const token = async () => {
  const ttl = Number(options.ttl);
  if (!options.roles) fail(`token needs --roles\n\n${usage}`);
  if (!Number.isInteger(ttl) || ttl < 1) fail('--ttl must be a whole number of seconds');
  console.log(await mintToken(options.roles!, ttl));
};

if (options.help || positionals.length === 0) {
  console.log(usage);
  process.exit(options.help ? 0 : 2);
}
const [command, argument] = positionals;
switch (command) {
  case 'audit':
    await audit(argument);
    break;
  case 'what-if':
    await whatIfCommand();
    break;
  case 'projections':
    await projections(argument);
    break;
  case 'token':
    await token();
    break;
  default:
    fail(`Unknown command ${command}\n\n${usage}`);
}
