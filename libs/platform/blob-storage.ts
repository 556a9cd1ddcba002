import { FsBlobStore, S3BlobStore, SqlBlobStore, type BlobStore } from '../blob-store/index.js';
import type { SqlDatabase } from '../event-store/index.js';
import type { BlobStoreConfig } from './config.js';

/** The blob schema beside an event store schema: `blobs` next to `public`, `<schema>_blobs` otherwise. */
export const blobSchemaOf = (storeSchema = 'public'): string =>
  storeSchema === 'public' ? 'blobs' : `${storeSchema}_blobs`;

/** Opens the configured blob store; `postgres` keeps its tables in the event store's own database. */
export const openBlobStore = async (
  config: BlobStoreConfig,
  eventStore: Readonly<{ database?: SqlDatabase; schema?: string }> = {},
): Promise<BlobStore> => {
  switch (config.kind) {
    case 'embedded':
      return FsBlobStore.open(config.dir);
    case 'postgres':
      if (!eventStore.database)
        throw new Error('BLOB_STORE=postgres keeps blobs in the event store, which has no SQL database here');
      return SqlBlobStore.open(eventStore.database, blobSchemaOf(eventStore.schema));
    case 's3':
      return new S3BlobStore(config);
  }
};
