// Prints the Temporal CLI path, building it once for this machine if need be
// (TEMPORAL_CLI_PATH, then PATH, then ~/.cache/qloop, then go install).
import { fileURLToPath } from 'node:url';

const { resolveTemporalCli } = await import(
  fileURLToPath(new URL('../dist/libs/platform/temporal-cli.js', import.meta.url))
);
console.log(await resolveTemporalCli({ log: (line) => console.error(line) }));
