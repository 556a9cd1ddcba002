// Builds the Versity S3 gateway once for this machine (the S3 blob store's
// tests run against it) and prints its path; skipped tests say when it is missing.
import { fileURLToPath } from 'node:url';

const { resolveGoTool } = await import(
  fileURLToPath(new URL('../dist/libs/platform/temporal-cli.js', import.meta.url))
);
const { s3Gateway } = await import(fileURLToPath(new URL('../dist/test/support/s3-gateway.js', import.meta.url)));
console.log(await resolveGoTool(s3Gateway, { log: (line) => console.error(line) }));
