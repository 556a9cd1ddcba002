import { runAppends } from './appends.bench.js';
import { runCustomerFile } from './customer-file.bench.js';
import { runEmbedded } from './embedded.bench.js';
import { runEvidence } from './evidence.bench.js';
import { runFloor } from './floor.bench.js';
import { runHttp } from './http.bench.js';
import { runInboxUi } from './inbox-ui.bench.js';
import { runOpenCases } from './open-cases.bench.js';
import { runPersonalData } from './personal-data.bench.js';
import { runRead } from './read.bench.js';
import { runReplay } from './replay.bench.js';
import { runScale } from './scale.bench.js';
import { runSteps } from './steps.bench.js';

/**
 * `npm run bench [-- name ...]`: each benchmark measures the product against
 * its baseline in the same run, on this machine, and prints one line per
 * figure (name, ours, baseline, ratio; above 1 is better for us).
 */
const benchmarks: Record<string, () => Promise<void>> = {
  steps: runSteps,
  appends: runAppends,
  replay: runReplay,
  'open-cases': runOpenCases,
  http: runHttp,
  'inbox-ui': runInboxUi,
  embedded: runEmbedded,
  floor: runFloor,
  read: runRead,
  evidence: runEvidence,
  'customer-file': runCustomerFile,
  'personal-data': runPersonalData,
};

/** Run only when named: it seeds a million cases (BENCHMARKS.md, scale). */
const onRequest: Record<string, () => Promise<void>> = { scale: runScale };

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !benchmarks[name] && !onRequest[name]);
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; known: ${[...Object.keys(benchmarks), ...Object.keys(onRequest)].join(', ')}`,
  );
  process.exit(2);
}
console.log(
  `qloop benchmarks on ${(await import('node:os')).cpus().length} CPUs, Node.js ${process.version}, ${new Date().toISOString()}`,
);
for (const name of chosen.length > 0 ? chosen : Object.keys(benchmarks)) {
  const started = performance.now();
  await (benchmarks[name] ?? onRequest[name])!();
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
process.exit(0);
