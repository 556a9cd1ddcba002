import autocannon, { type Result } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { AnalyseStepDto } from '../apps/api/complaints/dto/step-bodies.dto.js';
import { freePort } from '../libs/support/free-port.js';
import { median, report } from './measure.js';
import { bearer, httpReady, spawnNode } from './support/services.js';

/**
 * 6. HTTP overhead: a step's route through the whole NestJS API, Temporal
 * stubbed, against a bare express handler answering the same JSON, each
 * server a process of its own, loaded by autocannon from this one.
 */
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

export const runHttp = async (): Promise<void> => {
  const complaintId = randomUUID();
  const servers = await Promise.all(
    (['ours', 'bare'] as const).map(async (kind) => {
      const port = await freePort();
      const child = await spawnNode(
        'bench/http/server.js',
        [kind, String(port), complaintId],
        {},
        httpReady(`http://127.0.0.1:${port}/health`),
      );
      return { kind, child, url: `http://127.0.0.1:${port}/api/v1/complaints/${complaintId}/steps/analyse` };
    }),
  );
  const headers = { 'content-type': 'application/json', ...(await bearer('li.wei', 'owner')) };
  const body = JSON.stringify(AnalyseStepDto.example);
  const load = async (url: string, duration: number): Promise<Result> => {
    const result = await autocannon({ url, method: 'POST', headers, body, connections, duration });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return result;
  };
  try {
    for (const { url } of servers) await load(url, 2); // warm-up
    const samples: Record<string, Result[]> = { ours: [], bare: [] };
    for (let round = 0; round < rounds; round++)
      for (const { kind, url } of servers) samples[kind]!.push(await load(url, seconds));
    const pick = (kind: string, figure: (result: Result) => number) => median(samples[kind]!.map(figure));
    console.log(
      `\nHTTP overhead, median of ${rounds} interleaved rounds of ${seconds} s, ${connections} connections, POST .../steps/analyse.\n`,
    );
    report(
      'http requests/s, Temporal stubbed',
      pick('ours', (r) => r.requests.average),
      pick('bare', (r) => r.requests.average),
      'req/s',
    );
    report(
      'http latency (p50)',
      pick('ours', (r) => r.latency.p50),
      pick('bare', (r) => r.latency.p50),
      'ms',
      false,
    );
    report(
      'http latency (p99)',
      pick('ours', (r) => r.latency.p99),
      pick('bare', (r) => r.latency.p99),
      'ms',
      false,
    );
  } finally {
    for (const { child } of servers) await child.stop();
  }
};
