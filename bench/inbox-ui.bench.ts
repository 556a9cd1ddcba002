import { complaintStreamId } from '../libs/contracts/index.js';
import { PostgresDatabase, SqlEventStore } from '../libs/event-store/index.js';
import { appendHistories, generateComplaintHistories } from '../test/support/generated-history.js';
import { launchBrowser } from '../test/support/browser.js';
import { median, report } from './measure.js';
import { bearer, scratchDatabase, startProduct, startTemporal } from './support/services.js';

/**
 * 7. The web UI's first load: an inbox over 10,000 cases, in Debian's
 * Chromium with an empty cache, from navigation to the first page of rows on
 * screen (time to usable), and the bytes it shipped. The baseline is the same
 * first page of the list fetched alone as JSON: what no UI can load faster.
 */
const cases = Number(process.env.BENCH_INBOX_CASES ?? 10_000);
const loads = Number(process.env.BENCH_ROUNDS ?? 5);
const inbox = '/?view=all';
const listPath = '/api/v1/complaints?status=open&sort=dueAt&limit=50&offset=0';

export const runInboxUi = async (): Promise<void> => {
  const database = await scratchDatabase();
  const store = await SqlEventStore.open(PostgresDatabase.connect(database.url));
  const histories = generateComplaintHistories(cases, 11);
  await appendHistories(
    store,
    histories.map(({ complaintId, events }) => ({ streamId: complaintStreamId(complaintId), events })),
  );
  await store.close();
  const temporal = await startTemporal();
  const product = await startProduct(temporal.address, database.url);
  const browser = await launchBrowser();
  try {
    const auth = await bearer('li.wei', 'supervisor');
    const session = JSON.stringify({
      token: auth.authorization.slice('Bearer '.length),
      me: { subject: 'li.wei', roles: ['supervisor'], team: [] },
    });
    // The read models must hold every case before the clock starts.
    for (;;) {
      const status = (await (
        await fetch(`${product.baseUrl}/api/v1/admin/projections`, { headers: await bearer('ops', 'admin') })
      ).json()) as { lag: number };
      if (status.lag === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const ui: { ms: number; bytes: number }[] = [];
    const bare: { ms: number; bytes: number }[] = [];
    for (let round = 0; round < loads; round++) {
      // By turns, each in a fresh context: no cache, no service worker, nothing warm but the server.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en' });
      // Signed in already: the sign-in page is not what is measured.
      await context.addInitScript(
        (value) =>
          (
            globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
          ).sessionStorage.setItem('qloop.session', value),
        session,
      );
      const page = await context.newPage();
      let bytes = 0;
      page.on('response', async (response) => {
        bytes += Number(
          (await response.headerValue('content-length')) ?? (await response.body().catch(() => Buffer.alloc(0))).length,
        );
      });
      const started = performance.now();
      await page.goto(`${product.baseUrl}${inbox}`);
      await page.locator('tr[data-row-key]').nth(49).waitFor({ timeout: 60_000 });
      ui.push({ ms: performance.now() - started, bytes });
      await context.close();

      const raw = await browser.newContext({ extraHTTPHeaders: auth });
      const rawPage = await raw.newPage();
      const rawStarted = performance.now();
      const response = await rawPage.goto(`${product.baseUrl}${listPath}`);
      const body = await response!.body();
      bare.push({ ms: performance.now() - rawStarted, bytes: body.length });
      await raw.close();
    }
    console.log(`inbox-ui: ${cases} cases, first page of 50 rows, ${loads} cold loads each`);
    report(
      'inbox first load, time to usable (median)',
      median(ui.map((load) => load.ms)),
      median(bare.map((load) => load.ms)),
      'ms',
      false,
    );
    report(
      'inbox first load, bytes shipped (median)',
      median(ui.map((load) => load.bytes)) / 1024,
      median(bare.map((load) => load.bytes)) / 1024,
      'KiB',
      false,
    );
  } finally {
    await browser.close();
    await product.stop();
    await temporal.stop();
    await database.drop();
  }
};
