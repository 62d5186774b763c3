// The embeddable feedback widget (/widget.js, packages/sdk) and the public tracking page (/track) in
// a real browser (Debian's chromium driven by playwright-core). The server serves /widget.js and the
// built console; the public intake API is answered by a small fake in this file (page.route) that
// enforces the wire contract with the zod schemas of @govperf/contracts, so these tests do not wait
// on the backend. Covered: keyboard-only use, HTML/script typed by a citizen staying inert, oversized
// text refused with the message, offline then online delivering the queued feedback exactly once
// (and a notice of its progress on a later visit), the rating invitation with the channel's
// dimensions, the tracking page's steps for a rejected item with its reason and an HTML-laden note
// shown as text; no console errors. Screenshots in test-artifacts/screenshots. A last test runs the
// widget and the tracking page against the real server (skipped while /api/public/feedback is 404).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_TEXT_MAX, FeedbackSubmissionSchema, IntakeReceiptSchema, RatingSubmissionSchema, type FeedbackSubmission, type RatingSubmission } from '@govperf/contracts';
import { createLogger, loadConfig, startServer, type RunningServer } from '@govperf/server';
import { createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { migrateToLatest, openDatabase } from '@govperf/storage';
import { buildConsole } from './build';

const CHROMIUM = '/usr/bin/chromium';
/** The flags the machine needs: root without a sandbox, and no background traffic on a closed network. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');
// CI installs chromium and sets GOVPERF_REQUIRE_BROWSER, so there this suite can never be skipped silently.
const available = existsSync(CHROMIUM);
if (!available && process.env.GOVPERF_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing but GOVPERF_REQUIRE_BROWSER is set`);

const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script><img src=y onerror="window.__xss=1"> 办事指南的链接打不开';

/** A host page as a third-party site would write it: the widget by one script tag, under a strict CSP (no inline code or style). */
const EMBED_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>某市政务服务网</title>
<script src="/widget.js" data-app-version="9.9.9" data-app-id="zwfw" data-lang="zh-CN" defer></script>
</head><body><h1>某市政务服务网</h1><p><a href="#main">办事指南</a></p></body></html>`;
const EMBED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";

type ErrorBody = { error: { code: string; message: string; details: unknown } };
const fail = (code: string, message: string, details: unknown = null): ErrorBody => ({ error: { code, message, details } });

/** The public intake endpoints as the contract says they behave, in memory. */
function fakeIntake() {
  const feedback = new Map<string, { code: string; body: FeedbackSubmission }>();
  const ratings = new Map<string, { code: string; body: RatingSubmission }>();
  const posts: { path: string; submissionId: string }[] = [];
  const contributorAsks: string[] = [];
  /** Routed requests bypass context.setOffline: while this is set they fail as a dead network would. */
  const network = { offline: false };
  let next = 1;
  const tracks: Record<string, unknown> = {
    'FB-XSS-0001': {
      trackingCode: 'FB-XSS-0001',
      status: 'rejected',
      statusLabel: { zh: '不予采纳', en: 'Not adopted' },
      history: [
        { status: 'pending_review', at: '2026-11-20T09:00:00+08:00' },
        { status: 'accepted', at: '2026-11-20T15:30:00+08:00', note: '<img src=x onerror="window.__xss=1">已转市大数据局' },
        { status: 'rejected', at: '2026-11-21T10:00:00+08:00', note: '<script>window.__xss=2</script>经研判' },
      ],
      reason: '<b>与现行政策不符</b><script>window.__xss=3</script>：该事项须线下核验原件。',
    },
    'FB-LIVE-0002': {
      trackingCode: 'FB-LIVE-0002',
      status: 'online',
      statusLabel: { zh: '已上线', en: 'Live' },
      history: ['pending_review', 'accepted', 'developing', 'testing', 'online'].map((status, i) => ({ status, at: `2026-11-1${i}T10:00:00+08:00` })),
    },
  };

  const json = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}) =>
    route.fulfill({ status, contentType: 'application/json; charset=utf-8', headers, body: JSON.stringify(body) });
  const receipt = (trackingCode: string, duplicate: boolean) => IntakeReceiptSchema.parse({ trackingCode, status: 'pending_review', duplicate });
  const issueMessage = (issues: { path: PropertyKey[]; message: string }[]) => issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

  async function handle(route: Route): Promise<void> {
    const request = route.request();
    if (network.offline) return route.abort('internetdisconnected');
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && path.startsWith('/api/public/track/')) {
      const found = tracks[decodeURIComponent(path.slice('/api/public/track/'.length))];
      return found ? json(route, 200, found) : json(route, 404, fail('not_found', 'no such tracking code'));
    }
    if (request.method() === 'GET' && path.startsWith('/api/public/contributors/')) {
      // 体验官积分: here 1 point per feedback received from the client id (as if processed at once).
      const clientId = decodeURIComponent(path.slice('/api/public/contributors/'.length));
      contributorAsks.push(clientId);
      const points = [...feedback.values()].filter((f) => f.body.clientId === clientId).length;
      const history = Array.from({ length: points }, () => ({ at: '2026-11-22T02:00:00.000Z', reason: 'processed', label: { zh: '提交反馈', en: 'feedback submitted' }, points: 1 }));
      return json(route, 200, { clientId, feedback: points, accepted: 0, delivered: 0, points, stars: 1, title: { zh: '见习体验官', en: 'Trainee reviewer' }, nextAt: 10, history });
    }
    if (request.method() !== 'POST') return json(route, 405, fail('method_not_allowed', 'method not allowed'));
    const raw = request.postData() ?? '';
    if (raw.length > 64 * 1024) return json(route, 413, fail('payload_too_large', 'The request body is too large'));
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(route, 400, fail('validation_failed', 'body: not JSON'));
    }
    if (path === '/api/public/feedback') {
      const parsed = FeedbackSubmissionSchema.safeParse(body);
      if (!parsed.success) return json(route, 400, fail('validation_failed', issueMessage(parsed.error.issues), parsed.error.issues));
      posts.push({ path, submissionId: parsed.data.submissionId });
      const known = feedback.get(parsed.data.submissionId);
      if (known) return json(route, 200, receipt(known.code, true));
      const code = `FB-2026-${String(next++).padStart(6, '0')}`;
      feedback.set(parsed.data.submissionId, { code, body: parsed.data });
      return json(route, 201, receipt(code, false));
    }
    if (path === '/api/public/ratings') {
      const parsed = RatingSubmissionSchema.safeParse(body);
      if (!parsed.success) return json(route, 400, fail('validation_failed', issueMessage(parsed.error.issues), parsed.error.issues));
      posts.push({ path, submissionId: parsed.data.submissionId });
      const key = `${parsed.data.caseId}|${parsed.data.stage}`;
      if (ratings.has(key)) return json(route, 409, fail('conflict', '该办件在此阶段已评价过，不能重复评价'));
      const code = `RT-2026-${String(next++).padStart(6, '0')}`;
      ratings.set(key, { code, body: parsed.data });
      return json(route, 201, receipt(code, false));
    }
    return json(route, 404, fail('not_found', `no route ${path}`));
  }
  return { feedback, ratings, posts, contributorAsks, network, tracks, handle };
}

describe.skipIf(!available)('the feedback widget and the tracking page in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = await buildConsole(mkdtempSync(join(tmpdir(), 'govperf-console-')));
    // No services: the API part answers nothing useful here; the intake calls are faked per page.
    server = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' }), {
      consoleDir,
      handleSignals: false,
      logger: createLogger('error', { out: () => {}, err: () => {} }),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh context (own storage) with the fake intake routed and console errors and dialogs recorded. */
  async function open(path: string, options: { embed?: boolean; expectedErrors?: RegExp } = {}) {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page: Page = await context.newPage();
    const intake = fakeIntake();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !options.expectedErrors?.test(message.text())) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.route('**/api/public/**', (route) => intake.handle(route));
    if (options.embed) {
      await page.route('**/embed-test.html', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': EMBED_CSP }, body: EMBED_PAGE }),
      );
    }
    await page.goto(`${server.url}${path}`);
    return { context, page, intake, errors, dialogs };
  }

  const xssFired = (page: Page) => page.evaluate('window.__xss');
  /** The id (or tag) of the element focused inside the widget's shadow root. */
  const focusedInWidget = (page: Page) =>
    page.evaluate(`(() => { const a = document.querySelector('[data-govperf-widget]')?.shadowRoot?.activeElement; return a ? (a.id || a.tagName.toLowerCase() + (a.textContent ? ':' + a.textContent : '')) : null; })()`);

  it('is used by keyboard alone; HTML and script in the text stay inert; oversized text is refused with the message', async () => {
    const { context, page, intake, errors, dialogs } = await open('/embed-test.html', { embed: true });
    const fab = page.getByRole('button', { name: '一键反馈' });
    await fab.waitFor();

    // Tab through the host page to the floating button, open the dialog with Enter.
    for (let i = 0; i < 5 && (await focusedInWidget(page)) !== 'button:一键反馈'; i++) await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('button:一键反馈');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '意见反馈' });
    await dialog.waitFor();
    expect(String(await focusedInWidget(page))).toMatch(/-text$/); // straight into the text box
    await expect.poll(() => dialog.locator('.count').textContent()).toBe(`已输入 0 / ${FEEDBACK_TEXT_MAX} 字`);
    // The footer: this device's 体验官 points, asked with its own persisted client id.
    const clientId = String(await page.evaluate("localStorage.getItem('govperf.clientId')"));
    await expect.poll(() => dialog.locator('[data-contributor-points]').textContent()).toBe('我的积分 0 · ★☆☆☆☆ 见习体验官 · 再得 10 分升星');
    expect(intake.contributorAsks).toEqual([clientId]);
    expect(await dialog.getByRole('img', { name: '1 星（共 5 星）' }).count()).toBe(1);

    // The focus stays in the dialog however far one tabs, both ways.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i < 6 ? 'Tab' : 'Shift+Tab');
      const focused = await focusedInWidget(page);
      expect(focused).not.toBeNull();
      expect(focused).not.toBe('button:一键反馈');
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focusedInWidget(page)).toBe('button:一键反馈'); // focus back on the button
    await page.keyboard.press('Enter');
    await dialog.waitFor();

    // Too long: refused in the browser with the message, nothing sent, the text kept.
    const textBox = dialog.getByLabel('反馈内容');
    await textBox.fill('长'.repeat(FEEDBACK_TEXT_MAX + 3));
    await expect.poll(() => dialog.locator('.count').textContent()).toContain('已超出 3 字');
    await page.keyboard.press('Tab'); // to the phone box
    await page.keyboard.press('Enter'); // submits the form
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain(`超过 ${FEEDBACK_TEXT_MAX} 字的上限，请删减 3 字后再提交`);
    expect(intake.posts).toEqual([]);
    expect((await textBox.inputValue()).length).toBe(FEEDBACK_TEXT_MAX + 3);
    await page.screenshot({ path: join(ARTIFACTS, '10-widget-oversized.png') });

    // HTML and script: sent as text, echoed as text.
    await textBox.fill(XSS);
    await dialog.getByLabel('反馈类型').selectOption('bug');
    await textBox.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: '提交成功' });
    const code = done.locator('[data-tracking-code]');
    await code.waitFor();
    expect(await code.textContent()).toBe('FB-2026-000001');
    expect(await done.locator('[data-echo]').textContent()).toBe(XSS);
    expect(await done.locator('img, script').count()).toBe(0);
    expect(await done.getByRole('link', { name: '查看办理进度' }).getAttribute('href')).toBe(`${server.url}/track/FB-2026-000001`);
    // After the submission the points line is asked again and shows the new standing.
    await expect.poll(() => done.locator('[data-contributor-points]').textContent()).toBe('我的积分 1 · ★☆☆☆☆ 见习体验官 · 再得 9 分升星');
    expect(intake.contributorAsks.every((id) => id === clientId)).toBe(true);
    const stored = [...intake.feedback.values()][0]!.body;
    expect(stored).toMatchObject({ text: XSS, kind: 'bug', appId: 'zwfw', context: { pagePath: '/embed-test.html', appVersion: '9.9.9', locale: 'zh-CN' } });
    expect(stored.context.device).toContain('Chrome');
    await page.screenshot({ path: join(ARTIFACTS, '11-widget-submitted-xss-inert.png') });
    await page.waitForTimeout(300); // give any injected handler the chance to run
    expect(await xssFired(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.evaluate('document.images.length')).toBe(0);

    // English, and the larger text.
    await done.getByRole('button', { name: '大字' }).click();
    await done.getByRole('button', { name: 'English' }).click();
    await page.getByRole('dialog', { name: 'Thank you' }).waitFor();
    expect(await page.locator('.fab').textContent()).toBe('Feedback');
    const points = page.getByRole('dialog', { name: 'Thank you' }).locator('[data-contributor-points]');
    expect(await points.textContent()).toBe('My points 1 · ★☆☆☆☆ Trainee reviewer · 9 more to the next star');
    // 大字: the line grows with the rest of the dialog.
    expect(parseFloat(await points.evaluate((node) => getComputedStyle(node).fontSize))).toBeGreaterThanOrEqual(19);
    await page.screenshot({ path: join(ARTIFACTS, '12-widget-english-large.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('keeps feedback given offline and delivers it exactly once when back online', async () => {
    const { context, page, intake, errors } = await open('/embed-test.html', { embed: true, expectedErrors: /ERR_INTERNET_DISCONNECTED/ });
    await page.getByRole('button', { name: '一键反馈' }).waitFor();
    await context.setOffline(true);
    intake.network.offline = true;
    expect(await page.evaluate('navigator.onLine')).toBe(false);
    await page.getByRole('button', { name: '一键反馈' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('反馈内容').fill('地铁站里没有信号时提交的反馈');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('已保存在本设备，联网后会自动发送');
    // Offline: no points line and no request for it.
    expect(await dialog.locator('[data-contributor-points]').isVisible()).toBe(false);
    expect(intake.contributorAsks).toEqual([]);
    const queued = JSON.parse(String(await page.evaluate("localStorage.getItem('govperf.queue.v1')"))) as { submissionId: string }[];
    expect(queued).toHaveLength(1);
    expect(intake.posts).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '13-widget-offline-queued.png') });

    // Later retries fail too while offline; back online, the `online` event sends it at once.
    await page.waitForTimeout(2500);
    expect(intake.feedback.size).toBe(0);
    intake.network.offline = false;
    await context.setOffline(false);
    await expect.poll(() => intake.feedback.size, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => dialog.locator('[data-tracking-code]').textContent()).toBe('FB-2026-000001');
    // Delivered later: the points line appears in the updated view.
    await expect.poll(() => dialog.locator('[data-contributor-points]').textContent()).toBe('我的积分 1 · ★☆☆☆☆ 见习体验官 · 再得 9 分升星');
    // Wait past the first retry time: nothing is sent again.
    await page.waitForTimeout(3000);
    expect(intake.posts.map((p) => p.submissionId)).toEqual([queued[0]!.submissionId]);
    expect(await page.evaluate("localStorage.getItem('govperf.queue.v1')")).toBeNull();
    expect([...intake.feedback.values()][0]!.body.text).toBe('地铁站里没有信号时提交的反馈');

    // Notified of a change of status on a later visit, without signing in.
    intake.tracks['FB-2026-000001'] = {
      trackingCode: 'FB-2026-000001',
      status: 'accepted',
      statusLabel: { zh: '已受理', en: 'Accepted' },
      history: [{ status: 'pending_review', at: '2026-11-22T10:00:00+08:00' }, { status: 'accepted', at: '2026-11-22T11:00:00+08:00' }],
    };
    await page.reload();
    const news = page.getByRole('link', { name: '您的反馈 FB-2026-000001 有新进展：已受理' });
    await news.waitFor();
    expect(await news.getAttribute('href')).toBe(`${server.url}/track/FB-2026-000001`);
    await page.screenshot({ path: join(ARTIFACTS, '13b-widget-progress-notice.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('invites a rating with the five levels and the channel’s dimensions, and reports a second rating of the stage', async () => {
    const { context, page, intake, errors } = await open('/embed-test.html', { embed: true, expectedErrors: /status of 409/ });
    await page.getByRole('button', { name: '一键反馈' }).waitFor();
    await page.evaluate("window.Govperf.widget.inviteRating('CASE-2026-0001', { channel: 'online', title: '<b>不动产登记</b><img src=x onerror=\"window.__xss=1\">' })");
    const dialog = page.getByRole('dialog', { name: '请您对本次服务作出评价' });
    await dialog.waitFor();
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) expect(await dialog.getByRole('radio', { name: label, exact: true }).count()).toBe(1);
    for (const label of ['办事效率', '办事指南精确度', '办事便捷度', '平台操作性']) expect(await dialog.getByLabel(label, { exact: true }).count()).toBe(1);
    expect(await dialog.getByLabel('服务态度').count()).toBe(0); // an offline dimension
    expect(await dialog.getByText('<b>不动产登记</b>', { exact: false }).count()).toBe(1);

    // Keyboard: the first level has the focus; arrows move within the group.
    expect(String(await focusedInWidget(page))).toMatch(/-level-5$/);
    await page.keyboard.press('ArrowDown'); // 满意
    await page.keyboard.press('ArrowDown'); // 基本满意
    await page.keyboard.press('ArrowDown'); // 不满意: 差评, so the call-back phone appears
    await dialog.getByLabel('留下手机号', { exact: false }).waitFor();
    await dialog.getByLabel('办事效率').selectOption('2');
    await dialog.getByLabel('平台操作性').selectOption('1');
    await dialog.getByLabel('评价留言（选填）').fill('材料被退回三次');
    await dialog.getByLabel('留下手机号', { exact: false }).fill('13812345678');
    await page.screenshot({ path: join(ARTIFACTS, '14-widget-rating-invitation.png') });
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog', { name: '感谢您的评价' }).waitFor();
    const rating = intake.ratings.get('CASE-2026-0001|completion')!.body;
    expect(rating).toMatchObject({ level: 2, channel: 'online', stage: 'completion', dimensions: { overall: 2, efficiency: 2, usability: 1 }, comment: '材料被退回三次', contact: { phone: '13812345678' } });

    // The same case and stage again: the server's 409 is shown, nothing retried.
    await page.evaluate("window.Govperf.widget.inviteRating('CASE-2026-0001', { channel: 'online' })");
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: '非常满意', exact: true }).check();
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('该办件在此阶段已评价过，不能重复评价');
    await page.waitForTimeout(2500);
    expect(intake.posts.filter((p) => p.path === '/api/public/ratings')).toHaveLength(2);

    // Offline channel, in English.
    await dialog.getByRole('button', { name: 'English' }).click();
    await page.getByRole('dialog', { name: 'Please rate this service' }).waitFor();
    await page.keyboard.press('Escape');
    await page.evaluate("window.Govperf.widget.inviteRating('CASE-2026-0002', { channel: 'offline', stage: 'application' })");
    const english = page.getByRole('dialog', { name: 'Please rate this service' });
    await english.waitFor();
    for (const label of ['Service level', 'Attitude', 'Efficiency']) expect(await english.getByLabel(label, { exact: true }).count()).toBe(1);
    await english.getByRole('radio', { name: 'Very satisfied', exact: true }).check();
    await english.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your rating' }).waitFor();
    expect(intake.ratings.get('CASE-2026-0002|application')!.body).toMatchObject({ channel: 'offline', level: 5, dimensions: { overall: 5 } });
    expect(await xssFired(page)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows the tracking page: steps with times, the rejection reason, and HTML in notes as text', async () => {
    const { context, page, errors, dialogs } = await open('/track/FB-XSS-0001', { expectedErrors: /status of 404/ });
    await page.getByRole('heading', { name: '当前状态：不予采纳' }).waitFor();
    const steps = page.locator('.track-steps .ant-steps-item');
    expect(await steps.count()).toBe(3); // 待审核 → 已受理 → 不予采纳
    expect(await steps.allTextContents()).toEqual([expect.stringContaining('待审核'), expect.stringContaining('已受理'), expect.stringContaining('不予采纳')]);
    expect(await page.locator('.track-steps .ant-steps-item-error').textContent()).toContain('不予采纳');
    expect(await page.locator('.track-reason').textContent()).toContain('<b>与现行政策不符</b><script>window.__xss=3</script>：该事项须线下核验原件。');
    expect(await page.locator('.track-history').textContent()).toContain('<img src=x onerror="window.__xss=1">已转市大数据局');
    expect(await page.locator('.track-history').textContent()).toContain('<script>window.__xss=2</script>经研判');
    expect(await page.locator('.track-result img, .track-result script, .track-result b').count()).toBe(0);
    expect(await page.locator('.track-steps').textContent()).toMatch(/2026/);
    await page.screenshot({ path: join(ARTIFACTS, '15-track-rejected.png'), fullPage: true });
    expect(await xssFired(page)).toBeUndefined();
    expect(dialogs).toEqual([]);

    // English and the large-text mode.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Current status: Not adopted' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('switch', { name: 'Large text, high contrast' }).click();
    await expect.poll(() => page.locator('body.large-text').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, '16-track-english-large.png'), fullPage: true });
    await page.getByRole('button', { name: '切换到中文' }).click();

    // The code entry box: a finished item, then an unknown code.
    await page.goto(`${server.url}/track`);
    await page.getByLabel('查询码').fill('FB-LIVE-0002');
    await page.getByLabel('查询码').press('Enter');
    await page.getByRole('heading', { name: '当前状态：已上线' }).waitFor();
    expect(page.url()).toBe(`${server.url}/track/FB-LIVE-0002`);
    expect(await page.locator('.track-steps .ant-steps-item').count()).toBe(5);
    expect(await page.locator('.track-steps .ant-steps-item-finish').count()).toBe(5);
    await page.screenshot({ path: join(ARTIFACTS, '17-track-online.png'), fullPage: true });
    await page.getByLabel('查询码').fill('FB-NOPE-9999');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('未找到该查询码');
    await page.getByLabel('查询码').fill('<script>');
    await page.getByLabel('查询码').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('查询码格式不正确');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('submits to the real /api/public/feedback when the server has it, and follows it on the tracking page', async (ctx) => {
    const database = await openDatabase({ kind: 'memory' });
    let real: RunningServer | undefined;
    try {
      await migrateToLatest(database);
      const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 7), keyId: 'e2e' });
      real = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' }), {
        services: createServices(database, defaultMetricCatalogue(), cipher),
        consoleDir,
        handleSignals: false,
        logger: createLogger('error', { out: () => {}, err: () => {} }),
      });
      const probe = await fetch(`${real.url}/api/public/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      if (probe.status === 404 || probe.status === 405) {
        ctx.skip(`POST /api/public/feedback answers ${probe.status}: the intake endpoints are not on the server yet, so only the faked contract was tested`);
        return;
      }
      expect(probe.status).toBe(400);
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.route('**/embed-test.html', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': EMBED_CSP }, body: EMBED_PAGE }),
      );
      await page.goto(`${real.url}/embed-test.html`);
      await page.getByRole('button', { name: '一键反馈' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('反馈内容').fill(XSS);
      await dialog.getByRole('button', { name: '提交' }).click();
      const code = String(await dialog.locator('[data-tracking-code]').textContent({ timeout: 15_000 }));
      expect(code.length).toBeGreaterThan(3);
      expect(await dialog.locator('[data-echo]').textContent()).toBe(XSS);
      // The real /api/public/contributors/{clientId}: not processed yet, so 0 points.
      await expect.poll(() => dialog.locator('[data-contributor-points]').textContent()).toBe('我的积分 0 · ★☆☆☆☆ 见习体验官 · 再得 10 分升星');
      await page.goto(`${real.url}/track/${encodeURIComponent(code)}`);
      await page.getByRole('heading', { name: '当前状态：待审核' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, '18-track-real-server.png'), fullPage: true });
      expect(await xssFired(page)).toBeUndefined();
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await real?.close();
      await database.close();
    }
  }, 120_000);
});
