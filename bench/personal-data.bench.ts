import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { median, report } from './measure.js';
import { bearer, scratchDatabase, startProduct, startTemporal } from './support/services.js';

/**
 * 12. Personal data sealed: registering a complaint for a person (its name
 * and the contact typed sealed by the API under the person's key, and both
 * opened in the answer) against the same registration for a company named
 * without a contact (nothing to seal or open), through the whole product in
 * cluster mode. Goal: at most 1.1 times the latency (ratio 0.91 or above).
 */
const registrations = Number(process.env.BENCH_PERSONAL_REGISTRATIONS ?? 80);

export const runPersonalData = async (): Promise<void> => {
  const temporal = await startTemporal();
  const db = await scratchDatabase();
  const product = await startProduct(temporal.address, db.url);
  try {
    const owner = await bearer('li.wei', 'owner');
    const post = async (path: string, body: unknown) => {
      const started = performance.now();
      const response = await fetch(`${product.baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...owner },
        body: JSON.stringify(body),
      });
      const answer = await response.text();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${answer}`);
      return performance.now() - started;
    };
    await post('/customers', {
      id: 'CUS-PERSON',
      name: 'Zhou Xiaomei 周晓梅',
      kind: 'person',
      contacts: [{ name: 'Zhou Xiaomei 周晓梅', email: 'zhou.xiaomei@example.cn', phone: '+86 138 0013 8000' }],
    });
    await post('/customers', { id: 'CUS-COMPANY', name: 'Hangzhou Valve Co.', kind: 'company' });
    const sealed = { ...RegisterComplaintDto.example, customer: { id: 'CUS-PERSON', contact: '+86 138 0013 8000' } };
    const plain = { ...RegisterComplaintDto.example, customer: { id: 'CUS-COMPANY' } };
    for (let i = 0; i < 5; i++) await Promise.all([post('/complaints', sealed), post('/complaints', plain)]); // warm-up
    const samples = { sealed: [] as number[], plain: [] as number[] };
    // Interleaved, so a pause of the machine falls on both alike.
    for (let i = 0; i < registrations; i++) {
      samples.sealed.push(await post('/complaints', sealed));
      samples.plain.push(await post('/complaints', plain));
    }
    console.log(
      `\nRegistering a complaint with personal fields sealed and opened, against one with none, median of ${registrations} interleaved, cluster mode on PostgreSQL.\n`,
    );
    report(
      'complaint registered: sealed vs no personal data',
      median(samples.sealed),
      median(samples.plain),
      'ms',
      false,
    );
  } finally {
    await product.stop();
    await temporal.stop();
    await db.drop();
  }
};
