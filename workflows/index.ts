export { complaintCase } from './complaint-case.workflow.js';
