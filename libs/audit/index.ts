export * from './audit.js';
export * from './fetch-workflow-histories.js';
export * from './point-in-time.js';
export * from './timeline.js';
export * from './what-if.js';
export * from './workflow-evidence.js';
export * from './complaint-streams.js';
export * from './file-audit.js';
