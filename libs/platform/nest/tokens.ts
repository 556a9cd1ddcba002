export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTOR = Symbol('PROJECTOR');
/** What the start-up check of the store's pages found (the embedded store), or null. */
export const STORE_PAGE_CHECK = Symbol('STORE_PAGE_CHECK');
/** Where the files that events name are kept (`BlobStore`). */
export const BLOB_STORE = Symbol('BLOB_STORE');
/** The customers' personal data, sealed and opened under their keys (`PersonalData`). */
export const PERSONAL_DATA = Symbol('PERSONAL_DATA');
