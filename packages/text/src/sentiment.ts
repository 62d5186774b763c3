// Sentiment by lexicon and rules, no model: words from jieba are looked up in hand-written
// lexicons; a negator flips the next sentiment word, a degree adverb scales it; a clause after
// 但是/可是 outweighs the clauses before it; complaint patterns (怎么还, 到底, 投诉…) and emoji add
// their own weight. The sum is squashed into [-1, 1].
import {
  CONCESSION_MARKERS, CONTRAST_MARKERS, DEGREE_ADVERBS, NEGATIVE_EMOJI, NEGATIVE_WORDS, NEGATORS, NOT_NEGATING, POSITIVE_EMOJI, POSITIVE_WORDS,
} from './lexicon';
import { tokenize } from './segment';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface SentimentResult {
  sentiment: SentimentLabel;
  /** In [-1, 1]: below 0 negative, above 0 positive; |score| < threshold is neutral. */
  score: number;
}

/** |score| below this is neutral (set before tuning; the dev split gave no reason to move it). */
export const NEUTRAL_BAND = 0.2;

type Unit = { kind: 'word'; weight: number } | { kind: 'negator' } | { kind: 'degree'; factor: number } | { kind: 'none' };

const UNITS = new Map<string, Unit>();
for (const [word, weight] of Object.entries(POSITIVE_WORDS)) UNITS.set(word, { kind: 'word', weight });
for (const [word, weight] of Object.entries(NEGATIVE_WORDS)) UNITS.set(word, { kind: 'word', weight });
for (const word of NEGATORS) UNITS.set(word, { kind: 'negator' });
for (const word of NOT_NEGATING) UNITS.set(word, { kind: 'none' });
for (const [word, factor] of Object.entries(DEGREE_ADVERBS)) if (!UNITS.has(word)) UNITS.set(word, { kind: 'degree', factor });
const LONGEST_ENTRY = Math.max(...[...UNITS.keys()].map((w) => w.length));

/** Patterns of complaint or praise read on the raw text, each with its weight. */
const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, number]> = [
  [/怎么还|到底|究竟|凭什么|搞什么|什么破|破系统|破app/giu, -1.2],
  [/投诉|举报|曝光|找媒体|上访|12345投诉/gu, -0.8],
  [/有什么(用|意义)|有啥用|要.{0,8}干嘛|算什么事|这就是/gu, -1],
  [/为什么(不|没|要|还|总|老|一直|每次|只能)/gu, -0.8],
  [/(?<!少|免|大|了|差|对|来)不(上去|上|到|开|进去|清|懂|出|完|进)(?!解|起|错|少|多|来)/gu, -0.6],
  [/[两三四五六七八九十几多]+遍|[三四五六七八九十几]+个(弹窗|部门|窗口)|每次.{0,6}都要/gu, -0.8],
  [/说是|说好的|说好|明明|也没说|事先.{0,4}没|一点动静/gu, -0.6],
  [/不用(再)?(跑|去|带|下|排队|等|来回|出门|扫码|填|手选|提交|交|专门)|免(提交|跑|填)|也(会用|能用|能办|能自己)|自己就能|就办(好|完|成)/gu, 1],
  [/一直(显示|提示|失败|转|卡|在转|没|不|是|报|停|让|说)|老是|总说|总提示|每次都/gu, -0.8],
  [/([等拖耗]|办了)(了|到)?.{0,4}[一二两三四五六七八九十几多半\d]+.{0,2}(天|周|个月|月|小时|礼拜|星期|分钟)/gu, -0.8],
  [/还没|至今|迟迟|仍未|还是没|也没人|没人(联系|管|理|回)|没有任何|也不通知|不早说/gu, -0.8],
  [/(跑|来回).{0,3}[一二两三四五六七八九十几多\d]+[趟次]|跑了[一二两三四五六七八九十几多\d]+|来来回回/gu, -1],
  [/[？?]{2,}|[！!]{3,}/gu, -0.6],
  // 无法 is a negator (无法满意), and on its own it reports something that cannot be done.
  [/无法/gu, -0.6],
  [/再也不|不想再|就卸载|删了/gu, -1.5],
  [/比以前|越来越(好|方便|快)|超出预期|没想到.{0,8}(好|方便)/gu, 0.8],
];

/** Questions read as neutral unless something else is clearly positive or negative. */
const QUESTION = /[？?]\s*$|请问|吗[？?。]?\s*$|怎么(办|申请|查|找|设置|领|做|填|开|交|弄|认证)|如何|哪里|哪个|多久|是否|能否|可以.{0,12}吗/u;

export function scoreSentiment(text: string, tokens: readonly string[] = tokenize(text)): SentimentResult {
  let total = 0;
  let clause = 0;
  let negated = false;
  let degree = 1;
  let sinceCue = 0;
  const endClause = () => {
    total += clause;
    clause = 0;
    negated = false;
    degree = 1;
  };
  let atClauseStart = true;
  let clauseWeight = 1;
  for (const raw of tokens) {
    const token = raw.trim().toLowerCase();
    if (!token) continue;
    if (CLAUSE_BREAK.test(token)) {
      endClause();
      atClauseStart = true;
      clauseWeight = 1;
      continue;
    }
    if (atClauseStart) {
      atClauseStart = false;
      if (CONTRAST_MARKERS.includes(token)) {
        // What came before the turn counts for less; what follows, for more.
        total *= 0.4;
        clauseWeight = 1.3;
        continue;
      }
      if (CONCESSION_MARKERS.includes(token)) {
        clauseWeight = 0.5;
        continue;
      }
      if (HYPOTHETICAL_MARKERS.includes(token)) {
        clauseWeight = 0.3;
        continue;
      }
    }
    for (const unit of unitsOf(token)) {
      if (unit.kind === 'negator') {
        negated = !negated;
        sinceCue = 0;
      } else if (unit.kind === 'none') {
        continue;
      } else if (unit.kind === 'degree') {
        degree *= unit.factor;
        sinceCue = 0;
      } else {
        // A negated word is weaker than its opposite (不好 < 差, 不差 < 好) and ignores degree.
        clause += clauseWeight * (negated ? -0.8 * unit.weight : unit.weight * degree);
        negated = false;
        degree = 1;
      }
    }
    // A negator or adverb reaches only the next few words.
    if (++sinceCue > 3) {
      negated = false;
      degree = 1;
    }
  }
  endClause();

  let patterns = 0;
  for (const [pattern, weight] of TEXT_PATTERNS) {
    const hits = text.match(pattern)?.length ?? 0;
    patterns += weight * Math.min(hits, 2);
  }
  patterns += 1.2 * Math.min(text.match(POSITIVE_EMOJI)?.length ?? 0, 3);
  patterns -= 1.2 * Math.min(text.match(NEGATIVE_EMOJI)?.length ?? 0, 3);
  total += patterns;

  // A question asks rather than judges: only a clear judgement moves it off neutral.
  if (QUESTION.test(text) && patterns >= 0) total *= 0.35;

  const score = Math.tanh(total / 2);
  const rounded = Math.round(score * 1000) / 1000 || 0;
  return { sentiment: score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral', score: rounded };
}

const GOOD_AS_ADVERB: Unit = { kind: 'degree', factor: 1.4 };
const HYPOTHETICAL_MARKERS: readonly string[] = ['如果', '要是', '万一', '假如', '假设'];
const CLAUSE_BREAK = /^[，。！？!?；;,.…~～\n\r]+$/u;

/** A jieba word as lexicon units: the whole word if listed, else 不/太 + a listed word, else listed words inside it. */
function unitsOf(token: string): Unit[] {
  const whole = UNITS.get(token);
  if (whole) return [whole];
  // 好慢, 好麻烦: 好 before a listed word is an adverb, not praise.
  const head = token[0] === '好' ? GOOD_AS_ADVERB : UNITS.get(token[0]!);
  const rest = UNITS.get(token.slice(1));
  if (head && head.kind !== 'word' && rest) return [head, rest];
  // Inside an unlisted word, only entries of two or more characters count (社保卡 holds no 卡).
  const units: Unit[] = [];
  for (let i = 0; i < token.length; ) {
    let matched = 0;
    for (let len = Math.min(LONGEST_ENTRY, token.length - i); len >= 2; len--) {
      const unit = UNITS.get(token.slice(i, i + len));
      if (unit) {
        units.push(unit);
        matched = len;
        break;
      }
    }
    i += matched || 1;
  }
  return units;
}
