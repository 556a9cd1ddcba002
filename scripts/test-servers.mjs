// Builds the servers the tests talk to, once for this machine, and prints their paths:
// the Versity S3 gateway (the S3 blob store) and Mailpit (SMTP, with an HTTP API to read what arrived).
// A test whose server is missing is skipped, saying why.
import { fileURLToPath } from 'node:url';

const { resolveGoTool } = await import(
  fileURLToPath(new URL('../dist/libs/platform/temporal-cli.js', import.meta.url))
);
const { s3Gateway } = await import(fileURLToPath(new URL('../dist/test/support/s3-gateway.js', import.meta.url)));
const { mailpitTool } = await import(fileURLToPath(new URL('../dist/test/support/mailpit.js', import.meta.url)));
let failed = false;
for (const tool of [s3Gateway, mailpitTool]) {
  try {
    console.log(await resolveGoTool(tool, { log: (line) => console.error(line) }));
  } catch (error) {
    console.error(`${tool.binary} could not be built: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
