// Picks the language of user-facing messages from Accept-Language: zh-CN first, English second.
import type { Language } from '@govperf/contracts';
import type { Context } from 'hono';

/**
 * The client's most preferred language among those we write: zh for any zh-* range, en for any
 * en-* range, zh for "*" or when nothing is asked for, and en when only other languages are
 * asked for (English is the better guess for a reader who did not ask for Chinese).
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header || !header.trim()) return 'zh';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => /^q=/i.test(p));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag !== '' && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === '*') return 'zh';
  }
  return 'en';
}

export function requestLanguage(c: Context): Language {
  return negotiateLanguage(c.req.header('accept-language'));
}

/** The Content-Language value for a negotiated language. */
export const contentLanguage = (language: Language): string => (language === 'zh' ? 'zh-CN' : 'en');
