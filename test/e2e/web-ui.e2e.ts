import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { defaultSlaPolicyDocument } from '../../libs/domain/index.js';
import { englishRuns } from '../../libs/support/english-runs.js';
import { chromiumPath, launchBrowser, pageWidth, phone, settled, shoot } from '../support/browser.js';
import { contrastFailures } from '../support/contrast.js';
import { describeUnless } from '../support/skip.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';

/** What the page's own scripts see (this file is compiled without the DOM's types). */
type BrowserGlobals = {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
};

/** Low-severity cases must be acknowledged within 3 seconds: a clock that runs out while the test watches. */
const policy = {
  severities: {
    ...defaultSlaPolicyDocument.severities,
    low: { ...defaultSlaPolicyDocument.severities.low, acknowledge: 'PT3S' },
  },
};

/**
 * The web UI as its people use it, in a real Chromium against the real
 * product (embedded, as `npm start` runs it): an owner and a supervisor take
 * a case round the loop, a clock runs out, an auditor scrubs the history.
 */
// Skipped, with its reason printed, only where Debian's Chromium is missing: .ci/run installs it, so it runs in CI.
describeUnless(
  existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath} (apt-get install chromium fonts-noto-cjk, as .ci/run does)`,
)('the web UI in a browser', () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;
  /** The webhook's receiver refuses everything until it is mended: every notice becomes a dead letter. */
  let webhookAnswer = 410;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(webhookAnswer).end());
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-web-'));
    const policyPath = join(dataDir, 'sla-policy.json');
    writeFileSync(policyPath, JSON.stringify(policy));
    // Who holds the ladder's first rung: escalations ring their bell.
    const peoplePath = join(dataDir, 'people.yaml');
    writeFileSync(
      peoplePath,
      'people:\n  - { id: wang.fang, name: 王芳, language: zh-CN, roles: [supervisor, team-lead] }\n',
    );
    // No JWT_SECRET: the embedded sign-in, where a person is picked on this machine.
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    app = await startApp(join(dataDir, 'data'), {
      env: { JWT_SECRET: '', SLA_POLICY_PATH: policyPath, NOTIFY_WEBHOOK_URL: webhook, PEOPLE_PATH: peoplePath },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A person at their own browser (their own session), in English unless they switch. */
  const person = async (
    subject: string,
    roles: string[],
    language = 'en',
    signInShot?: string,
    viewport = { width: 1440, height: 900 },
  ): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: language });
    // The starting language; a switch made in the UI is remembered over it.
    await context.addInitScript((lang) => {
      const { localStorage } = globalThis as unknown as BrowserGlobals;
      if (!localStorage.getItem('qloop.language')) localStorage.setItem('qloop.language', lang);
    }, language);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${app.baseUrl}/`);
    await page.getByTestId('sign-in-subject').fill(subject);
    if (signInShot) await shoot(page, signInShot);
    for (const role of ['owner', 'supervisor', 'quality-engineer', 'auditor', 'admin']) {
      const box = page.locator(`input[type=checkbox][value="${role}"]`);
      if ((await box.isChecked()) !== roles.includes(role)) await box.click();
    }
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('signed-in-as').waitFor();
    assert.equal(await page.getByTestId('signed-in-as').textContent(), subject);
    return page;
  };

  /** Picks an option of the antd Select with this test id, once nothing moves: a click on a sliding dropdown can miss. */
  const choose = async (page: Page, select: string, option: string) => {
    await settled(page);
    await page.getByTestId(select).click();
    const item = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`);
    await item.waitFor();
    await settled(page);
    await item.click();
  };

  const stepForm = (page: Page, step: string) => page.getByTestId(`step-form-${step}`);
  const expectStep = (page: Page, label: string) =>
    waitFor(
      `the case to show ${label}`,
      async () => (await page.getByTestId('case-status').textContent()) === label,
      15_000,
    );

  /** Types a receipt time `minutesAgo` into the registration form, as the browser's clock reads it; returns what was typed. */
  const receivedBefore = async (page: Page, minutesAgo: number): Promise<string> => {
    const typed = await page.evaluate((minutes) => {
      const d = new Date(Date.now() - minutes * 60_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
    }, minutesAgo);
    const input = page.getByTestId('received-at');
    // Once the fields filled before it have closed their suggestions: a click during that lands on the page.
    await settled(page);
    await input.click();
    await input.fill(typed);
    // Confirmed with the picker's own button, once its panel stands still: Enter in the field may submit the whole form.
    await settled(page);
    await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
    return typed;
  };

  const register = async (
    page: Page,
    title: string,
    severity = 'Normal',
    shot?: string,
    receivedMinutesAgo?: number,
  ): Promise<string> => {
    await page.getByRole('link', { name: 'Register a complaint' }).click();
    await page.getByTestId('customer-name').fill('Hangzhou Valve Co.');
    if (severity !== 'Normal') await choose(page, 'severity', severity);
    const received = receivedMinutesAgo === undefined ? undefined : await receivedBefore(page, receivedMinutesAgo);
    await page.getByTestId('complaint-title').fill(title);
    await page.getByTestId('complaint-description').fill('Three of forty DN50 valves leak at the flange.');
    if (shot) await shoot(page, shot);
    await page.getByTestId('register-submit').click();
    // The case opens at its number, the address people read and say.
    await page.waitForURL(/\/complaints\/CMP-\d{4}-\d{6}$/);
    if (received) assert.equal(await page.getByTestId('case-received').textContent(), received);
    return page.url().split('/').at(-1)!;
  };

  let caseId = '';

  it('takes a case through all six steps, with a supervisor verifying, and loops back when verification fails', async () => {
    const owner = await person('li.wei', ['owner'], 'en', 'sign-in-en');
    // Logged half an hour after the customer called: the case shows both times.
    caseId = await register(owner, 'Valve bodies leak at 6 bar', 'Normal', 'register-en', 30);
    await expectStep(owner, 'Identify');
    assert.equal(await owner.getByTestId('case-title').textContent(), 'Valve bodies leak at 6 bar');

    const identify = stepForm(owner, 'identify');
    await identify
      .getByLabel('Acknowledgement sent to the customer', { exact: true })
      .fill('We have your complaint and will call back today.');
    await identify.getByTestId('step-submit').click();
    await expectStep(owner, 'Analyse');

    const analyse = stepForm(owner, 'analyse');
    await analyse.getByLabel('Root cause', { exact: true }).fill('Porosity in the casting at the flange.');
    await choose(owner, 'cause-category', 'Material');
    await analyse.getByLabel('Department', { exact: true }).fill('Casting');
    await analyse.getByTestId('step-submit').click();
    await expectStep(owner, 'Resolve');

    const resolve = async () => {
      const form = stepForm(owner, 'resolve');
      await form.getByLabel('Summary', { exact: true }).fill('Replaced the valves; casting inspection tightened.');
      await form.getByPlaceholder('Description').fill('Pressure-test every casting');
      // Enter picks the typed date and, the form's last field filled, sends the form.
      await form.getByPlaceholder('Due date').fill('2026-12-31');
      await form.getByPlaceholder('Due date').press('Enter');
      await expectStep(owner, 'Verify');
    };
    await resolve();
    // The one who implemented the resolution is offered no verify form: someone else verifies.
    await owner.getByTestId('waiting-for-verifier').waitFor();
    assert.match(
      (await owner.getByTestId('waiting-for-verifier').textContent())!,
      /Waiting for someone else to verify/,
    );
    assert.equal(await stepForm(owner, 'verify').count(), 0, 'no verify form for the implementer');
    await shoot(owner, 'case-en');

    // Verification is someone else's: the supervisor, in a browser of their own.
    const supervisor = await person('sup.wang', ['supervisor']);
    await supervisor.goto(`${app.baseUrl}/complaints/${caseId}`);
    await expectStep(supervisor, 'Verify');
    const failing = stepForm(supervisor, 'verify');
    await failing.getByTestId('verify-effective').click();
    await failing.getByLabel('Notes', { exact: true }).fill('Two valves from the new batch still leak.');
    await failing.getByTestId('step-submit').click();
    await expectStep(supervisor, 'Resolve');
    await supervisor.getByText('Failed verifications: 1').first().waitFor();
    // The resolution that failed stays on the record, marked as being redone; the form to redo it starts from it.
    await supervisor.getByTestId('superseded-resolution').waitFor();
    assert.equal(
      await stepForm(supervisor, 'resolve').getByLabel('Summary', { exact: true }).inputValue(),
      'Replaced the valves; casting inspection tightened.',
    );

    // Back with the owner: the page refreshes itself, and the loop goes round once more.
    await expectStep(owner, 'Resolve');
    await resolve();
    await supervisor.reload();
    await expectStep(supervisor, 'Verify');
    const passing = stepForm(supervisor, 'verify');
    await passing.getByLabel('Notes', { exact: true }).fill('No leak in 200 valves.');
    await passing.getByTestId('step-submit').click();
    await expectStep(supervisor, 'Feed back');

    await owner.reload();
    await expectStep(owner, 'Feed back');
    const feedback = stepForm(owner, 'feedback');
    await feedback.getByLabel("Customer's response", { exact: true }).fill('Replacement arrived quickly.');
    // No score is given for the customer: the form asks for the one they gave.
    await feedback.getByTestId('step-submit').click();
    await feedback.locator('.ant-form-item-explain-error').first().waitFor();
    await feedback.locator('.ant-rate-star').nth(4).click();
    await feedback.getByTestId('step-submit').click();
    await expectStep(owner, 'Archive');
    const archive = stepForm(owner, 'archive');
    await archive.getByLabel('Lessons learned', { exact: true }).fill('Inspect castings from new moulds at 100 %.');
    await archive.getByTestId('step-submit').click();
    await expectStep(owner, 'Archived');

    // The timeline tells the story in sentences (it loads on its own, after the case).
    await owner.getByText('li.wei archived the case').first().waitFor();
    const story = (await owner.locator('body').textContent())!;
    assert.match(story, /li\.wei registered the complaint/);
    assert.match(story, /sup\.wang verified the resolution: Not effective/);
    // Sent back by the failed verification: its own sentence, not a reopening.
    assert.match(story, /Verification failed: back to Resolve/);
    assert.doesNotMatch(story, /reopened the case/);
    assert.match(story, /li\.wei archived the case/);
    await owner.context().close();
    await supervisor.context().close();
  });

  it('keeps a reassignment: the identify form takes the new owner, and completing identify does not assign the case back', async () => {
    const supervisor = await person('sup.wang', ['supervisor', 'owner']);
    const id = await register(supervisor, 'Gasket cracks after a week');
    await expectStep(supervisor, 'Identify');
    const identify = stepForm(supervisor, 'identify');
    await waitFor(
      'the identify form',
      async () => (await identify.getByLabel('Owner', { exact: true }).inputValue()) !== '',
    );
    await supervisor.getByTestId('action-assign').click();
    await supervisor.getByTestId('action-form-assign').getByLabel('New owner', { exact: true }).fill('wang.fang');
    await supervisor.getByRole('button', { name: 'Send' }).click();
    await waitFor(
      'the form to show the new owner',
      async () => (await identify.getByLabel('Owner', { exact: true }).inputValue()) === 'wang.fang',
    );
    await identify
      .getByLabel('Acknowledgement sent to the customer', { exact: true })
      .fill('Received, we call back today.');
    await identify.getByTestId('step-submit').click();
    await expectStep(supervisor, 'Analyse');
    const session = await supervisor.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).localStorage.getItem('qloop.session'),
    );
    const { token } = JSON.parse(session!) as { token: string };
    const stored = await fetch(`${app.baseUrl}/api/v1/complaints/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(((await stored.json()) as { owner: string }).owner, 'wang.fang');
    await supervisor.context().close();
  });

  it('pauses a case for one of the policy’s reasons, and says why on the clock, in the timeline and in the waiting list', async () => {
    const owner = await person('li.wei', ['owner']);
    await register(owner, 'Seal swells in oil');
    // First what protects the customer now: the containment the case records.
    await owner.getByTestId('action-contain').click();
    await owner
      .getByTestId('action-form-contain')
      .getByLabel('What was done to protect the customer now', { exact: true })
      .fill('Customer stock sorted: 12 swollen seals quarantined');
    await owner.getByRole('button', { name: 'Send' }).click();
    await owner.getByTestId('case-containment').filter({ hasText: '12 swollen seals quarantined' }).waitFor();
    await owner.getByTestId('action-wait').click();
    await choose(owner, 'pause-reason', 'Awaiting the returned part');
    await owner
      .getByTestId('action-form-wait')
      .getByLabel('Reason', { exact: true })
      .fill('Three seals are on their way back');
    await owner.getByRole('button', { name: 'Send' }).click();
    await waitFor(
      'the clock to say why it stopped',
      async () =>
        (await owner.getByTestId('clock-paused').first().textContent()) === 'Paused: Awaiting the returned part',
    );
    await owner.getByText('Awaiting the returned part · Three seals are on their way back').waitFor();
    await shoot(owner, 'case-paused-en');
    await owner.goto(`${app.baseUrl}/?view=waiting`);
    await owner.getByTestId('case-paused').filter({ hasText: 'Awaiting the returned part' }).first().waitFor();
    await shoot(owner, 'inbox-waiting-en');
    await owner.context().close();
  });

  it('attaches a photo by drag and drop, shows its thumbnail and the timeline entry in both languages, and the auditor sees it verified', async () => {
    const owner = await person('li.wei', ['owner']);
    const number = await register(owner, 'Valve body leaks at the flange');
    await owner.getByTestId('evidence-drop').waitFor();
    // A real JPEG, made by the server's own image library, dropped as a person drops a file from their desktop.
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 180, g: 60, b: 40 } } })
      .jpeg()
      .toBuffer();
    const dropped = await owner.evaluateHandle(
      ({ bytes, name }) => {
        const { DataTransfer, File } = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: unknown[], name: string, options: object) => unknown;
        };
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
        return transfer;
      },
      { bytes: [...jpeg], name: '阀体泄漏.jpg' },
    );
    await owner.getByTestId('evidence-caption').fill('Flange of valve 3, as received');
    await owner
      .getByTestId('evidence-drop')
      .locator('.ant-upload-btn')
      .dispatchEvent('drop', { dataTransfer: dropped });
    const file = owner.getByTestId('evidence-file').filter({ hasText: '阀体泄漏.jpg' });
    await file.waitFor({ timeout: 15_000 });
    // The thumbnail the server made has loaded, not just its frame.
    await waitFor('the thumbnail to load', async () =>
      file.locator('img').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0),
    );
    assert.match((await file.textContent())!, /Flange of valve 3, as received/);
    await owner.getByText('li.wei added evidence: 阀体泄漏.jpg').waitFor();
    await owner.getByTestId('evidence-card').scrollIntoViewIfNeeded();
    await shoot(owner, 'case-evidence-en');
    // A click opens the whole picture in the page.
    await file.locator('img').click();
    await owner.locator('.ant-image-preview img').first().waitFor();
    await shoot(owner, 'case-evidence-preview-en');
    await owner.keyboard.press('Escape');
    await owner.context().close();

    for (const [language, viewport, suffix] of [
      ['zh-CN', undefined, 'zh'],
      ['zh-CN', phone, 'phone-zh'],
      ['en', phone, 'phone-en'],
    ] as const) {
      const reader = await person('li.wei', ['owner'], language, undefined, viewport);
      await reader.goto(`${app.baseUrl}/complaints/${number}`);
      const sentence = language === 'en' ? 'li.wei added evidence: 阀体泄漏.jpg' : 'li.wei 添加了证据：阀体泄漏.jpg';
      await reader.getByText(sentence).waitFor();
      await reader.getByTestId('evidence-file').first().locator('img').waitFor();
      if (viewport) {
        const width = await pageWidth(reader);
        assert.ok(width <= phone.width, `the case with its evidence is ${width} px wide on a phone`);
      }
      await reader.getByTestId('evidence-card').scrollIntoViewIfNeeded();
      await shoot(reader, `case-evidence-${suffix}`);
      await reader.context().close();
    }

    for (const language of ['en', 'zh-CN']) {
      const auditor = await person('eve.audit', ['auditor'], language);
      const userData = userDataOf(auditor);
      await auditor.goto(`${app.baseUrl}/complaints/${number}/audit`);
      const status = auditor.getByTestId('audit-evidence').getByTestId('evidence-status');
      await status.waitFor();
      assert.equal(await status.textContent(), language === 'en' ? 'Verified' : '已验证');
      assert.equal(await auditor.getByTestId('evidence-drop').count(), 0, 'an auditor is offered no upload');
      if (language === 'zh-CN') {
        await auditor.waitForLoadState('networkidle');
        assert.deepEqual(await englishOn(auditor, [...(await userData()), 'eve.audit', 'qloop', 'English']), []);
      }
      await auditor.getByTestId('audit-evidence').scrollIntoViewIfNeeded();
      await shoot(auditor, `audit-evidence-${language === 'en' ? 'en' : 'zh'}`);
      await auditor.context().close();
    }
  });

  it('shows a withdrawn case stopped where it stood, why, and the case that goes on', async () => {
    const owner = await person('li.wei', ['owner']);
    const survivor = await register(owner, 'Flange leaks on DN50 valves');
    const duplicate = await register(owner, 'Flange leaks again (the same complaint by phone)');
    const session = await owner.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).localStorage.getItem('qloop.session'),
    );
    const { token } = JSON.parse(session!) as { token: string };
    const withdrawn = await fetch(`${app.baseUrl}/api/v1/complaints/${duplicate}/withdraw`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'duplicate', explanation: 'Same valves, same order.', duplicateOf: survivor }),
    });
    assert.equal(withdrawn.status, 200, await withdrawn.text());
    await owner.reload();
    await owner.getByTestId('withdrawal').waitFor();
    assert.match((await owner.getByTestId('withdrawal').textContent())!, /Withdrawn at Identify by li\.wei: Duplicate/);
    assert.match((await owner.getByTestId('withdrawal').textContent())!, /Same valves, same order\./);
    // The timeline gives the reason in words too, not its code.
    await owner.getByText('Duplicate · Same valves, same order.').waitFor();
    // Stopped at the first step, marked there, and not all six shown as done.
    const steps = owner.getByTestId('case-steps');
    assert.match((await steps.locator('.ant-steps-item-error').first().textContent({ timeout: 5000 }))!, /Identify/);
    assert.equal(await steps.locator('.ant-steps-item-finish').count(), 0);
    await owner.getByTestId('survivor').click();
    await owner.waitForURL(new RegExp(`/complaints/${survivor}$`));
    await owner.context().close();
  });

  it('finds a closed case by a word of its title, opens a case by its number and in a new tab, and lands an auditor on every case', async () => {
    const supervisor = await person('sup.wang', ['supervisor']);
    // Closed cases are one view away, found by a word of the title.
    await supervisor.getByTestId('inbox-views').getByText('Closed', { exact: true }).click();
    await waitFor('the closed view', async () => /view=closed/.test(supervisor.url()));
    await supervisor.getByTestId('inbox-search').locator('input').fill('Valve');
    await supervisor.getByTestId('inbox-search').locator('input').press('Enter');
    const row = supervisor.locator('a.case-number', { hasText: caseId });
    await row.waitFor();
    assert.match(new URL(supervisor.url()).search, /view=closed/);
    assert.match(new URL(supervisor.url()).search, /q=Valve/);
    // The row's number and title are links: their address is the case's, for a new tab or a colleague.
    assert.equal(await row.getAttribute('href'), `/complaints/${caseId}`);
    await shoot(supervisor, 'inbox-closed-en');
    // Saved under a name, the view comes back from the list of saved views.
    await supervisor.getByTestId('save-view').click();
    await supervisor.getByTestId('save-view-name').fill('Closed valve cases');
    await supervisor.locator('#save-view-ok').click();
    await supervisor.getByTestId('inbox-views').getByText('All open', { exact: true }).click();
    await waitFor('the view to change', async () => !/view=closed/.test(supervisor.url()));
    await choose(supervisor, 'saved-views', 'Closed valve cases');
    await waitFor(
      'the saved view',
      async () => /view=closed/.test(supervisor.url()) && /q=Valve/.test(supervisor.url()),
    );

    // A number typed into the search opens that case.
    await supervisor.getByTestId('inbox-search').locator('input').fill(caseId.toLowerCase());
    await supervisor.getByTestId('inbox-search').locator('input').press('Enter');
    await supervisor.waitForURL(new RegExp(`/complaints/${caseId}$`));
    await expectStep(supervisor, 'Archived');
    assert.equal(await supervisor.getByTestId('case-number').textContent(), caseId);
    // The whole record: what was entered at each step, the corrective action with its owner and date, the lessons.
    const record = (await supervisor.getByTestId('case-details').textContent())!;
    assert.match(record, /Porosity in the casting at the flange\./);
    assert.match(record, /Pressure-test every casting · .* · due 2026-12-31/);
    assert.match(record, /No leak in 200 valves\./);
    assert.match(record, /Inspect castings from new moulds at 100 %\./);

    // A new tab of the same browser opens the case without asking to sign in again.
    const tab = await supervisor.context().newPage();
    await tab.goto(`${app.baseUrl}/complaints/${caseId}`);
    await expectStep(tab, 'Archived');
    assert.equal(await tab.getByTestId('signed-in-as').textContent(), 'sup.wang');
    await supervisor.context().close();

    // An auditor lands on every case, open and closed.
    const auditor = await person('eve.audit', ['auditor']);
    await auditor.locator('a.case-number', { hasText: caseId }).waitFor();
    assert.match((await auditor.getByTestId('inbox-views').textContent())!, /All cases/);
    await auditor.context().close();
  });

  it('puts the API’s field errors on their fields, and shows a change made meanwhile, reloads and keeps what was typed', async () => {
    const first = await person('li.wei', ['owner']);
    const id = await register(first, 'Two tabs on one case');
    const identify = stepForm(first, 'identify');
    await identify.getByLabel('Owner', { exact: true }).fill('x'.repeat(101));
    await identify.getByLabel('Acknowledgement sent to the customer', { exact: true }).fill('We call back today.');
    await identify.getByTestId('step-submit').click();
    // The UI has no rule for the length of an owner: the words are the API's, on the field.
    await identify.locator('.ant-form-item-explain-error').first().waitFor();
    assert.match((await identify.locator('.ant-form-item-explain-error').first().textContent())!, /owner/i);
    await expectStep(first, 'Identify');

    // Meanwhile, in another browser, the same person comments: the first one's revision is stale.
    const caseUrl = `${app.baseUrl}/api/v1/complaints/${id}`;
    await first.route(caseUrl, (route) => route.abort());
    const second = await person('li.wei', ['owner']);
    await second.goto(`${app.baseUrl}/complaints/${id}`);
    await second.getByTestId('action-comment').click();
    await second
      .getByTestId('action-form-comment')
      .getByLabel('Comment', { exact: true })
      .fill('Customer called again.');
    await second.getByRole('button', { name: 'Send' }).click();
    await waitFor(
      'the comment',
      async () => (await second.getByTestId('case-revision').textContent()) === 'Revision 1',
      10_000,
    );

    // Sent while the first tab still cannot have seen the comment (its reads of the case are held until the
    // refusal is on screen: a read retried a moment earlier would otherwise race the click).
    await identify.getByLabel('Owner', { exact: true }).fill('li.wei');
    await identify.getByTestId('step-submit').click();
    await first.getByText(/Someone changed this case while you were editing \(now revision 1\)/).waitFor();
    await first.unroute(caseUrl);
    await first.getByTestId('changed-meanwhile').waitFor();
    assert.equal(
      await first.getByTestId('changed-meanwhile').textContent(),
      'li.wei commented',
      'what the other tab did, in words',
    );
    await waitFor(
      'the reload',
      async () => (await first.getByTestId('case-revision').textContent()) === 'Revision 1',
      10_000,
    );
    await first.getByTestId('comment-count').waitFor();
    assert.equal(await first.getByTestId('comment-count').textContent(), 'Comments: 1', 'the case counts its comments');
    assert.equal(
      await identify.getByLabel('Acknowledgement sent to the customer', { exact: true }).inputValue(),
      'We call back today.',
      'what was typed is kept',
    );
    await identify.getByTestId('step-submit').click();
    await expectStep(first, 'Analyse');
    await first.context().close();
    await second.context().close();
  });

  it('sends a person whose token no longer holds back to sign in, saying why', async () => {
    const context = await browser.newContext({ locale: 'en' });
    await context.addInitScript(() => {
      const { localStorage } = globalThis as unknown as BrowserGlobals;
      localStorage.setItem('qloop.language', 'en');
      localStorage.setItem(
        'qloop.session',
        JSON.stringify({ token: 'expired.or.forged', me: { subject: 'li.wei', roles: ['owner'], team: [] } }),
      );
    });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByText('Your session ended: sign in again.').waitFor();
    // The notice shows at once; the form follows when the sign-in configuration has loaded.
    await page.getByTestId('sign-in-submit').waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    // The language can be chosen before signing in.
    await page.getByTestId('sign-in-language').getByText('中文').click();
    await page.getByText('会话已结束，请重新登录。').waitFor();
    await context.close();
  });

  it('shows an SLA clock running out under a policy in seconds, in the case and in the overdue inbox', async () => {
    const owner = await person('li.wei', ['owner']);
    const id = await register(owner, 'Late acknowledgement', 'Low');
    const clock = owner.getByTestId('clock-acknowledge');
    await waitFor(
      'the acknowledge clock to run out',
      async () => (await clock.getAttribute('data-tone')) === 'danger',
      20_000,
    );
    assert.match((await clock.textContent())!, /over/);
    await owner.goto(`${app.baseUrl}/?view=overdue`);
    const row = owner.locator('tr', { has: owner.locator('a.case-number', { hasText: id }) });
    await waitFor('the overdue view to list the case', async () => (await row.count()) === 1, 20_000);
    assert.match((await row.textContent())!, /Overdue/);
    await owner.context().close();
  });

  it('speaks Chinese when switched, with the words of the source documents', async () => {
    const owner = await person('li.wei', ['owner']);
    await owner.goto(`${app.baseUrl}/?view=all`);
    await owner.locator('tr[data-row-key]').first().waitFor();
    await shoot(owner, 'inbox-en');
    await owner.getByTestId('language-switch').getByText('中文').click();
    await owner.getByRole('link', { name: '待办' }).waitFor();
    await owner.goto(`${app.baseUrl}/complaints/${caseId}`);
    const steps = (await owner.getByTestId('case-steps').textContent())!;
    for (const word of ['识别', '分析', '解决', '验证', '反馈', '归档'])
      assert.ok(steps.includes(word), `${word} in ${steps}`);
    assert.equal(await owner.getByTestId('case-status').textContent(), '已归档');
    await owner.getByText('li.wei 登记了投诉').first().waitFor();
    await shoot(owner, 'case-zh');
    await owner.goto(`${app.baseUrl}/?view=all`);
    await owner.locator('tr[data-row-key]').first().waitFor();
    await shoot(owner, 'inbox-zh');
    await owner.getByRole('link', { name: '登记投诉' }).click();
    await shoot(owner, 'register-zh');
    await owner.goto(`${app.baseUrl}/complaints/${caseId}/audit`);
    await owner.getByTestId('audit-verdict').waitFor();
    await shoot(owner, 'audit-zh');
    await owner.context().close();
    const newcomer = await person('wang.fang', ['owner', 'supervisor'], 'zh-CN', 'sign-in-zh');
    await newcomer.context().close();
  });

  /** Runs of three or more Latin words on the page once the given user data is taken out: English left in a Chinese page. */
  const englishOn = async (page: Page, userData: Iterable<string>): Promise<string[]> => {
    let text = await page.locator('body').innerText();
    // The longest first, so a datum inside another does not leave the other's remains.
    for (const datum of [...userData].sort((a, b) => b.length - a.length)) text = text.split(datum).join(' ');
    return englishRuns(text);
  };

  /**
   * What people typed, as the page reads it from the API: every text in the
   * API's JSON answers to the page, from now on. A Chinese page shows it as it
   * was typed, English or not.
   */
  const userDataOf = (page: Page) => {
    const data = new Set<string>();
    const reads: Promise<void>[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') {
        if (value.length > 1) data.add(value);
      } else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    page.on('response', (response) => {
      if (!response.url().includes('/api/v1/') || !/json/.test(response.headers()['content-type'] ?? '')) return;
      reads.push(response.json().then(collect, () => undefined));
    });
    /** Every text read so far, once the answers the page has had are read. */
    return async () => {
      await Promise.all(reads);
      return [...data];
    };
  };

  it('works on a phone in Chinese: the menu in a drawer, cases as cards, no sideways scrolling, and a supervisor escalates', async () => {
    const supervisor = await person('sup.wang', ['supervisor', 'owner'], 'zh-CN', undefined, phone);
    const noSideways = async (what: string) =>
      assert.ok((await pageWidth(supervisor)) <= phone.width, `${what} scrolls sideways`);
    await supervisor.getByTestId('case-card').first().waitFor();
    await noSideways('the inbox');
    await supervisor.getByTestId('menu-button').click();
    await supervisor.getByTestId('drawer-menu').waitFor();
    await shoot(supervisor, 'phone-menu-zh');
    await supervisor.getByTestId('drawer-menu').getByRole('link', { name: '登记投诉' }).click();
    await supervisor.getByTestId('complaint-title').waitFor();
    await noSideways('the register form');
    // Forms stand in one column.
    const [name, contact] = [
      await supervisor.getByTestId('customer-name').boundingBox(),
      await supervisor.getByLabel('联系方式').boundingBox(),
    ];
    assert.ok(contact!.y > name!.y + name!.height - 1, 'the contact under the customer name');
    await shoot(supervisor, 'phone-register-filled-zh');
    await supervisor.getByTestId('customer-name').fill('宁波泵业');
    await supervisor.getByTestId('complaint-title').fill('法兰渗漏');
    await supervisor.getByTestId('complaint-description').fill('四十台中有三台在法兰处渗漏。');
    const received = await receivedBefore(supervisor, 45);
    await supervisor.getByTestId('register-submit').click();
    await supervisor.waitForURL(/\/complaints\/CMP-\d{4}-\d{6}$/);
    assert.equal(await supervisor.getByTestId('case-received').textContent(), received);
    await supervisor.getByTestId('case-number').waitFor();
    await noSideways('the case');
    // A supervisor answers an escalation from the phone.
    await supervisor.getByTestId('action-escalate').click();
    await supervisor.getByTestId('action-form-escalate').getByLabel('原因').fill('顾客威胁停止全部订单');
    await supervisor.getByRole('button', { name: /^提\s*交$/ }).click();
    await supervisor.getByText('第 1 级').first().waitFor();
    await shoot(supervisor, 'phone-escalated-zh');
    // Records the containment, then waits on the customer for the part, which the clock then says.
    await supervisor.getByTestId('action-contain').click();
    await supervisor
      .getByTestId('action-form-contain')
      .getByLabel('为保护顾客当即采取的措施')
      .fill('已隔离顾客库存中的三台阀门');
    await supervisor.getByRole('button', { name: /^提\s*交$/ }).click();
    await supervisor.getByTestId('case-containment').filter({ hasText: '已隔离顾客库存中的三台阀门' }).waitFor();
    await supervisor.getByTestId('action-wait').click();
    await choose(supervisor, 'pause-reason', '等待退回件');
    await supervisor.getByTestId('action-form-wait').getByLabel('原因', { exact: true }).fill('顾客已寄回三台阀门');
    await supervisor.getByRole('button', { name: /^提\s*交$/ }).click();
    await waitFor(
      'the clock to say why it stopped',
      async () => (await supervisor.getByTestId('clock-paused').first().textContent()) === '已暂停：等待退回件',
    );
    await supervisor.getByText('等待退回件 · 顾客已寄回三台阀门').waitFor();
    await noSideways('the paused case');
    await shoot(supervisor, 'phone-paused-zh');
    assert.deepEqual(await englishOn(supervisor, ['sup.wang', 'li.wei', 'qloop', 'English', 'UUID']), []);
    await supervisor.context().close();

    // Every screen, in both languages, fits the phone's width.
    for (const language of ['zh-CN', 'en']) {
      const everyone = await person(
        'admin.chen',
        ['supervisor', 'admin', 'quality-engineer'],
        language,
        undefined,
        phone,
      );
      const userData = userDataOf(everyone);
      const fits = async (path: string, ready: string, shot: string) => {
        await everyone.goto(`${app.baseUrl}${path}`);
        await everyone.getByTestId(ready).first().waitFor();
        if (language === 'zh-CN') {
          await everyone.waitForLoadState('networkidle');
          assert.deepEqual(
            await englishOn(everyone, [...(await userData()), 'admin.chen', 'qloop', 'English']),
            [],
            `English on ${path} in Chinese`,
          );
        }
        const width = await pageWidth(everyone);
        assert.ok(width <= phone.width, `${path} in ${language} is ${width} px wide`);
        await shoot(everyone, `phone-${shot}-${language === 'en' ? 'en' : 'zh'}`);
      };
      await fits('/?view=everything', 'case-card', 'inbox');
      await fits(`/complaints/${caseId}`, 'case-details', 'case');
      await fits(`/complaints/${caseId}/audit`, 'audit-record', 'audit');
      await fits('/suppliers', 'action-register-supplier', 'suppliers');
      await fits('/customers', 'customer-search', 'customers');
      await fits('/reports', 'report-csv', 'reports');
      await fits('/admin', 'projection-lag', 'admin');
      await fits('/complaints/new', 'complaint-title', 'register');
      await everyone.context().close();
    }
  });

  it('lets an auditor scrub the timeline back to revision 0, shows the chain intact, and refuses an auditor’s write', async () => {
    const auditor = await person('eve.audit', ['auditor']);
    // Nothing to register or administer: no menu entry, and the addresses typed say the page is not for them.
    assert.equal(await auditor.getByRole('link', { name: 'Register a complaint' }).count(), 0);
    assert.equal(await auditor.getByRole('link', { name: 'Administration' }).count(), 0);
    for (const path of ['/complaints/new', '/admin']) {
      await auditor.goto(`${app.baseUrl}${path}`);
      await auditor.getByText('This page is not for your role').waitFor();
      assert.equal(await auditor.getByTestId('complaint-title').count(), 0, `${path} shows no form`);
    }
    await auditor.goto(`${app.baseUrl}/complaints/${caseId}`);
    await expectStep(auditor, 'Archived');
    assert.equal(await auditor.getByTestId('step-submit').count(), 0, 'an auditor is offered no step to complete');
    await auditor.getByTestId('open-audit').click();
    await auditor.getByTestId('audit-verdict').waitFor();
    assert.match((await auditor.getByTestId('audit-verdict').textContent())!, /Intact|Cannot be verified/);
    await auditor.getByTestId('revision-slider').locator('.ant-slider-handle').focus();
    await auditor.keyboard.press('Home');
    await waitFor(
      'the case as it stood at revision 0',
      async () => (await auditor.getByTestId('audit-shown').textContent()) === 'The case as it stood at revision 0',
      10_000,
    );
    await waitFor(
      'the steps as at registration',
      async () => (await auditor.getByTestId('case-steps').getAttribute('data-current')) === 'identify',
      10_000,
    );
    // At registration the case file has no root cause; the analysis (revision 2) sets it, in words, with its actor and hash.
    assert.doesNotMatch((await auditor.getByTestId('audit-record').textContent())!, /Porosity/);
    await auditor.keyboard.press('ArrowRight');
    await auditor.keyboard.press('ArrowRight');
    await waitFor(
      'the analysis event',
      async () => /Event #2/.test((await auditor.getByTestId('audit-event').textContent())!),
      10_000,
    );
    await waitFor('the root cause as it was then', async () =>
      /Root cause set to “Porosity in the casting at the flange\.”/.test(
        (await auditor
          .getByTestId('audit-changes')
          .textContent()
          .catch(() => ''))!,
      ),
    );
    assert.match((await auditor.getByTestId('audit-record').textContent())!, /Porosity in the casting at the flange\./);
    assert.match((await auditor.getByTestId('audit-event').textContent())!, /By\s*li\.wei/);
    assert.match((await auditor.getByTestId('audit-hash').textContent())!, /^[0-9a-f]{64}$/);
    await shoot(auditor, 'audit-en');

    // The API itself refuses the write, whatever the UI offers.
    const status = await auditor.evaluate(async (id) => {
      const { token } = JSON.parse((globalThis as unknown as BrowserGlobals).localStorage.getItem('qloop.session')!);
      const response = await fetch(`/api/v1/complaints/${id}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'An auditor writes' }),
      });
      return response.status;
    }, caseId);
    assert.equal(status, 403);
    await auditor.context().close();
  });

  it('lets a supplier quality engineer register, measure and score a supplier, and shows its grade on the scorecards', async () => {
    const engineer = await person('zhao.sqe', ['quality-engineer']);
    await engineer.getByRole('link', { name: 'Suppliers' }).click();
    await engineer.getByTestId('action-register-supplier').click();
    const registration = engineer.getByTestId('action-form-register-supplier');
    await registration.getByLabel('Supplier id', { exact: true }).fill('sup-casting-01');
    await registration.getByLabel('Name', { exact: true }).fill('Ningbo Precision Castings Co.');
    await registration.getByLabel('Category', { exact: true }).fill('castings');
    await registration.getByLabel('Supplies (one per line)', { exact: true }).fill('DN50 valve body\nDN80 valve body');
    await engineer.getByRole('button', { name: 'Send' }).click();
    await engineer.waitForURL(/\/suppliers\/sup-casting-01$/);
    // A new supplier is evaluated at once: its first evaluation opens as the page does.
    await waitFor(
      'the first evaluation to open',
      async () => /A re-evaluation started/.test((await engineer.locator('body').textContent())!),
      20_000,
    );

    await engineer.getByTestId('action-performance').click();
    const performance = engineer.getByTestId('action-form-performance');
    for (const [label, value] of [
      ['Deliveries', '24'],
      ['On time', '22'],
      ['Units received', '4800'],
      ['Units rejected', '31'],
    ])
      await performance.getByLabel(label!, { exact: true }).fill(value!);
    await engineer.getByRole('button', { name: 'Send' }).click();
    await waitFor(
      'the performance to count',
      async () => /91\.7 %/.test((await engineer.locator('body').textContent())!),
      10_000,
    );

    await engineer.getByTestId('action-scores').click();
    const scores = engineer.getByTestId('action-form-scores');
    for (const criterion of [
      'Quality awareness',
      'Technical capability',
      'Reproducibility of production',
      'Problem-solving capability',
      'System stability',
    ])
      await scores.getByLabel(criterion, { exact: true }).fill('90');
    await engineer.getByRole('button', { name: 'Send' }).click();
    // Every criterion scored 90, the performance recorded while the evaluation was open (rejections at 87.1, on time
    // at 58.3), no complaint attributed: a weighted 85.4, grade A.
    await waitFor(
      'the grade from the weighted criteria',
      async () =>
        (await engineer
          .getByTestId('supplier-grade')
          .textContent()
          .catch(() => '')) === 'A',
      15_000,
    );
    await waitFor(
      'the records the evaluation was measured on',
      async () =>
        /24 deliveries, 91\.7 % on time; 31 of 4800 units rejected; 0 complaints attributed/.test(
          (await engineer
            .getByTestId('measured-over')
            .textContent()
            .catch(() => ''))!,
        ),
      10_000,
    );
    // The breakdown comes with the history, which the page reloads after the grade.
    assert.match((await engineer.locator('body').textContent())!, /85\.4[\s\S]*Approved/);
    assert.match((await engineer.locator('body').textContent())!, /System stability\s*10\.5 %\s*90/);
    assert.match((await engineer.getByTestId('performance-since').textContent())!, /Deliveries\s*0/);
    await shoot(engineer, 'supplier-en');

    // The supplier's audit report, attached with the file chooser (the drop zone's button).
    await engineer
      .getByTestId('evidence-drop')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'line-audit-2026.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      });
    await engineer.getByTestId('evidence-file').filter({ hasText: 'line-audit-2026.pdf' }).waitFor({ timeout: 15_000 });
    await engineer.getByText('zhao.sqe added evidence: line-audit-2026.pdf').waitFor();
    await engineer.getByTestId('evidence-card').scrollIntoViewIfNeeded();
    await shoot(engineer, 'supplier-evidence-en');

    await engineer.getByRole('link', { name: 'Suppliers' }).click();
    const row = engineer.locator('tr[data-row-key="sup-casting-01"]');
    await waitFor(
      'the scorecard to show the grade',
      async () => (await row.count()) === 1 && /Medium\s*A\s*85\.4\s*Approved/.test((await row.textContent())!),
      20_000,
    );
    await shoot(engineer, 'suppliers-en');
    await engineer.context().close();
  });

  it('keeps the customer: registers one, picks it by type-ahead on a complaint, and shows its file, in both languages and on a phone', async () => {
    const owner = await person('chen.jing', ['owner', 'supervisor']);
    await owner.getByRole('link', { name: 'Customers' }).click();
    await owner.getByTestId('action-register-customer').click();
    const registration = owner.getByTestId('action-form-register-customer');
    await registration.getByLabel('Customer id', { exact: true }).fill('CUST-WUXI');
    await registration.getByLabel('Name', { exact: true }).first().fill('Wuxi Pump Works');
    await registration.getByLabel('Reference elsewhere (CRM)', { exact: true }).fill('CRM-7781');
    const contact = registration.getByTestId('contact-row').first();
    await contact.getByPlaceholder('Name').fill('Zhou Min');
    await contact.getByPlaceholder('E-mail').fill('zhou.min@wuxipump.example');
    await contact.getByPlaceholder('Phone').fill('+86 510 8888 1234');
    await shoot(owner, 'customer-register-en');
    await owner.getByRole('button', { name: 'Send' }).click();
    await owner.waitForURL(/\/customers\/CUST-WUXI$/);
    assert.equal(await owner.getByTestId('customer-title').textContent(), 'Wuxi Pump Works');

    // The complaint names the customer by picking it as its name is typed: from the read models, once they hold it.
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'chen.jing',
      roles: ['owner'],
    });
    const reader = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    await waitFor(
      'the customer in the read models',
      async () => (await reader.get('/api/v1/customers?q=wuxi')).body.total === 1,
    );
    await owner.getByRole('link', { name: 'Register a complaint' }).click();
    await owner.getByTestId('customer-name').fill('wuxi');
    await owner.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'CUST-WUXI' }).click();
    await owner.getByText('Registered customer CUST-WUXI').waitFor();
    await owner.getByTestId('complaint-title').fill('Impeller cracks after a week');
    await owner.getByTestId('complaint-description').fill('Two impellers of order PO-1207 cracked at the hub.');
    await shoot(owner, 'register-customer-picked-en');
    await owner.getByTestId('register-submit').click();
    await owner.waitForURL(/\/complaints\/CMP-\d{4}-\d{6}$/);
    const number = owner.url().split('/').at(-1)!;

    // A new name registers a new customer with the complaint.
    await owner.getByRole('link', { name: 'Register a complaint' }).click();
    await owner.getByTestId('customer-name').fill('Changzhou Motor Ltd');
    await owner
      .getByText(
        'No customer picked: the customer called “Changzhou Motor Ltd”, or a new one registered with the complaint',
      )
      .waitFor();
    // A new customer is a company unless the person registering says it is a person (whose name is then sealed).
    const kind = owner.getByTestId('customer-kind');
    assert.equal(await kind.getByLabel('Company').isChecked(), true);
    await kind.getByText('Person').click();
    assert.equal(await kind.getByLabel('Person').isChecked(), true);
    await shoot(owner, 'register-customer-new-en');

    await owner.goto(`${app.baseUrl}/customers/CUST-WUXI`);
    await waitFor(
      'the complaint in the customer file',
      async () => {
        await owner.reload();
        await owner.getByTestId('customer-complaints').waitFor();
        return ((await owner.getByTestId('customer-complaints').textContent()) ?? '').includes(number);
      },
      20_000,
    );
    assert.match((await owner.getByTestId('customer-file').textContent())!, /Complaints\s*1/);
    await shoot(owner, 'customer-en');
    await owner.getByRole('link', { name: 'Customers' }).click();
    await owner.getByTestId('customer-search').locator('input').fill('zhou.min');
    await owner.locator('tr[data-row-key="CUST-WUXI"]').waitFor();
    await shoot(owner, 'customers-en');
    await owner.context().close();

    const zh = await person('chen.jing', ['owner'], 'zh-CN');
    await zh.goto(`${app.baseUrl}/customers/CUST-WUXI`);
    await zh.getByTestId('customer-file').waitFor();
    assert.match((await zh.locator('body').textContent())!, /客户档案[^]*投诉数[^]*时限达成率/);
    await shoot(zh, 'customer-zh');
    await zh.context().close();

    const pocket = await person('chen.jing', ['owner'], 'zh-CN', undefined, phone);
    await pocket.goto(`${app.baseUrl}/customers`);
    await pocket.getByTestId('customer-card').first().waitFor();
    await shoot(pocket, 'phone-customers-zh');
    await pocket.goto(`${app.baseUrl}/customers/CUST-WUXI`);
    await pocket.getByTestId('customer-file').waitFor();
    const width = await pageWidth(pocket);
    assert.ok(width <= phone.width, `the customer page is ${width} px wide on a phone`);
    await shoot(pocket, 'phone-customer-zh');
    await pocket.goto(`${app.baseUrl}/complaints/new`);
    await pocket.getByTestId('customer-name').fill('周先生');
    await pocket.getByTestId('customer-kind').getByText('个人').click();
    assert.ok(await pocket.getByTestId('customer-kind').getByLabel('个人').isChecked());
    await shoot(pocket, 'phone-register-customer-new-zh');
    await pocket.context().close();
  });

  it("erases a person's data from the customer page, as an administrator, saying first what will be lost, in both languages and on a phone", async () => {
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'gao.admin',
      roles: ['admin', 'owner'],
    });
    const desk = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    const registered = await desk.post('/api/v1/customers', {
      id: 'CUS-LIU',
      name: '刘芳',
      kind: 'person',
      contacts: [{ name: '刘芳', email: 'liu.fang@example.cn', phone: '+86 139 1234 5678', language: 'zh-CN' }],
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const complaint = await desk.post('/api/v1/complaints', {
      customer: { id: 'CUS-LIU', contact: '+86 139 1234 5678' },
      channel: 'phone',
      category: 'product-quality',
      severity: 'normal',
      title: 'Kettle lid hinge snapped',
      description: 'The hinge of the lid snapped on the third day.',
    });
    assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
    // A scan of her ID card on the case: the one thing sealing cannot reach, offered for purging.
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('ID card: 刘芳, +86 139 1234 5678')], { type: 'text/plain' }),
      'id-card.txt',
    );
    const uploaded = await fetch(`${app.baseUrl}/api/v1/complaints/${complaint.body.id as string}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${minted.token as string}` },
      body: form,
    });
    assert.equal(uploaded.status, 201, await uploaded.text());

    // Only an administrator is offered it; the form says what goes for good before anything is sent.
    const owner = await person('chen.jing', ['owner', 'supervisor']);
    await owner.goto(`${app.baseUrl}/customers/CUS-LIU`);
    await owner.getByTestId('customer-title').waitFor();
    assert.equal(await owner.getByTestId('action-erase-customer').count(), 0);
    await owner.context().close();
    const admin = await person('gao.admin', ['admin', 'owner']);
    await admin.goto(`${app.baseUrl}/customers/CUS-LIU`);
    assert.equal(await admin.getByTestId('customer-title').textContent(), '刘芳');
    await admin.getByTestId('action-erase-customer').click();
    const consequences = admin.getByTestId('erase-consequences');
    await consequences.waitFor();
    assert.match(
      (await consequences.textContent())!,
      /cannot be undone[^]*person's name[^]*phone number of its contact/,
    );
    await admin.getByTestId('purge-file').first().waitFor();
    assert.match((await admin.getByTestId('purge-file').textContent())!, /id-card\.txt · CMP-/);
    await settled(admin);
    await shoot(admin, 'customer-erase-en');
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.context().close();

    const zh = await person('gao.admin', ['admin', 'owner'], 'zh-CN');
    await zh.goto(`${app.baseUrl}/customers/CUS-LIU`);
    await zh.getByTestId('action-erase-customer').click();
    await zh.getByTestId('erase-consequences').waitFor();
    assert.match((await zh.getByTestId('erase-consequences').textContent())!, /无法撤销[^]*姓名/);
    await zh
      .getByTestId('action-form-erase-customer')
      .getByRole('textbox')
      .fill('顾客要求删除个人信息（个保法第四十七条），申请编号 118。');
    await zh.getByTestId('purge-file').click();
    await settled(zh);
    await shoot(zh, 'customer-erase-zh');
    await zh.locator('.ant-modal-footer .ant-btn-primary').click();
    await zh.getByTestId('customer-erased').waitFor();
    assert.equal(await zh.getByTestId('customer-title').textContent(), '[已删除]');
    assert.match((await zh.getByTestId('customer-contact').first().textContent())!, /^\[已删除\]/);
    assert.equal(await zh.getByTestId('action-erase-customer').count(), 0, 'erased once, for good');
    await shoot(zh, 'customer-erased-zh');
    // The case reads erased where the person was, and goes on; the scan is listed as purged, its bytes gone.
    await zh.goto(`${app.baseUrl}/complaints/${complaint.body.number as string}`);
    await zh.getByText('[已删除]').first().waitFor();
    await zh.getByTestId('evidence-purged').waitFor();
    assert.match((await zh.getByTestId('evidence-purged').textContent())!, /gao\.admin 清除/);
    await zh.getByTestId('evidence-card').scrollIntoViewIfNeeded();
    await settled(zh);
    await shoot(zh, 'case-file-purged-zh');
    await zh.context().close();

    const en = await person('gao.admin', ['admin', 'owner']);
    await en.goto(`${app.baseUrl}/customers/CUS-LIU`);
    await en.getByTestId('customer-erased').waitFor();
    assert.match((await en.getByTestId('customer-erased').textContent())!, /Personal data erased .* by gao\.admin/);
    assert.equal(await en.getByTestId('customer-title').textContent(), '[erased]');
    await shoot(en, 'customer-erased-en');
    await en.context().close();

    for (const language of ['zh-CN', 'en']) {
      const pocket = await person('gao.admin', ['admin', 'owner'], language, undefined, phone);
      await pocket.goto(`${app.baseUrl}/customers/CUS-LIU`);
      await pocket.getByTestId('customer-erased').waitFor();
      const width = await pageWidth(pocket);
      assert.ok(width <= phone.width, `the erased customer's page is ${width} px wide on a phone`);
      await shoot(pocket, `phone-customer-erased-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.goto(`${app.baseUrl}/complaints/${complaint.body.number as string}`);
      await pocket.getByTestId('evidence-purged').waitFor();
      await pocket.getByTestId('evidence-card').scrollIntoViewIfNeeded();
      assert.ok((await pageWidth(pocket)) <= phone.width, 'the case with a purged file fits a phone');
      await settled(pocket);
      await shoot(pocket, `phone-case-file-purged-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.context().close();
    }
    // The erase form on a phone, in both languages, with a file to tick: another person, not erased.
    const other = await desk.post('/api/v1/customers', {
      id: 'CUS-SUN',
      name: '孙丽',
      kind: 'person',
      contacts: [{ name: '孙丽', email: 'sun.li@example.cn' }],
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const hers = await desk.post('/api/v1/complaints', {
      customer: { id: 'CUS-SUN' },
      channel: 'email',
      category: 'product-quality',
      severity: 'normal',
      title: 'Kettle base scorched',
      description: 'The base scorched the counter.',
    });
    assert.equal(hers.status, 201, JSON.stringify(hers.body));
    const letter = new FormData();
    letter.append('file', new Blob([Buffer.from('孙丽的来信')], { type: 'text/plain' }), 'letter-2026-11-30.txt');
    const sent = await fetch(`${app.baseUrl}/api/v1/complaints/${hers.body.id as string}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${minted.token as string}` },
      body: letter,
    });
    assert.equal(sent.status, 201, await sent.text());
    for (const language of ['zh-CN', 'en']) {
      const pocket = await person('gao.admin', ['admin', 'owner'], language, undefined, phone);
      await pocket.goto(`${app.baseUrl}/customers/CUS-SUN`);
      await pocket.getByTestId('action-erase-customer').click();
      await pocket.getByTestId('purge-file').waitFor();
      assert.ok((await pageWidth(pocket)) <= phone.width, 'the erase form fits a phone');
      await settled(pocket);
      await shoot(pocket, `phone-customer-erase-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.context().close();
    }
  });

  it('asks the customer through a link: the owner makes it, the customer answers on a phone in Chinese, and the case loops back', async () => {
    // A case of the customer's brought to feedback through the API, as its people would.
    const mint = async (subject: string, roles: string[]) => {
      const { body } = await http(app.baseUrl).post('/api/v1/auth/dev-token', { subject, roles });
      return { authorization: `Bearer ${body.token as string}` };
    };
    const lead = http(app.baseUrl, await mint('li.wei', ['owner', 'supervisor']));
    const checker = await mint('zhang.qa', ['supervisor']);
    const { body: kase } = await lead.post('/api/v1/complaints', {
      customer: { id: 'CUST-WUXI' },
      channel: 'phone',
      category: 'product-quality',
      severity: 'normal',
      title: 'Pump seal weeps at start-up',
      description: 'The seal of two pumps weeps for a minute after each start.',
    });
    const stepTo = async (name: string, body: object, headers?: Record<string, string>) => {
      const response = await lead.post(`/api/v1/complaints/${kase.id}/steps/${name}`, body, headers);
      assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`);
    };
    await stepTo('identify', { owner: 'li.wei', acknowledgement: 'Received; we call back today.' });
    await stepTo('analyse', {
      rootCause: 'Seal faces lapped too rough (internal audit finding)',
      // The one cause the reports' Pareto chart shows (its test clicks its only bar).
      causeCategory: 'material',
      responsibleParty: { type: 'internal', department: 'Machining' },
    });
    await stepTo('resolve', {
      summary: 'Seal faces re-lapped.',
      actions: [{ kind: 'corrective', description: 'Re-lap faces', owner: 'li.wei', dueDate: '2026-12-31' }],
    });
    await stepTo('verify', { effective: true, notes: 'No weeping in 50 starts.' }, checker);

    const owner = await person('li.wei', ['owner', 'supervisor']);
    await owner.goto(`${app.baseUrl}/complaints/${kase.number as string}`);
    await owner.getByTestId('feedback-link-card').waitFor();
    await owner.getByTestId('action-feedback-link').click();
    const form = owner.getByTestId('action-form-feedback-link');
    await form
      .getByLabel('What was done, in words for the customer', { exact: true })
      .fill('We re-lapped the seal faces of both pumps; 50 starts without a drop since.');
    // It goes to the customer by e-mail too, unless the owner says not.
    assert.equal(await form.getByRole('checkbox', { name: 'E-mail the link to the customer' }).isChecked(), true);
    await shoot(owner, 'case-feedback-link-form-en');
    await owner.getByRole('button', { name: 'Send' }).click();
    const url = (await owner.getByTestId('feedback-link-url').locator('code').textContent())!;
    assert.match(url, /\/feedback\/[A-Za-z0-9_-]{43}$/);
    assert.equal(await owner.getByTestId('feedback-link-state').textContent(), 'Link made');
    await shoot(owner, 'case-feedback-link-en');
    await owner.getByTestId('language-switch').getByText('中文').click();
    await owner.getByText('顾客自行评价').first().waitFor();
    await shoot(owner, 'case-feedback-link-zh');
    await owner.getByTestId('language-switch').getByText('English').click();
    await owner.getByText("The customer's own answer").first().waitFor();
    const token = url.split('/feedback/')[1]!;
    await waitFor(
      'the link to open',
      async () => (await http(app.baseUrl).get(`/api/v1/public/feedback/${token}`)).status === 200,
    );

    // The customer, with no account: English on a desktop first, then Chinese on a phone, where they answer.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    const deskPage = await desk.newPage();
    await deskPage.goto(url);
    await deskPage.getByTestId('public-feedback').waitFor();
    const shown = (await deskPage.locator('body').textContent())!;
    assert.match(shown, /Pump seal weeps at start-up[^]*re-lapped the seal faces/);
    for (const internal of ['li.wei', 'zhang.qa', 'internal audit finding', 'Machining'])
      assert.ok(!shown.includes(internal), `the customer sees ${internal}`);
    await shoot(deskPage, 'feedback-en');
    await deskPage.getByText('中文').click();
    await deskPage.getByText('您的问题解决了吗？').waitFor();
    await shoot(deskPage, 'feedback-zh');
    await desk.close();

    const pocket = await browser.newContext({ viewport: phone, locale: 'zh-CN' });
    await pocket.addInitScript(() => {
      (globalThis as unknown as BrowserGlobals).localStorage.setItem('qloop.language', 'zh-CN');
    });
    const customer = await pocket.newPage();
    await customer.goto(url);
    await customer.getByTestId('public-feedback').waitFor();
    assert.match((await customer.locator('body').textContent())!, /您的问题解决了吗？/);
    await customer.getByText('未解决').click();
    await customer.getByTestId('feedback-score').locator('li').nth(1).click();
    await customer.getByTestId('feedback-comment').fill('启动时仍有渗漏。');
    const width = await pageWidth(customer);
    assert.ok(width <= phone.width, `the feedback page is ${width} px wide on a phone`);
    await shoot(customer, 'phone-feedback-zh');
    await customer.getByTestId('feedback-submit').click();
    await customer.getByTestId('feedback-thanks').waitFor();
    await shoot(customer, 'phone-feedback-thanks-zh');
    // The link is spent: opened again, it says so, and nothing else.
    await customer.reload();
    await customer.getByTestId('feedback-gone').waitFor();
    await pocket.close();

    await owner.reload();
    await waitFor('the loop back on the case page', async () => {
      await owner.reload();
      return (await owner.getByTestId('case-status').textContent()) === 'Analyse';
    });
    assert.equal(await owner.getByTestId('feedback-link-state').textContent(), 'Answered');
    await owner.getByTestId('answered-by-customer').waitFor();
    assert.match((await owner.locator('body').textContent())!, /customer:CUST-WUXI/);
    await shoot(owner, 'case-answered-by-customer-en');
    await owner.context().close();
  });

  it('charts the reports, Pareto of causes with its cumulative line, and downloads them as CSV in the reader’s language', async () => {
    const supervisor = await person('sup.wang', ['supervisor']);
    await supervisor.getByRole('link', { name: 'Reports' }).click();
    await supervisor.getByTestId('chart-causePareto').locator('canvas').waitFor();
    await supervisor.getByTestId('chart-slaCompliance').locator('canvas').waitFor();
    assert.match((await supervisor.getByTestId('report-causePareto').textContent())!, /Causes \(Pareto\)/);
    await shoot(supervisor, 'reports-en');
    await supervisor.getByTestId('language-switch').getByText('中文').click();
    await waitFor(
      'the headings in Chinese',
      async () => /原因排列图/.test((await supervisor.getByTestId('report-causePareto').textContent())!),
      10_000,
    );
    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.getByTestId('report-csv').click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    assert.match(text, /^\uFEFF?部分,期间,/);
    const [section] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.getByTestId('csv-causePareto').click(),
    ]);
    assert.match(
      readFileSync((await section.path())!, 'utf8'),
      /^\uFEFF原因类别,数量,/,
      'one section, headed in Chinese, with the byte-order mark',
    );
    await shoot(supervisor, 'reports-zh');
    // A bar opens the cases behind it: the one cause found so far fills the Pareto chart's plot.
    const pareto = (await supervisor.getByTestId('chart-causePareto').boundingBox())!;
    await supervisor.mouse.click(pareto.x + pareto.width / 2, pareto.y + pareto.height * 0.6);
    await supervisor.waitForURL(/causeCategory=material/);
    await supervisor.getByTestId('drill-filters').getByText('原因：料').waitFor();
    await supervisor.locator('a.case-number', { hasText: caseId }).waitFor();
    await supervisor.context().close();
  });

  it('lets an admin try a policy, see its bad fields by path, run the what-if, and adopt it with a reason', async () => {
    const admin = await person('ada.admin', ['admin']);
    await admin.getByRole('link', { name: 'Administration' }).click();
    const editor = admin.getByTestId('policy-text-sla');
    // Shown as YAML, as the README's policy files are written.
    await waitFor('the policy in force', async () => (await editor.inputValue()).includes('severities:'), 10_000);
    const inForce = await editor.inputValue();
    const quicker = inForce.replace('acknowledge: PT1H', 'acknowledge: PT30M');
    assert.notEqual(quicker, inForce, 'the critical acknowledge target is in the document');

    await editor.fill(quicker.replace('case: PT8H', 'case: soon'));
    await admin.getByTestId('what-if').click();
    await admin.getByTestId('policy-problems-sla').waitFor();
    assert.match((await admin.getByTestId('policy-problems-sla').textContent())!, /policy\.severities\.critical\.case/);

    // Normal cases to be acknowledged within a second: the cases that would have breached are listed, each a link.
    const strict = inForce.replace(/(normal:\s+acknowledge:) \S+/, '$1 PT1S');
    assert.notEqual(strict, inForce, 'the normal acknowledge target is in the document');
    await editor.fill(strict);
    await admin.getByTestId('what-if').click();
    const affected = admin.getByTestId('what-if-cases');
    await affected.locator('a[href^="/complaints/CMP-"]').first().waitFor();
    assert.match((await affected.textContent())!, /CMP-\d{4}-\d{6}\s*Normal\s*would have breached \(Acknowledge\)/);

    await editor.fill(quicker);
    await admin.getByTestId('policy-reason-sla').fill('Critical complaints acknowledged within half an hour');
    assert.equal(await admin.getByTestId('adopt-sla').isDisabled(), true, 'no adoption before its what-if');
    await admin.getByTestId('what-if').click();
    await admin.getByTestId('what-if-result').waitFor();
    assert.match((await admin.getByTestId('what-if-result').textContent())!, /\d+ cases/);
    await shoot(admin, 'admin-en');
    await admin.getByTestId('adopt-sla').click();
    await waitFor(
      'the adoption',
      async () => /adopted here, revision 0/.test((await admin.locator('body').textContent())!),
      10_000,
    );
    await waitFor(
      'the adoption in the history, with its reason',
      async () =>
        /ada\.admin[^]*Critical complaints acknowledged within half an hour/.test(
          (await admin.locator('body').textContent())!,
        ),
      10_000,
    );
    await admin.context().close();
  });

  it('shows the supplier and administration screens in Chinese too', async () => {
    const lead = await person('wang.fang', ['supervisor', 'quality-engineer', 'admin'], 'zh-CN');
    await lead.getByRole('link', { name: '供应商' }).click();
    await lead.locator('tr[data-row-key="sup-casting-01"]').waitFor();
    assert.match((await lead.locator('tr[data-row-key="sup-casting-01"]').textContent())!, /中\s*A\s*85\.4\s*合格/);
    await shoot(lead, 'suppliers-zh');
    await lead.locator('tr[data-row-key="sup-casting-01"]').click();
    await waitFor(
      'the weighted criteria in the words of the sources',
      async () => /质量意识[^]*系统稳定程度/.test((await lead.locator('body').textContent())!),
      10_000,
    );
    assert.match((await lead.getByTestId('measured-over').textContent())!, /交货 24 批次，准时 91\.7 %/);
    await shoot(lead, 'supplier-zh');
    await lead.getByText('zhao.sqe 添加了证据：line-audit-2026.pdf').waitFor();
    await lead.getByTestId('evidence-card').scrollIntoViewIfNeeded();
    await shoot(lead, 'supplier-evidence-zh');
    await lead.getByRole('link', { name: '管理' }).click();
    await lead.getByTestId('policy-text-sla').waitFor();
    assert.match((await lead.locator('body').textContent())!, /时限策略[^]*供应商评价策略[^]*读模型/);
    await shoot(lead, 'admin-zh');
    await lead.context().close();
  });

  // Four browser sessions, two of them phones, and two resends: on a machine busy with the other suites, it has
  // taken longer than the three minutes every test is given.
  it('lists the webhooks the receiver refused for an administrator, who resends one once it is mended, in both languages and on a phone', async () => {
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'wang.fang',
      roles: ['supervisor', 'admin'],
    });
    const boss = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    const { body: kase } = await boss.post('/api/v1/complaints', {
      customer: { name: 'Ningbo Pumps Co.' },
      channel: 'phone',
      category: 'product-quality',
      severity: 'normal',
      title: 'Pump seal weeps',
      description: 'Seal weeps after an hour.',
    });
    assert.equal(
      (await boss.post(`/api/v1/complaints/${kase.id as string}/escalate`, { reason: 'Key account' })).status,
      200,
    );
    const parked = async () =>
      ((await boss.get('/api/v1/admin/webhooks/dead-letters')).body.items as { payload: { complaintId?: string } }[])
        .length;
    await waitFor('the refused escalation parked', async () => (await parked()) > 0, 20_000);

    const zh = await person('wang.fang', ['supervisor', 'admin'], 'zh-CN');
    await zh.getByRole('link', { name: '管理' }).click();
    await zh.getByTestId('dead-letter').first().waitFor();
    assert.match((await zh.getByTestId('dead-letters').textContent())!, /接收方返回 410[^]*共尝试 1 次/);
    await zh.getByTestId('dead-letters').scrollIntoViewIfNeeded();
    await settled(zh);
    await shoot(zh, 'admin-dead-letters-zh');
    await zh.context().close();
    for (const language of ['zh-CN', 'en']) {
      const pocket = await person('wang.fang', ['supervisor', 'admin'], language, undefined, phone);
      await pocket.goto(`${app.baseUrl}/admin`);
      await pocket.getByTestId('dead-letter').first().waitFor();
      await pocket.getByTestId('dead-letters').scrollIntoViewIfNeeded();
      assert.ok((await pageWidth(pocket)) <= phone.width, 'the dead letters fit a phone');
      await settled(pocket);
      await shoot(pocket, `phone-admin-dead-letters-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.context().close();
    }

    const en = await person('wang.fang', ['supervisor', 'admin']);
    await en.goto(`${app.baseUrl}/admin`);
    await en.getByTestId('dead-letter').first().waitFor();
    const before = await en.getByTestId('dead-letter').count();
    // Still refused: said, and it stays.
    await en.getByTestId('dead-letter').first().getByRole('button', { name: 'Resend' }).click();
    await en.getByText(/still fails \(410\)/).waitFor();
    assert.equal(await en.getByTestId('dead-letter').count(), before);
    await settled(en);
    await shoot(en, 'admin-dead-letters-en');
    webhookAnswer = 204;
    await en.getByTestId('dead-letter').first().getByRole('button', { name: 'Resend' }).click();
    await en.getByText('Delivered', { exact: true }).waitFor();
    await waitFor('one fewer listed', async () => (await en.getByTestId('dead-letter').count()) === before - 1);
    webhookAnswer = 410;
    await en.context().close();
  }, 300_000);

  it('rings the bell of the team lead a case is escalated to, live, in both languages and on a phone', async () => {
    const zh = await person('wang.fang', ['supervisor'], 'zh-CN');
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'sup.zhao',
      roles: ['supervisor'],
    });
    const other = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    const { body: kase } = await other.post('/api/v1/complaints', {
      customer: { name: 'Ningbo Pumps Co.' },
      channel: 'phone',
      category: 'product-quality',
      severity: 'high',
      title: '泵体铸件砂眼',
      description: '两件泵体铸件在压力测试时渗漏。',
    });
    const before = Number((await zh.getByTestId('notice-bell').getAttribute('aria-label'))!.match(/\d+/)![0]);
    assert.equal(
      (await other.post(`/api/v1/complaints/${kase.id as string}/escalate`, { reason: '产线停线' })).status,
      200,
    );
    // Live: the count goes up without a reload.
    await waitFor(
      'the bell to ring',
      async () =>
        Number((await zh.getByTestId('notice-bell').getAttribute('aria-label'))!.match(/\d+/)![0]) === before + 1,
      30_000,
    );
    await zh.getByTestId('notice-bell').click();
    const sentence = `${kase.number as string} 已升级到第 1 级（team-lead）`;
    await zh.getByTestId('notices').getByText(sentence).waitFor();
    await settled(zh);
    await shoot(zh, 'bell-zh');
    await zh.getByTestId('notices-read').click();
    await waitFor('the count cleared', async () =>
      /^0 /.test((await zh.getByTestId('notice-bell').getAttribute('aria-label'))!),
    );
    await zh.getByTestId('notices').getByText(sentence).click();
    await zh.waitForURL(`**/complaints/${kase.id as string}`);
    await zh.context().close();

    const en = await person('wang.fang', ['supervisor']);
    await en.getByTestId('notice-bell').click();
    await en
      .getByTestId('notices')
      .getByText(`${kase.number as string} was escalated to level 1 (team-lead)`)
      .waitFor();
    await settled(en);
    await shoot(en, 'bell-en');
    await en.context().close();
    for (const language of ['zh-CN', 'en']) {
      const pocket = await person('wang.fang', ['supervisor'], language, undefined, phone);
      await pocket.getByTestId('notice-bell').click();
      await pocket.getByTestId('notice').first().waitFor();
      assert.ok((await pageWidth(pocket)) <= phone.width, 'the bell fits a phone');
      await settled(pocket);
      await shoot(pocket, `phone-bell-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.context().close();
    }
  });

  it('shows an administrator the outbox of e-mail, and the case what went to its customer, in both languages and on a phone', async () => {
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'wang.fang',
      roles: ['supervisor', 'admin'],
    });
    const boss = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    const { body: kase } = await boss.post('/api/v1/complaints', {
      customer: { name: '苏州精工', contact: 'caigou@szjg.example' },
      channel: 'email',
      category: 'product-quality',
      severity: 'normal',
      title: '法兰密封面划伤',
      description: '到货检验发现两件法兰密封面有划痕。',
    });
    const number = kase.number as string;
    const kept = async () =>
      ((await boss.get('/api/v1/admin/mail')).body.items as { subject: string }[]).some((item) =>
        item.subject.includes(number),
      );
    await waitFor('the acknowledgement in the outbox', kept, 20_000);

    for (const [language, sent] of [
      ['zh-CN', '已发邮件给 顾客：受理确认'],
      ['en', 'E-mail sent to the customer: the acknowledgement'],
    ] as const) {
      const page = await person('wang.fang', ['supervisor', 'admin'], language);
      await page.goto(`${app.baseUrl}/admin`);
      const message = page.getByTestId('mail-message').filter({ hasText: number }).first();
      await message.waitFor();
      await message.click();
      await page
        // The message is in its recipient's language (a contact typed on the complaint: Chinese), whatever the reader's.
        .getByText(/请注明编号/)
        .first()
        .waitFor();
      assert.match(
        (await page.getByTestId('mail-log').textContent())!,
        language === 'en'
          ? /nothing leaves[^]*To the customer <caigou@szjg\.example>/
          : /邮件不会发出[^]*收件人 顾客 <caigou@szjg\.example>/,
      );
      await page.getByTestId('mail-log').scrollIntoViewIfNeeded();
      await settled(page);
      await shoot(page, `admin-mail-${language === 'en' ? 'en' : 'zh'}`);
      await page.goto(`${app.baseUrl}/complaints/${kase.id as string}`);
      await page.getByText(sent).first().waitFor();
      await page.getByText(sent).first().scrollIntoViewIfNeeded();
      await settled(page);
      await shoot(page, `case-mail-sent-${language === 'en' ? 'en' : 'zh'}`);
      await page.context().close();

      const pocket = await person('wang.fang', ['supervisor', 'admin'], language, undefined, phone);
      await pocket.goto(`${app.baseUrl}/admin`);
      const onPhone = pocket.getByTestId('mail-message').filter({ hasText: number }).first();
      await onPhone.waitFor();
      await onPhone.click();
      await pocket.getByTestId('mail-log').scrollIntoViewIfNeeded();
      assert.ok((await pageWidth(pocket)) <= phone.width, 'the outbox fits a phone');
      await settled(pocket);
      await shoot(pocket, `phone-admin-mail-${language === 'en' ? 'en' : 'zh'}`);
      await pocket.context().close();
    }
  });

  it('pages the inbox by cursor: the next page and back, saying where the page stands among how many, in both languages and on a phone', async () => {
    const { body: minted } = await http(app.baseUrl).post('/api/v1/auth/dev-token', {
      subject: 'li.wei',
      roles: ['owner'],
    });
    const desk = http(app.baseUrl, { authorization: `Bearer ${minted.token as string}` });
    const tag = `pager${Date.now()}`;
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < 51) {
          const title = `Paged valve ${tag} ${next++}`;
          const response = await desk.post('/api/v1/complaints', { ...RegisterComplaintDto.example, title });
          assert.equal(response.status, 201, JSON.stringify(response.body));
        }
      }),
    );
    await waitFor(
      'the 51 cases listed',
      async () => (await desk.get(`/api/v1/complaints?q=${tag}`)).body.total === 51,
      30_000,
    );
    for (const [language, viewport, suffix] of [
      ['en', undefined, 'en'],
      ['zh-CN', undefined, 'zh'],
      ['en', phone, 'phone-en'],
      ['zh-CN', phone, 'phone-zh'],
    ] as const) {
      const reader = await person('li.wei', ['owner'], language, undefined, viewport);
      const range = reader.getByTestId('inbox-range');
      const shows = (first: number, last: number) =>
        waitFor(
          `cases ${first} to ${last} shown`,
          async () =>
            (await range.textContent()) ===
            (language === 'en' ? `${first}–${last} of 51 cases` : `第 ${first}–${last} 件（共 51 件）`),
          15_000,
        );
      const rows = () => reader.locator(viewport ? '.ant-list-items > *' : 'tr[data-row-key]').count();
      await reader.goto(`${app.baseUrl}/?view=everything&q=${tag}`);
      await shows(1, 50);
      assert.equal(await rows(), 50);
      assert.equal(await reader.getByTestId('inbox-previous').isDisabled(), true);
      await reader.getByTestId('inbox-next').click();
      await shows(51, 51);
      // The last page: one case, the way back, no way on.
      await shoot(reader, `inbox-pager-${suffix}`);
      assert.equal(await rows(), 1);
      assert.match(new URL(reader.url()).search, /cursor=/);
      assert.equal(await reader.getByTestId('inbox-next').isDisabled(), true);
      // The browser's Back and Forward walk the same pages, knowing where each stands.
      await reader.goBack();
      await shows(1, 50);
      await reader.goForward();
      await shows(51, 51);
      await reader.getByTestId('inbox-previous').click();
      await shows(1, 50);
      assert.doesNotMatch(new URL(reader.url()).search, /cursor=/);
      await reader.context().close();
    }
  });

  it('shows every screen’s text at WCAG AA contrast, in the light theme and the dark one', async () => {
    const screens: readonly [path: string, ready: string][] = [
      ['/?view=everything', 'inbox-views'],
      [`/complaints/${caseId}`, 'case-details'],
      [`/complaints/${caseId}/audit`, 'audit-record'],
      ['/complaints/new', 'complaint-title'],
      ['/suppliers', 'action-register-supplier'],
      ['/suppliers/sup-casting-01', 'performance-since'],
      ['/customers', 'customer-search'],
      ['/customers/CUST-WUXI', 'customer-file'],
      ['/reports', 'report-csv'],
      ['/admin', 'projection-lag'],
    ];
    const failures: string[] = [];
    const check = async (page: Page, screen: string) => {
      for (const { text, ratio, minimum, colour, background, where } of await contrastFailures(page))
        failures.push(`${screen}: “${text}” ${ratio}:1 < ${minimum}:1 (${colour} on ${background}, ${where})`);
    };
    for (const dark of [false, true]) {
      const theme = dark ? 'dark' : 'light';
      const everyone = await person('admin.chen', ['supervisor', 'admin', 'quality-engineer']);
      await everyone.context().addInitScript(
        (value) => {
          (globalThis as unknown as BrowserGlobals).localStorage.setItem('qloop.dark', value);
        },
        dark ? '1' : '0',
      );
      for (const [path, ready] of screens) {
        await everyone.goto(`${app.baseUrl}${path}`);
        await everyone.getByTestId(ready).first().waitFor();
        await everyone.waitForLoadState('networkidle');
        await check(everyone, `${theme} ${path}`);
      }
      // Signed out: the sign-in page.
      await everyone.getByTestId('sign-out').click();
      await everyone.getByTestId('sign-in-submit').waitFor();
      await check(everyone, `${theme} /sign-in`);
      await everyone.context().close();
    }
    assert.deepEqual(failures, [], `text under WCAG AA contrast:\n${failures.join('\n')}`);
  });

  it('serves the UI at / with a policy of its own, deep links as the app, and its assets compressed and cached', async () => {
    const page = await fetch(`${app.baseUrl}/complaints/${crypto.randomUUID()}/audit`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const policy = page.headers.get('content-security-policy') ?? '';
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self'(;|$)/, 'no inline or foreign script');
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await fetch(`${app.baseUrl}${script}`, { headers: { 'accept-encoding': 'identity' } });
    const brotli = await fetch(`${app.baseUrl}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(brotli.headers.get('content-encoding'), 'br');
    assert.match(brotli.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await brotli.text(), await plain.text(), 'the same script, smaller on the wire');
    assert.ok(Number(brotli.headers.get('content-length')) < Number(plain.headers.get('content-length')) / 2);
    // The API keeps its own policy: nothing runs from it.
    const api = await fetch(`${app.baseUrl}/api/v1/auth/config`);
    assert.match(api.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(
      (await fetch(`${app.baseUrl}/api/v1/no-such-route`)).status,
      404,
      'an unknown API path is the API’s 404, not the app',
    );
  });

  it('answers in the language asked for: problem titles, report labels and CSV headers, with Content-Language and a byte-order mark', async () => {
    const minted = await http(app.baseUrl).post('/api/v1/auth/dev-token', { subject: 'eve.audit', roles: ['auditor'] });
    assert.equal(minted.status, 200, JSON.stringify(minted.body));
    const reader = http(app.baseUrl, { authorization: `Bearer ${minted.body.token}` });
    const missing = `/api/v1/complaints/${crypto.randomUUID()}`;

    const chinese = await reader.get(missing, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    assert.equal(chinese.status, 404);
    assert.equal(chinese.body.title, '未找到');
    assert.equal(chinese.body.type, 'urn:qloop:problem:not-found', 'codes never change with the language');
    assert.equal(chinese.headers.get('content-language'), 'zh-CN');
    assert.match(chinese.headers.get('vary') ?? '', /Accept-Language/i);
    const english = await reader.get(missing, { 'accept-language': 'fr, en;q=0.5' });
    assert.equal(english.body.title, 'Not found');
    assert.equal(english.headers.get('content-language'), 'en');

    const report = await reader.get('/api/v1/reports/complaints', { 'accept-language': 'zh' });
    assert.equal(report.body.labels.sections.slaCompliance, '时限达成率');
    assert.equal(report.body.labels.columns.period, '期间');
    assert.ok(report.body.sections.slaCompliance.length > 0, 'the cases of this file are counted');
    const csv = await fetch(`${app.baseUrl}/api/v1/reports/complaints`, {
      headers: { authorization: `Bearer ${minted.body.token}`, accept: 'text/csv', 'accept-language': 'zh-CN' },
    });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const [header, firstRow] = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    assert.match(header!, /^部分,期间,严重程度,案件数/);
    assert.match(firstRow!, /^时限达成率,/);
  });
});
