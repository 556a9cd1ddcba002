import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { existsSync } from 'node:fs';
import { chromiumPath, launchBrowser, pageWidth, phone, settled, shoot } from '../support/browser.js';
import { describeUnless } from '../support/skip.js';
import { startApp, type RunningApp } from '../support/app-process.js';

type BrowserGlobals = {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
};

/**
 * The public complaint form in a real Chromium against the product as `npm
 * start` runs it, on an app of its own: a stranger on a phone, in Chinese,
 * with no account, and the supervisor who finds the case in the inbox.
 */
// Skipped, with its reason printed, only where Debian's Chromium is missing: .ci/run installs it, so it runs in CI.
describeUnless(
  existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath} (apt-get install chromium fonts-noto-cjk, as .ci/run does)`,
)('the public complaint form in a browser', () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-public-form-web-'));
    // No JWT_SECRET: the embedded sign-in, where the supervisor is picked on this machine.
    app = await startApp(join(dataDir, 'data'), { env: { JWT_SECRET: '' } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Someone signed in at their own browser, through the embedded sign-in. */
  const person = async (subject: string, roles: string[], language: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: language });
    await context.addInitScript((lang) => {
      (globalThis as unknown as BrowserGlobals).localStorage.setItem('qloop.language', lang);
    }, language);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByTestId('sign-in-subject').fill(subject);
    for (const role of ['owner', 'supervisor', 'quality-engineer', 'auditor', 'admin']) {
      const box = page.locator(`input[type=checkbox][value="${role}"]`);
      if ((await box.isChecked()) !== roles.includes(role)) await box.click();
    }
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('signed-in-as').waitFor();
    return page;
  };

  it('takes a complaint through the public form on a phone in Chinese, with no account, and shows it in the inbox', async () => {
    const pocket = await browser.newContext({ viewport: phone, locale: 'zh-CN' });
    await pocket.addInitScript(() => {
      (globalThis as unknown as BrowserGlobals).localStorage.setItem('qloop.language', 'zh-CN');
    });
    const customer = await pocket.newPage();
    customer.on('pageerror', (error) => {
      throw error;
    });
    await customer.goto(`${app.baseUrl}/report`);
    await customer.getByTestId('public-report').waitFor();
    const form = customer.getByTestId('public-report');
    // Sent empty: each required field says so, and nothing goes.
    await customer.getByTestId('report-submit').click();
    await customer.getByText('请留下电子邮箱或电话，以便我们回复您').waitFor();
    await form.getByLabel('您的姓名', { exact: true }).fill('周晓梅');
    await form.getByLabel('电子邮箱', { exact: true }).fill('xiaomei.zhou@mail.example');
    await form.getByLabel('产品', { exact: true }).fill('DN50-BV-316');
    await form.getByLabel('批号', { exact: true }).fill('L2026-1108');
    await form.getByLabel('一句话概括', { exact: true }).fill('阀门法兰处渗漏');
    await form.getByLabel('详细经过', { exact: true }).fill('收到的 40 只阀门中有 3 只在 6 bar 试压时法兰处渗漏。');
    // A photo from the phone, sent with the complaint.
    const photo = await sharp({ create: { width: 6, height: 6, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer();
    await form.locator('input[type=file]').setInputFiles({ name: '法兰.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByText('法兰.jpg').waitFor();
    const width = await pageWidth(customer);
    assert.ok(width <= phone.width, `the public form is ${width} px wide on a phone`);
    // What the person sees before sending: the check done while they typed.
    await customer.getByText('已验证').waitFor({ timeout: 60_000 });
    await customer.getByTestId('report-submit').click();
    await customer
      .getByTestId('report-thanks')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nThe page said: ${(await customer.locator('body').innerText()).slice(-400)}`);
      });
    const number = (await customer.getByTestId('report-number').textContent())!.trim();
    assert.match(number, /^CMP-\d{4}-\d{6}$/);
    assert.equal(await customer.getByTestId('report-files-kept').textContent(), '已为您的投诉添加 1 个文件。');
    await shoot(customer, 'phone-report-thanks-zh');
    // The filled form, for its picture: taken on a page of its own, as a screenshot stops the widget's work.
    const again = await pocket.newPage();
    await again.goto(`${app.baseUrl}/report`);
    const picture = again.getByTestId('public-report');
    await picture.waitFor();
    await picture.getByLabel('您的姓名', { exact: true }).fill('周晓梅');
    await picture.getByLabel('电子邮箱', { exact: true }).fill('xiaomei.zhou@mail.example');
    await picture.getByLabel('产品', { exact: true }).fill('DN50-BV-316');
    await picture.getByLabel('一句话概括', { exact: true }).fill('阀门法兰处渗漏');
    await again.getByText('已验证').waitFor({ timeout: 60_000 });
    await settled(again);
    await shoot(again, 'phone-report-zh');
    await pocket.close();

    // In English on a desktop: the same form.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    const deskPage = await desk.newPage();
    await deskPage.goto(`${app.baseUrl}/report`);
    await deskPage.getByTestId('public-report').waitFor();
    await deskPage.getByText('Tell us about a problem').first().waitFor();
    await settled(deskPage);
    await shoot(deskPage, 'report-en');
    await desk.close();

    // The supervisor finds it in the inbox, from the web, owned by nobody.
    const supervisor = await person('sup.wang', ['supervisor'], 'zh-CN');
    await supervisor.goto(`${app.baseUrl}/?view=everything`);
    await supervisor.getByText(number).first().waitFor();
    assert.match((await supervisor.locator('body').textContent())!, /阀门法兰处渗漏[^]*周晓梅[^]*未指派/);
    await supervisor.goto(`${app.baseUrl}/complaints/${number}`);
    await supervisor.getByText('阀门法兰处渗漏').first().waitFor();
    await supervisor.getByText('DN50-BV-316 / L2026-1108').first().waitFor();
    assert.match((await supervisor.locator('body').textContent())!, /DN50-BV-316 \/ L2026-1108/);
    // The photo is on the case, from the customer.
    await supervisor.getByText('法兰.jpg').first().waitFor();
    await supervisor.context().close();
  });
});
