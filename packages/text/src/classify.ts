// Multi-label tagging by keywords: multi-character keywords and patterns are searched in the raw
// text (so a word jieba cut differently still counts); one-character keywords must be a whole
// jieba word. A tag's `exclude` masks what it matches before that tag's keywords are tried.
import { DEFAULT_TAXONOMY, type TagTaxonomy } from './taxonomy';
import { segment, tokenize } from './segment';

export interface TagMatch {
  code: string;
  /** The keyword or pattern text that matched first. */
  matched: string;
}

export interface Classifier {
  readonly taxonomy: TagTaxonomy;
  classify(text: string, words?: readonly string[]): TagMatch[];
}

interface CompiledTag {
  code: string;
  anywhere: RegExp | undefined;
  wholeWords: ReadonlySet<string>;
  exclude: RegExp | undefined;
}

/** jieba keeps 太卡了 or 卡死了 as one word: the one-character keyword is what remains without adverb and particle. */
const bareWord = (word: string) => (word.length <= 1 ? word : word.replace(/^(太|很|好|真|超|贼|巨|有点|非常|特别)/u, '').replace(/(了|啦|的|死了|死)$/u, '') || word);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createClassifier(taxonomy: TagTaxonomy = DEFAULT_TAXONOMY): Classifier {
  const compiled: CompiledTag[] = taxonomy.tags.map((tag) => {
    const long = tag.keywords.filter((k) => [...k].length >= 2).map((k) => escapeRegExp(k.toLowerCase()));
    const sources = [...long, ...tag.patterns.map((p) => `(?:${p})`)];
    return {
      code: tag.code,
      anywhere: sources.length ? new RegExp(sources.join('|'), 'iu') : undefined,
      wholeWords: new Set(tag.keywords.filter((k) => [...k].length === 1).map((k) => k.toLowerCase())),
      exclude: tag.exclude.length ? new RegExp(tag.exclude.map((p) => `(?:${p})`).join('|'), 'giu') : undefined,
    };
  });
  return {
    taxonomy,
    classify(text, words) {
      const lower = text.toLowerCase();
      let wordsOfText: readonly string[] | undefined = words;
      const matches: TagMatch[] = [];
      for (const tag of compiled) {
        const searched = tag.exclude ? lower.replace(tag.exclude, '\u0000') : lower;
        const hit = tag.anywhere?.exec(searched);
        if (hit) {
          matches.push({ code: tag.code, matched: hit[0] });
          continue;
        }
        if (tag.wholeWords.size === 0) continue;
        wordsOfText ??= segment(text, tokenize(text));
        const word = wordsOfText.find((w) => tag.wholeWords.has(bareWord(w)) && searched.includes(bareWord(w)));
        if (word) matches.push({ code: tag.code, matched: word });
      }
      return matches;
    },
  };
}
