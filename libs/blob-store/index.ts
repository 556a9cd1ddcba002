export * from './blob-store.js';
export { FsBlobStore } from './fs-blob-store.js';
export { SqlBlobStore } from './sql-blob-store.js';
export { S3BlobStore, type S3BlobStoreConfig } from './s3-blob-store.js';
