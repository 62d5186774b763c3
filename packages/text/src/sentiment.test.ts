import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment';

const label = (text: string) => scoreSentiment(text).sentiment;
const score = (text: string) => scoreSentiment(text).score;

describe('scoreSentiment', () => {
  it('reads plain praise and complaints', () => {
    expect(label('办事很方便，点赞')).toBe('positive');
    expect(label('页面加载太慢了，体验很差')).toBe('negative');
    expect(label('今天去大厅办了社保卡')).toBe('neutral');
  });

  it('flips a sentiment word after 不/没/未/无法', () => {
    expect(label('不方便')).toBe('negative');
    expect(label('不好用')).toBe('negative');
    expect(label('一点也不慢')).toBe('positive');
    expect(label('没有问题，很顺利')).toBe('positive');
    expect(label('无法满意')).toBe('negative');
    // A negated word is weaker than its plain opposite.
    expect(Math.abs(score('不好'))).toBeLessThan(Math.abs(score('差')));
  });

  it('does not read A-not-A questions as negation', () => {
    expect(label('是不是信息被冒用了')).toBe('negative');
  });

  it('scales by degree adverbs', () => {
    expect(score('非常方便')).toBeGreaterThan(score('方便'));
    expect(score('太慢了')).toBeLessThan(score('慢'));
    expect(score('有点慢')).toBeGreaterThan(score('慢'));
  });

  it('weights the clause after 但是/可是 more than the one before', () => {
    expect(label('界面很漂亮，但是经常闪退')).toBe('negative');
    expect(label('经常闪退，但是客服很耐心')).toBe('positive');
    expect(label('功能是挺全的，可是加载速度实在太慢了')).toBe('negative');
  });

  it('recognises complaint patterns', () => {
    expect(label('怎么还没办好')).toBe('negative');
    expect(label('到底什么时候发')).toBe('negative');
    expect(label('再不处理我就投诉')).toBe('negative');
    expect(label('来回跑了三趟')).toBe('negative');
  });

  it('keeps plain questions neutral', () => {
    expect(label('请问灵活就业人员怎么申请社保补贴？')).toBe('neutral');
    expect(label('周末可以预约办理吗')).toBe('neutral');
  });

  it('counts emoji', () => {
    expect(label('👍👍')).toBe('positive');
    expect(label('又卡了😤')).toBe('negative');
  });

  it('keeps the score in [-1, 1] and is deterministic', () => {
    const long = '垃圾 太差了 闪退 卡死 '.repeat(50);
    expect(score(long)).toBeGreaterThanOrEqual(-1);
    expect(score('非常好 '.repeat(50))).toBeLessThanOrEqual(1);
    expect(scoreSentiment('非常好用')).toEqual(scoreSentiment('非常好用'));
    expect(scoreSentiment('')).toEqual({ sentiment: 'neutral', score: 0 });
  });
});
