import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { customerEntity, type CustomerRecordInput } from '../libs/contracts/index.js';
import { EntityWorkflow } from './entity-workflow.js';

/**
 * One customer's record, for as long as it is a customer: the single writer
 * of its stream, taking changes to its contacts and details and a merge, in
 * turn. It keeps no clocks: it waits for requests, and continues as new when
 * its history grows long.
 */
export async function customerRecord(input: CustomerRecordInput): Promise<void> {
  const shell = new EntityWorkflow(customerEntity, input.customerId, input.carried, {
    notRegistered: 'customer-not-registered',
    followUp: () => undefined,
    searchAttributes: () => [],
  });
  shell.serve();
  if (!(await shell.registration())) return;
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await shell.followUps.settle();
  await continueAsNew<typeof customerRecord>({ customerId: input.customerId, carried: shell.snapshot()! });
}
