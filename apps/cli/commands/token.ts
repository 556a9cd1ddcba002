import { fail, usageFailure, type CliContext } from '../context.js';

/** `qloop token --actor NAME --roles R[,R]`: a bearer token signed with the secret this machine holds. */
export const token = async (cli: CliContext): Promise<number> => {
  const { roles, ttl } = cli.options;
  if (!roles) return usageFailure('token needs --roles');
  const seconds = Number(ttl);
  if (!Number.isInteger(seconds) || seconds < 1) fail('--ttl must be a whole number of seconds');
  cli.print(await cli.mintToken(roles, seconds));
  return 0;
};
