import { parseArgs } from 'node:util';
import { audit } from './commands/audit.js';
import { projections } from './commands/projections.js';
import { token } from './commands/token.js';
import { whatIf } from './commands/what-if.js';
import { CliContext, CliFailure, type CliIo, type CliOptions } from './context.js';
import { usage } from './usage.js';

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
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
      'accept-unverified': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** Runs one command line; answers the exit status. Failures are reported on `io.err`, never thrown. */
export const runCli = async (args: readonly string[], io: CliIo): Promise<number> => {
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      throw new CliFailure(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (values.help || positionals.length === 0) {
      io.out(`${usage}\n`);
      return values.help ? 0 : 2;
    }
    const cli = new CliContext(values as CliOptions, io);
    const [command, argument] = positionals;
    switch (command) {
      case 'audit':
        return await audit(cli, argument);
      case 'what-if':
        return await whatIf(cli);
      case 'projections':
        return await projections(cli, argument);
      case 'token':
        return await token(cli);
      default:
        throw new CliFailure(`Unknown command ${command}\n\n${usage}`);
    }
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    io.err(`${error.message}\n`);
    return error.exitCode;
  }
};
