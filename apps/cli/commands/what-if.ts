import { readComplaintStreams, whatIf as rerun, type WhatIfReport } from '../../../libs/audit/index.js';
import { InvalidPolicy, parseSlaPolicy, type SlaPolicy } from '../../../libs/domain/index.js';
import { ConfigError, inEnglish } from '../../../libs/platform/config-error.js';
import { loadPolicyFile } from '../../../libs/platform/policy-file.js';
import { fail, usageFailure, type CliContext } from '../context.js';

const readPolicy = (file: string): { document: unknown; policy: SlaPolicy } => {
  try {
    const document = loadPolicyFile('--policy', file, (d) => d, undefined, { calendarIncludes: true });
    return { document, policy: parseSlaPolicy(document) };
  } catch (error) {
    const problems =
      error instanceof InvalidPolicy || error instanceof ConfigError ? error.problems.map(inEnglish) : [String(error)];
    return fail(`The policy cannot be used:\n${problems.join('\n')}`);
  }
};

/** `qloop what-if --policy FILE`: every past case's clocks re-run under another SLA policy. */
export const whatIf = async (cli: CliContext): Promise<number> => {
  const { policy: file, from, to, api, json } = cli.options;
  if (!file) return usageFailure('what-if needs --policy FILE');
  const { document, policy } = readPolicy(file);
  const report: WhatIfReport = api
    ? ((await cli.api('/audit/what-if', {
        method: 'POST',
        body: { policy: document, from, to },
        roles: 'auditor',
      })) as unknown as WhatIfReport)
    : await cli.withStorage(async ({ store }) => rerun(await readComplaintStreams(store, { from, to }), policy));
  const { summary } = report;
  cli.print(`Cases: ${summary.cases}`);
  cli.print(`Breached:  ${summary.breachedActual} as they ran, ${summary.breachedHypothetical} under ${file}`);
  cli.print(`  newly breached ${summary.newlyBreached}, no longer breached ${summary.noLongerBreached}`);
  cli.print(`Escalated: ${summary.escalatedActual} as they ran, ${summary.escalatedHypothetical} under ${file}`);
  cli.print(`Due at other times: ${summary.dueTimesMoved}`);
  for (const c of report.cases.filter((x) => x.changed)) {
    cli.print(
      `  ${c.complaintId} (${c.severity}, ${c.status}): breached ${c.actual.breached} -> ${c.hypothetical.breached}, level ${c.actual.maxEscalationLevel} -> ${c.hypothetical.maxEscalationLevel}`,
    );
    for (const due of c.dueTimes) cli.print(`    ${due.clock} due ${due.actual ?? '-'} -> ${due.hypothetical ?? '-'}`);
  }
  cli.exportTo(json, `${JSON.stringify(report, null, 2)}\n`);
  return 0;
};
