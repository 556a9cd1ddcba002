export * from './complaint-record.js';
export * from './supplier-record.js';
export * from './read-models.js';
export * from './projections.js';
export * from './projector.js';
export * from './queries.js';
export * from './reports.js';
