export * from './complaint.js';
export * from './event-store-activities.js';
export * from './failures.js';
export * from './search-attributes.js';
export * from './supplier.js';
export * from './causation.js';
export * from './policy.js';
