// Word segmentation with jieba (native, offline) plus government-service user words, so that
// names such as 浙里办 or 好差评 stay whole instead of falling apart into single characters.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { NEGATIVE_WORDS, POSITIVE_WORDS } from './lexicon';

/** Words jieba's general dictionary splits wrongly in government-service feedback. */
export const GOVERNMENT_USER_WORDS: readonly string[] = [
  // Apps and platforms, nationwide and by province.
  '浙里办', '粤省事', '粤商通', '随申办', '一网通办', '一网统管', '皖事通', '苏服办', '闽政通', '鄂汇办', '赣服通',
  '渝快办', '天府通办', '京通', '津心办', '冀时办', '爱山东', '豫事办', '湘易办', '蒙速办', '辽事通', '吉事办',
  '三晋通', '秦务员', '甘快办', '青松办', '我的宁夏', '贵人服务', '智桂通', '海易办', '办事通', '黑龙江全省事',
  '国家政务服务平台', '个税app', '交管12123', '12345', '12345热线', '12366', '12333', '12315', '好差评',
  // Services, documents and procedures.
  '人脸识别', '刷脸', '活体检测', '实名认证', '统一身份认证', '扫码登录', '验证码', '适老化', '长辈版', '长辈模式', '长者模式',
  '电子证照', '电子营业执照', '电子社保卡', '电子驾驶证', '一件事', '一件事一次办', '最多跑一次', '跨省通办', '一窗通办',
  '营业执照', '社保卡', '医保卡', '公积金', '住房公积金', '不动产登记', '不动产权证', '居住证', '准迁证', '出生证明',
  '出生医学证明', '无犯罪记录证明', '养老金', '资格认证', '低保', '高龄津贴', '育儿补贴', '稳岗返还', '异地就医',
  '办件', '办结', '即办件', '承诺件', '补正', '退件', '受理', '一次性告知', '容缺受理', '帮办代办', '网格员',
  '政务服务中心', '行政服务中心', '办事指南', '号源', '取号', '闪退', '白屏', '卡顿', '卡死', '踢皮球',
];

let shared: Jieba | undefined;

/** The process-wide jieba, created on first use: loading its dictionary takes ~0.5 s. */
export function sharedJieba(): Jieba {
  if (!shared) {
    const jieba = Jieba.withDict(dict);
    // A high frequency makes jieba prefer the whole word over its parts.
    jieba.loadDict(new TextEncoder().encode(GOVERNMENT_USER_WORDS.map((w) => `${w} 100000 n`).join('\n')));
    // Multi-character sentiment words stay whole too, so the lexicon sees 玩手机, not 玩 + 手机.
    // Only words jieba would split are added: loading a word sets its frequency, and 2000 would
    // lower that of common dictionary words (不了 5358), which jieba would then split (激活/不/了).
    const sentimentWords = [...Object.keys(POSITIVE_WORDS), ...Object.keys(NEGATIVE_WORDS)].filter(
      (w) => w.length >= 2 && /^\p{Script=Han}+$/u.test(w) && jieba.cut(w, false).length > 1,
    );
    jieba.loadDict(new TextEncoder().encode(sentimentWords.map((w) => `${w} 2000 a`).join('\n')));
    shared = jieba;
  }
  return shared;
}

/** Words of a text, punctuation and whitespace dropped; Latin letters lower-cased. */
export function segment(text: string, tokens: readonly string[] = tokenize(text)): string[] {
  const words: string[] = [];
  for (const word of tokens) {
    const trimmed = word.trim();
    if (trimmed && !PUNCTUATION_ONLY.test(trimmed)) words.push(trimmed.toLowerCase());
  }
  return words;
}

const PUNCTUATION_ONLY = /^[\p{P}\p{S}\p{Z}]+$/u;

/** jieba's raw output, punctuation kept: sentiment needs it to find clause boundaries. */
export function tokenize(text: string): string[] {
  return sharedJieba().cut(text, true);
}
