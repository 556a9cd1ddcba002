export { complaintCase } from './complaint-case.workflow.js';
export { supplierCycle } from './supplier-cycle.workflow.js';
export { customerRecord } from './customer-record.workflow.js';
