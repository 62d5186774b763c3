// The console in a real browser (Debian's chromium driven by playwright-core) against a real server
// with the demo province: sign in, the cockpit renders, drill down to a city's counties, switch
// language and the large-text mode; no console errors; screenshots kept in test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, initialiseDemo, loadConfig, startServer, type RunningServer } from '@govperf/server';
import { createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { migrateToLatest, openDatabase, type Database } from '@govperf/storage';
import { buildConsole } from './build';

const CHROMIUM = '/usr/bin/chromium';
/** The flags the machine needs: root without a sandbox, and no background traffic on a closed network. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');
// CI installs chromium and sets GOVPERF_REQUIRE_BROWSER, so there this suite can never be skipped silently.
const available = existsSync(CHROMIUM);
if (!available && process.env.GOVPERF_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing but GOVPERF_REQUIRE_BROWSER is set`);

describe.skipIf(!available)('the web console in chromium', () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let credentials: { username: string; password: string };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const consoleDir = await buildConsole(mkdtempSync(join(tmpdir(), 'govperf-console-')));
    database = await openDatabase({ kind: 'memory' });
    await migrateToLatest(database);
    const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 9), keyId: 'e2e' });
    const dataDir = mkdtempSync(join(tmpdir(), 'govperf-e2e-'));
    await initialiseDemo(database, defaultMetricCatalogue(), { dataDir, scale: 0.002, cipher });
    credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
    const services = createServices(database, defaultMetricCatalogue(), cipher);
    server = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' }), {
      services,
      consoleDir,
      handleSignals: false,
      logger: createLogger('error', { out: () => {}, err: () => {} }),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    // CI runs the test files side by side on two cores: give each step a minute, not Playwright's 30 s.
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('signs in, renders the province cockpit, drills down to a city, switches language and contrast, without console errors', async () => {
    const started = Date.now();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill(credentials.username);
    await page.getByLabel('密码').fill(credentials.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();

    // The province's eleven cities, ranked.
    await page.getByRole('heading', { name: '绩效驾驶舱' }).waitFor();
    const rows = page.locator('.ranking tr.ant-table-row');
    await rows.nth(10).waitFor();
    const firstLoadMs = Date.now() - started;
    expect(await rows.count()).toBe(11);
    await expect.poll(() => page.locator('.ant-breadcrumb').textContent()).toContain('浙江省');
    await page.locator('[role="img"] canvas').first().waitFor();
    // The heat map of the cities × second-level indicators and the red/yellow board with owners.
    await page.getByRole('img', { name: '二级指标得分热力图' }).locator('canvas').first().waitFor();
    await expect.poll(() => page.locator('.warnings tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, '01-cockpit-province.png'), fullPage: true });

    // 省 → 市: Hangzhou's districts and counties.
    await page.getByRole('button', { name: '下钻 杭州市' }).click();
    await expect.poll(() => page.locator('.ant-breadcrumb').textContent()).toContain('杭州市');
    await expect.poll(() => page.locator('.ranking .ant-table-tbody').textContent()).toContain('上城区');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: join(ARTIFACTS, '02-cockpit-hangzhou.png'), fullPage: true });

    // A county's page: every indicator, and one explained down to its metrics and sample facts.
    await page.getByRole('button', { name: '详情 上城区' }).click();
    await page.getByRole('heading', { name: '上城区' }).waitFor();
    await page.getByRole('img', { name: '近 12 期综合得分趋势' }).locator('canvas').first().waitFor();
    await page.locator('.indicators tr.ant-table-row').nth(5).waitFor();
    expect(await page.locator('.indicators tr.ant-table-row').count()).toBeGreaterThan(40);
    await page.getByRole('button', { name: /^溯源 / }).first().click();
    await page.locator('.explanation .facts tr.ant-table-row').first().waitFor();
    const formula = await page.locator('.explanation code').first().textContent();
    expect(formula?.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, '03-unit-explain.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /返回排名/ }).click();
    await expect.poll(() => page.locator('.ranking .ant-table-tbody').textContent()).toContain('上城区');

    // Start an evaluation run and see it finish.
    await page.getByRole('button', { name: /发起评估/ }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toContain('评估完成');

    // AHP: change judgements and see CR move past 0.1 with the inconsistent pairs named.
    await page.getByRole('tab', { name: '权重计算（AHP）' }).click();
    const judgements = page.locator('.judgements tr.ant-table-row');
    await judgements.nth(2).waitFor();
    await expect.poll(() => page.locator('.ahp-stats .ant-statistic-content').first().textContent()).toBe('0.0000');
    const choose = async (row: number, label: string) => {
      await judgements.nth(row).locator('.ant-select').click();
      await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
      // The closing dropdown stays visible for its animation: wait it out before opening the next.
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    };
    await choose(0, '9'); // A1 ≫ A2
    await choose(3, '9'); // A2 ≫ A3
    await choose(1, '1/9'); // but A3 ≫ A1: a cycle
    await expect.poll(async () => Number(await page.locator('.ahp-stats .ant-statistic-content').first().textContent())).toBeGreaterThan(0.1);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('一致性检验未通过');
    await page.screenshot({ path: join(ARTIFACTS, '04-ahp-inconsistent.png'), fullPage: true });

    // The rectification ledger: publishing the demo quarters generated tasks; open one, see its
    // history, report progress and see it recorded.
    await page.getByRole('tab', { name: '整改台账' }).click();
    await page.getByRole('img', { name: '任务状态分布' }).waitFor();
    await page.getByRole('button', { name: /^详情 / }).first().click();
    await page.getByText('全过程记录').waitFor();
    await expect.poll(() => page.locator('.ant-drawer .ant-timeline').textContent()).toContain('生成任务');
    await page.getByLabel('进展说明').fill('已完成窗口人员调配 <b>不是标记</b>');
    await page.getByRole('button', { name: '报送进展' }).click();
    await expect.poll(() => page.locator('.ant-drawer').getByRole('status').textContent()).toContain('已保存');
    await expect.poll(() => page.locator('.ant-drawer .ant-timeline').textContent()).toContain('已完成窗口人员调配 <b>不是标记</b>');
    await page.screenshot({ path: join(ARTIFACTS, '04b-rectification-ledger.png'), fullPage: true });
    await page.locator('.ant-drawer-close').click();

    // 诉求工单: the heading, and the demand pool showing its board or its empty state (the demo may have no data).
    await page.getByRole('tab', { name: '诉求工单' }).click();
    await page.getByRole('heading', { name: '诉求工单' }).waitFor();
    await page.getByRole('img', { name: '工单响应等级分布' }).or(page.getByText('管辖范围内暂无工单')).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '04c-feedback-work-orders.png'), fullPage: true });
    await page.getByText('需求池', { exact: true }).click();
    await page.getByRole('img', { name: '需求四象限（价值—投入）' }).or(page.getByText('需求池暂无需求')).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '04d-feedback-demand-pool.png'), fullPage: true });
    await page.getByRole('tab', { name: '绩效驾驶舱' }).click();

    // Back up by the breadcrumb.
    await page.locator('.ant-breadcrumb a', { hasText: '浙江省' }).click();
    await expect.poll(() => rows.count()).toBe(11);

    // English, then the large-text high-contrast mode.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Performance cockpit' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('switch', { name: 'Large text, high contrast' }).click();
    await expect.poll(() => page.locator('body.large-text').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, '05-cockpit-english-large-text.png'), fullPage: true });

    // Keyboard: the drill-down buttons are reachable and labelled.
    await page.getByRole('button', { name: 'Drill down 杭州市' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.ranking .ant-table-tbody').textContent()).toContain('上城区');

    expect([...new Set(consoleErrors)]).toEqual([]);
    console.info(`cockpit first load (sign-in to 11 ranked cities): ${firstLoadMs} ms`);
  }, 120_000);
});
