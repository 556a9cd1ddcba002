import { randomUUID } from 'node:crypto';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { complaintStreamId, customerStreamId } from '../libs/contracts/index.js';
import { median, report } from './measure.js';
import { analysedCase } from './support/complaint-snapshot.js';
import { readApi } from './support/read-api.js';

/**
 * 11. The customer file: `GET /customers/:id/file` of a customer with 1,000
 * complaints against listing the same 1,000 rows from the read model
 * (`GET /complaints?customerId=`, two pages of 500), through the whole API on
 * the embedded store, the read models caught up. Goal: at least half the
 * listing's speed, for a file that also counts, ranks and dates them.
 */
const complaints = Number(process.env.BENCH_CUSTOMER_COMPLAINTS ?? 1_000);
const reads = Number(process.env.BENCH_CUSTOMER_READS ?? 50);

export const runCustomerFile = async (): Promise<void> => {
  const api = await readApi('customer');
  try {
    const { store } = api;
    const customerId = RegisterComplaintDto.example.customer.id;
    const at = new Date().toISOString();
    await store.append(
      customerStreamId(customerId),
      [
        {
          id: randomUUID(),
          type: 'CustomerRegistered',
          data: { customerId, name: 'Hangzhou Valve Co.', kind: 'company', contacts: [], by: 'bench', at },
          metadata: { actor: 'bench' },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    for (let i = 0; i < complaints; i++) {
      const complaintId = randomUUID();
      const events = analysedCase(complaintId).events.map((event) => ({
        ...event,
        id: randomUUID(),
        metadata: { actor: 'bench' },
      }));
      await store.append(complaintStreamId(complaintId), events, { expectedRevision: 'no-stream' });
    }
    const timed = await api.serve();
    const file = [`/api/v1/customers/${customerId}/file`];
    const listing = [0, 500].map((offset) => `/api/v1/complaints?customerId=${customerId}&limit=500&offset=${offset}`);
    for (let i = 0; i < 5; i++) await Promise.all([timed(...file), timed(...listing)]); // warm-up
    const samples = { file: [] as number[], listing: [] as number[] };
    // Interleaved, so a pause of the machine falls on both alike.
    for (let i = 0; i < reads; i++) {
      samples.file.push(await timed(...file));
      samples.listing.push(await timed(...listing));
    }
    console.log(
      `\nThe file of a customer with ${complaints} complaints against listing them, median of ${reads} interleaved reads, embedded store.\n`,
    );
    report(`customer file vs listing ${complaints} rows`, median(samples.file), median(samples.listing), 'ms', false);
  } finally {
    await api.close();
  }
};
