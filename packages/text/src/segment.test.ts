import { describe, expect, it } from 'vitest';
import { segment, tokenize } from './segment';

describe('segment', () => {
  it('keeps government-service words whole', () => {
    expect(segment('浙里办刷脸登录一直提示失败')).toEqual(expect.arrayContaining(['浙里办', '刷脸', '登录']));
    expect(segment('好差评系统和12345热线')).toEqual(expect.arrayContaining(['好差评', '12345热线']));
    expect(segment('一网通办办理营业执照和社保卡')).toEqual(expect.arrayContaining(['一网通办', '营业执照', '社保卡']));
  });

  it('drops punctuation, spaces and emoji and lower-cases Latin letters', () => {
    expect(segment('App 闪退！！👍')).toEqual(['app', '闪退']);
  });

  it('keeps punctuation in the raw tokens, where clauses end', () => {
    expect(tokenize('很好，但是慢')).toContain('，');
  });
});
