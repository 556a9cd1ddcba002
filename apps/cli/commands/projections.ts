import { Projector, type ProjectionStatus } from '../../../libs/projections/index.js';
import { PersonalData } from '../../../libs/platform/personal-data.js';
import { usageFailure, type CliContext } from '../context.js';

/** `qloop projections status | rebuild`: the read models' lag, or a rebuild of them from the store. */
export const projections = async (cli: CliContext, action: string | undefined): Promise<number> => {
  if (action !== 'status' && action !== 'rebuild') return usageFailure('projections status | rebuild');
  const rebuild = action === 'rebuild';
  const status: ProjectionStatus = cli.options.api
    ? ((await cli.api(`/admin/projections${rebuild ? '/rebuild' : ''}`, {
        method: rebuild ? 'POST' : 'GET',
        roles: 'admin',
      })) as unknown as ProjectionStatus)
    : await cli.withStorage(async (storage) => {
        // The columns hold the customers' names and contacts opened, as the product's own projector writes them.
        const personal = rebuild ? await PersonalData.open(storage, cli.config) : undefined;
        const projector = await Projector.open(storage.store, storage.readModels, personal ? { personal } : {});
        return rebuild ? projector.rebuild() : projector.status();
      });
  cli.print(JSON.stringify(status, null, 2));
  return 0;
};
