export { complaintCase } from './complaint-case.workflow.js';
export { supplierCycle } from './supplier-cycle.workflow.js';
