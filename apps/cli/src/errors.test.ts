// The CLI's common errors in zh-CN and en: both (Chinese first) unless GOVPERF_LANG or a zh/en
// locale chooses one — file not found, validation, database unreachable, unknown command/option.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliLanguage, databaseUnreachable, inLanguage } from './errors';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'govperf-errors-'));
const missing = join(dir, 'missing.json');
const NO_LOCALE = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', GOVPERF_LANG: '' };

describe('the language of CLI errors', () => {
  it('is chosen by GOVPERF_LANG, then the locale; both (zh first) without one', () => {
    expect(cliLanguage({ GOVPERF_LANG: 'en', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLanguage({ GOVPERF_LANG: 'ZH' })).toBe('zh');
    expect(cliLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(cliLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'C.UTF-8' })).toBe('both');
    expect(cliLanguage({})).toBe('both');
    expect(inLanguage({ zh: '甲\n乙', en: 'a' }, 'both')).toEqual(['甲', '乙', 'a']);
    expect(inLanguage({ zh: 'same', en: 'same' }, 'both')).toEqual(['same']);
  });

  it('says a file is missing in both languages, or in the one chosen', async () => {
    expect((await cli(NO_LOCALE, 'ahp', missing)).err).toBe(`govperf: ${missing}：文件不存在或无法读取\ngovperf: ${missing}: no such file, or it cannot be read\n`);
    expect(await cli({ ...NO_LOCALE, GOVPERF_LANG: 'zh' }, 'ahp', missing)).toMatchObject({ code: 1, err: `govperf: ${missing}：文件不存在或无法读取\n` });
    expect(await cli({ ...NO_LOCALE, LANG: 'en_US.UTF-8' }, 'ahp', missing)).toMatchObject({ code: 1, err: `govperf: ${missing}: no such file, or it cannot be read\n` });
  });

  it('names the line and column of a row that fails validation, in both languages', async () => {
    const facts = join(dir, 'facts.csv');
    writeFileSync(facts, 'unit,period,metric,value\n330102,2025-06,h.on_time,lots\n');
    const system = join(dir, 'system.yaml');
    writeFileSync(
      system,
      'format: govperf/indicator-system@1\ncode: ERR\nversion: "1"\nname: { zh: 测试, en: Test }\nmetrics:\n  h.on_time: { name: { zh: 按时办结件数, en: On time } }\n' +
        'indicators:\n  - code: A1\n    name: { zh: 按时办结, en: On time }\n    weight: 1\n    formula: h.on_time\n    scoring: { method: identity }\n',
    );
    const r = await cli(NO_LOCALE, 'evaluate', '--system', system, '--facts', facts);
    expect(r.code).toBe(1);
    const [zh, en] = r.err.trimEnd().split('\n');
    expect(zh).toMatch(new RegExp(`^govperf: .*facts\\.csv：第 2 行，value 列：数据校验未通过：`));
    expect(en).toMatch(/^govperf: .*facts\.csv: line 2, column value: /);
  });

  it('translates unknown commands and options, with commander\'s own line kept', async () => {
    const command = await cli(NO_LOCALE, 'evaluat');
    expect(command.code).toBe(2);
    expect(command.err).toBe("错误：未知命令 'evaluat'（您是否要输入 evaluate？）\nerror: unknown command 'evaluat'\n(Did you mean evaluate?)\n（运行时加 --help 查看用法） (run with --help for usage)\n");
    const option = await cli({ ...NO_LOCALE, GOVPERF_LANG: 'zh' }, 'validate', '--colour', 'x.yaml');
    expect(option).toMatchObject({ code: 2, err: "错误：未知选项 '--colour'\n（运行时加 --help 查看用法）\n" });
    const required = await cli({ ...NO_LOCALE, GOVPERF_LANG: 'en' }, 'topsis', 'x.csv');
    expect(required.err).toBe("error: required option '--weights <w1,w2,…>' not specified\n(run with --help for usage)\n");
  });

  it('says the database cannot be reached instead of an internal error', async () => {
    // A port nothing listens on: take a free one and close it.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const csv = join(dir, 'units.csv');
    writeFileSync(csv, 'code,name,level,parent_code\n');
    const r = await cli({ ...NO_LOCALE, DATABASE_URL: `postgres://govperf:govperf@127.0.0.1:${port}/govperf` }, 'import', 'org-units', csv);
    expect(r.code).toBe(1);
    const [zh, en] = r.err.trimEnd().split('\n');
    expect(zh).toMatch(/^govperf: 无法连接数据库（DATABASE_URL）：连接被拒绝（.*ECONNREFUSED.*）；请检查数据库是否已启动及连接串是否正确$/);
    expect(en).toMatch(/^govperf: cannot reach the database \(DATABASE_URL\): .*ECONNREFUSED.*; check that it is running/);
    expect(r.err).not.toMatch(/internal error/);
    // Anything else is not a connection problem.
    expect(databaseUnreachable(new Error('syntax error'), 'DATABASE_URL')).toBeNull();
    expect(databaseUnreachable(Object.assign(new Error('password authentication failed'), { code: '28P01' }), 'DATABASE_URL')?.text.zh).toMatch(/用户名或密码错误/);
  });
});
