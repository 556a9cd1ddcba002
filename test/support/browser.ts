import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download cannot run here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A headless Chromium kept off the network beyond this machine. Playwright
 * gives every launch a fresh, empty profile of its own.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });

/** The phone every screen is checked on. */
export const phone = { width: 390, height: 844 };

/** Set SCREENSHOTS_DIR (npm run screenshots does) to keep a picture of each screen. */
const screenshotsDir = process.env.SCREENSHOTS_DIR;

/** A picture of the page under its name, when pictures are asked for. */
export const shoot = async (page: Page, name: string): Promise<void> => {
  if (!screenshotsDir) return;
  mkdirSync(screenshotsDir, { recursive: true });
  await page.waitForLoadState('networkidle');
  // Motion finished, so a tooltip stands where its handle is.
  // A phone's screen is shown whole: what lies below the fold is what a thumb scrolls to.
  const fullPage = (page.viewportSize()?.width ?? 1440) < 500;
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), animations: 'disabled', fullPage });
};

/** How wide the page lays out: wider than the phone, and it scrolls sideways. */
export const pageWidth = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth,
  );

/** Waits for the page's animations (a modal zooming in, a dropdown sliding down) to end: a click during one can miss. */
export const settled = (page: Page): Promise<unknown> =>
  page.evaluate(() => {
    type Running = { finished: Promise<unknown>; effect: { getTiming(): { iterations?: number } } | null };
    const running = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document.getAnimations();
    // A spinner or a status dot turns for ever: waiting for it to finish would hold the test until its timeout.
    const finite = running.filter((animation) => animation.effect?.getTiming().iterations !== Infinity);
    return Promise.race([
      Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 5000)),
    ]);
  });
