import { describe, expect, it } from 'vitest';
import { createClassifier } from './classify';
import { createTextAnalyzer } from './analyze';
import { parseTaxonomy } from './taxonomy';

const tags = (text: string) => createClassifier().classify(text).map((m) => m.code);

describe('createClassifier', () => {
  it('tags government-service feedback, several tags at once', () => {
    expect(tags('浙里办刷脸登录一直失败')).toEqual(['login_auth', 'face_recognition']);
    expect(tags('长辈版字大了很多，老人自己就能查')).toEqual(['elderly_friendly']);
    expect(tags('上传附件一直失败，页面卡死')).toEqual(expect.arrayContaining(['material_submission', 'performance']));
    expect(tags('缴费成功了却不给开电子发票')).toEqual(['payment']);
  });

  it('matches one-character keywords only as whole words', () => {
    expect(tags('页面太卡了')).toContain('performance');
    expect(tags('社保卡激活以后就能看病了')).not.toContain('performance');
  });

  it('lets exclude mask what a tag would otherwise match', () => {
    expect(tags('隐私政策一大篇看不完')).not.toContain('policy_inquiry');
    expect(tags('养老金资格认证在哪里做')).not.toContain('login_auth');
  });

  it('reports what matched, and returns nothing for a text on no topic', () => {
    expect(createClassifier().classify('扫码登录失效了')[0]).toEqual({ code: 'login_auth', matched: '扫码登录' });
    expect(tags('挺好的')).toEqual([]);
  });

  it('uses a replacement taxonomy', () => {
    const taxonomy = parseTaxonomy({ tags: [{ code: 'parking', zh: '停车', en: 'Parking', keywords: ['停车', 'P'], patterns: ['车位.{0,3}(少|满)'] }] });
    const classifier = createClassifier(taxonomy);
    expect(classifier.classify('大厅门口车位太少了').map((m) => m.code)).toEqual(['parking']);
    expect(classifier.classify('P 区在哪').map((m) => m.code)).toEqual(['parking']);
    expect(createTextAnalyzer({ taxonomy }).analyze('停车难，人脸识别也失败').tags).toEqual(['parking']);
  });
});

describe('createTextAnalyzer', () => {
  it('returns text, sentiment, score, tags and alerts', () => {
    const result = createTextAnalyzer().analyze('营业执照办了一个月还没下来，再拖我就找媒体曝光');
    expect(result).toMatchObject({ text: '营业执照办了一个月还没下来，再拖我就找媒体曝光', sentiment: 'negative', tags: expect.arrayContaining(['license_certificate']) });
    expect(result.score).toBeLessThan(-0.5);
    expect(result.alerts[0]).toMatchObject({ severity: 'high', category: 'escalation' });
  });
});
