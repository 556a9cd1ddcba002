import type { defineSearchAttributeKey } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { NativeConnection } from '@temporalio/worker';

type OperatorService = NativeConnection['operatorService'];
type SearchAttributeKey = ReturnType<typeof defineSearchAttributeKey>;

const { IndexedValueType } = proto.temporal.api.enums.v1;

/**
 * Registers the search attributes the workflows set, if the namespace lacks
 * them. A dev server started on an existing database file ignores
 * `--search-attribute`, and a cluster has none until someone adds them, so
 * every worker start makes sure; adding is idempotent.
 */
export const ensureSearchAttributes = async (
  operator: OperatorService,
  namespace: string,
  keys: readonly SearchAttributeKey[],
): Promise<string[]> => {
  const { customAttributes } = await operator.listSearchAttributes({ namespace });
  const missing = keys.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return [];
  await operator.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
    ),
  });
  return missing.map((key) => key.name);
};
