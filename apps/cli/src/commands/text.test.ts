import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cli } from '../test-cli';
import { textAnalyzeCommand } from './text';

describe('govperf text analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-text-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const parseLines = (out: string) => out.trimEnd().split('\n').map((line) => JSON.parse(line));

  it('prints one JSON object per non-empty line, alerts only when there are any', async () => {
    const input = file('feedback.txt', '\uFEFF浙里办刷脸登录一直失败\r\n\r\n   \r\n办事很方便，点赞👍\r\n再不处理我就找媒体曝光\n');
    const r = await cli({}, 'text', 'analyze', input);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const lines = parseLines(r.out);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ text: '浙里办刷脸登录一直失败', sentiment: 'negative', score: expect.any(Number), tags: ['login_auth', 'face_recognition'] });
    expect(lines[1]).toMatchObject({ text: '办事很方便，点赞👍', sentiment: 'positive' });
    expect(lines[1]).not.toHaveProperty('alerts');
    expect(lines[2].alerts).toEqual([{ severity: 'high', category: 'escalation', keyword: '媒体' }]);
  });

  it("reads stdin for '-'", async () => {
    let out = '';
    await textAnalyzeCommand('-', {}, (s) => (out += s), Readable.from(['窗口工作人员态度很差\n', '请问公积金怎么提取？\n']));
    expect(parseLines(out).map((l) => [l.sentiment, l.tags])).toEqual([
      ['negative', ['staff_attitude']],
      ['neutral', []],
    ]);
  });

  it('uses a taxonomy file in place of the default', async () => {
    const taxonomy = file('tags.json', JSON.stringify({ tags: [{ code: 'parking', zh: '停车', en: 'Parking', keywords: ['停车', '车位'] }] }));
    const r = await cli({}, 'text', 'analyze', file('parking.txt', '大厅门口没有车位\n人脸识别失败\n'), '--taxonomy', taxonomy);
    expect(r.code).toBe(0);
    expect(parseLines(r.out).map((l) => l.tags)).toEqual([['parking'], []]);
  });

  it('names the field of a bad taxonomy and the file that is missing', async () => {
    const bad = file('bad.json', JSON.stringify({ tags: [{ code: 'a', zh: '甲', en: 'A', keywords: ['x'], parent: 'nope' }, { code: 'B', zh: '乙', en: 'B', keywords: ['y'] }] }));
    const r = await cli({}, 'text', 'analyze', file('one.txt', '好\n'), '--taxonomy', bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/bad\.json: not a valid taxonomy: tags\[1\]\.code: lower-case letters.*tags\[0\]\.parent: unknown parent nope/);
    const syntax = await cli({}, 'text', 'analyze', file('two.txt', '好\n'), '--taxonomy', file('broken.json', '{"tags": ['));
    expect(syntax).toMatchObject({ code: 1, err: expect.stringMatching(/broken\.json: .*invalid JSON/) });
    const missing = await cli({}, 'text', 'analyze', join(dir, 'nope.txt'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/nope\.txt: no such file/) });
  });
});
