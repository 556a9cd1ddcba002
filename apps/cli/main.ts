#!/usr/bin/env node
import { runCli } from './cli.js';

// The one place the CLI meets the process: every command answers its exit status, and a fault is status 2, never 1 (tampered).
try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 2;
}
