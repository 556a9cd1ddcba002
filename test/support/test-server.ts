import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { cachedGoTool, type GoTool } from '../../libs/platform/temporal-cli.js';

/** Where a test server built from Go is: its path variable, else the machine's cache. */
export const testServerPath = (tool: GoTool): string => process.env[tool.pathVariable] || cachedGoTool(tool);

/** Why the tests of a server built from Go cannot run here, if they cannot. */
export const testServerUnavailable = (tool: GoTool, name: string): string | undefined => {
  try {
    accessSync(testServerPath(tool), constants.X_OK);
    return undefined;
  } catch {
    return `no ${name} at ${testServerPath(tool)} (npm run test:servers builds it; .ci/run does)`;
  }
};

/** Until something takes connections on this loopback port. */
export const listening = async (name: string, port: number, within = 20_000): Promise<void> => {
  const until = Date.now() + within;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(!!socket.end()));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`${name} did not listen on ${port}`);
    await sleep(100);
  }
};
