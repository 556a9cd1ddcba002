export * from './decider.js';
export * from './errors.js';
export * from './complaint/vocabulary.js';
export * from './complaint/complaint.events.js';
export * from './complaint/complaint.commands.js';
export * from './complaint/complaint.decider.js';
