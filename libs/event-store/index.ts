export * from './event-store.js';
export * from './hash-chain.js';
export * from './open-event-store.js';
export { SqlEventStore } from './sql/sql-event-store.js';
export { PgliteDatabase } from './pglite/pglite-database.js';
export { PostgresDatabase } from './postgres/postgres-database.js';
export * from './subscription.js';
export * from './upcasting.js';
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
