// Benchmark and accuracy report for @govperf/text (issue 6), printed as Markdown for
// docs/benchmarks.md. Run: npx tsx bench/text.bench.ts
// - tags and sentiment on the labelled set (packages/text/fixtures), dev and test splits;
// - sentiment on two public corpora read at run time from ../shared/anchors-data/sentiment-zh/
//   (never copied into the repo); they are binary, so "neutral" is reported as such, not hidden;
// - throughput of analyze() against bare jieba cut (no user words) on the same texts, same run;
// - clustering time for 10^4 real short reviews and 10^5 mutated copies.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import {
  clusterSimilar, createTextAnalyzer, evaluateSentiment, evaluateTags, LabelledFeedbackSchema, scoreSentiment, sharedJieba, type ClassMetrics, type SentimentLabel,
} from '@govperf/text';

const root = new URL('../', import.meta.url);
const corpusDir = new URL('../shared/anchors-data/sentiment-zh/', root);

const pct = (x: number) => (x * 100).toFixed(1);
const f3 = (x: number) => x.toFixed(3);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const metricCells = (m: ClassMetrics) => [f3(m.precision), f3(m.recall), f3(m.f1), m.support];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Minimal CSV reader for `label,review`: quoted fields, doubled quotes, line breaks inside quotes. */
function readLabelledCsv(path: URL): { label: 0 | 1; text: string }[] {
  const text = readFileSync(path, 'utf8');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records.slice(1).filter((r) => r.length >= 2).map((r) => ({ label: r[0] === '1' ? 1 : 0, text: r.slice(1).join(',') }));
}

const analyzer = createTextAnalyzer();
const codes = analyzer.taxonomy.tags.map((t) => t.code);
const labelled = readFileSync(new URL('packages/text/fixtures/feedback-labelled.jsonl', root), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => LabelledFeedbackSchema.parse(JSON.parse(l)));

const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`### Text processing (issue 6) — measured ${new Date().toISOString().slice(0, 10)}\n`);
console.log(`Machine: ${machine}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')}.\n`);

// 1. The labelled set.
const bySplit = (['test', 'dev'] as const).map((split) => {
  const rows = labelled.filter((r) => r.split === split);
  const results = rows.map((r) => analyzer.analyze(r.text));
  return {
    split,
    n: rows.length,
    tags: evaluateTags(rows.map((r) => r.tags), results.map((r) => r.tags), codes),
    sentiment: evaluateSentiment(rows.map((r) => r.sentiment), results.map((r) => r.sentiment)),
  };
});
console.log('**Tags** (multi-label, per tag P/R/F1; support = gold items with the tag)\n');
console.log(row(['tag', ...bySplit.flatMap((s) => [`${s.split} P`, `${s.split} R`, `${s.split} F1`, `${s.split} support`])]));
console.log(row(Array(1 + 4 * bySplit.length).fill('---')));
for (const s of [['micro', (e: (typeof bySplit)[number]) => metricCells(e.tags.micro)], ['macro', (e: (typeof bySplit)[number]) => [f3(e.tags.macro.precision), f3(e.tags.macro.recall), f3(e.tags.macro.f1), '']]] as const) {
  console.log(row([`**${s[0]}**`, ...bySplit.flatMap((e) => s[1](e))]));
}
for (const tag of analyzer.taxonomy.tags) console.log(row([`${tag.code} ${tag.zh}`, ...bySplit.flatMap((e) => metricCells(e.tags.perTag[tag.code]!))]));
console.log(`\nExact tag-set match: ${bySplit.map((e) => `${e.split} ${pct(e.tags.exactMatch)} %`).join(', ')}.\n`);
console.log('**Sentiment** on the labelled set\n');
console.log(row(['class', ...bySplit.flatMap((s) => [`${s.split} P`, `${s.split} R`, `${s.split} F1`, `${s.split} support`])]));
console.log(row(Array(1 + 4 * bySplit.length).fill('---')));
for (const label of ['positive', 'neutral', 'negative'] as const) console.log(row([label, ...bySplit.flatMap((e) => metricCells(e.sentiment.perClass[label]))]));
console.log(row(['**macro**', ...bySplit.flatMap((e) => [f3(e.sentiment.macro.precision), f3(e.sentiment.macro.recall), f3(e.sentiment.macro.f1), e.n])]));
console.log(row(['**accuracy**', ...bySplit.flatMap((e) => [f3(e.sentiment.accuracy), '', '', e.n])]));
for (const e of bySplit) console.log(`\n${e.split} confusion (gold → predicted pos/neu/neg): ${(['positive', 'neutral', 'negative'] as const).map((g) => `${g} ${e.sentiment.confusion[g].positive}/${e.sentiment.confusion[g].neutral}/${e.sentiment.confusion[g].negative}`).join('; ')}`);

// 2. Public binary corpora.
const corpora = ['ChnSentiCorp_htl_all.csv', 'waimai_10k.csv'].map((name) => ({ name, url: new URL(name, corpusDir) }));
const corpusTexts: string[] = [];
if (corpora.every((c) => existsSync(c.url))) {
  console.log('\n**Sentiment on binary corpora** (label 1 = positive, 0 = negative; empty reviews skipped)\n');
  console.log(row(['corpus', 'items', 'pos / neg', 'strict accuracy (neutral = wrong)', 'predicted neutral', 'accuracy where not neutral', 'sign accuracy (score > 0 / < 0; 0 = wrong)', 'negative P/R/F1', 'positive P/R/F1', 'ms/item']));
  console.log(row(Array(10).fill('---')));
  for (const corpus of corpora) {
    const items = readLabelledCsv(corpus.url).filter((r) => r.text.trim());
    corpusTexts.push(...items.map((r) => r.text));
    const started = performance.now();
    const predicted = items.map((r) => scoreSentiment(r.text));
    const ms = (performance.now() - started) / items.length;
    const gold = items.map((r): SentimentLabel => (r.label === 1 ? 'positive' : 'negative'));
    const strict = evaluateSentiment(gold, predicted.map((p) => p.sentiment));
    const decided = predicted.map((p, i) => [p, gold[i]!] as const).filter(([p]) => p.sentiment !== 'neutral');
    const sign = predicted.filter((p, i) => (gold[i] === 'positive' ? p.score > 0 : p.score < 0)).length / items.length;
    const pos = gold.filter((g) => g === 'positive').length;
    const prf = (m: ClassMetrics) => `${f3(m.precision)} / ${f3(m.recall)} / ${f3(m.f1)}`;
    console.log(row([corpus.name, items.length, `${pos} / ${items.length - pos}`, f3(strict.accuracy), `${pct(strict.confusion.positive.neutral + strict.confusion.negative.neutral === 0 ? 0 : (strict.confusion.positive.neutral + strict.confusion.negative.neutral) / items.length)} %`, f3(decided.filter(([p, g]) => p.sentiment === g).length / Math.max(1, decided.length)), f3(sign), prf(strict.perClass.negative), prf(strict.perClass.positive), ms.toFixed(3)]));
  }
} else {
  console.log(`\n(${corpusDir.pathname} not found: corpus accuracy skipped)`);
}

// 3. Throughput: analyze() against bare jieba on the same texts.
const bare = Jieba.withDict(dict);
sharedJieba();
const feedback = labelled.map((r) => r.text);
const throughputSets = [
  { name: 'labelled feedback ×30', texts: Array.from({ length: 30 }, () => feedback).flat() },
  ...(corpusTexts.length ? [{ name: 'corpora (hotel + waimai reviews)', texts: corpusTexts }] : []),
];
console.log('\n**Throughput** (single thread; median of 5 passes after 1 warm-up; baseline = bare `jieba.cut` without user words, same texts, same run)\n');
console.log(row(['texts', 'items', 'mean length (chars)', 'analyze items/s', 'jieba cut items/s', 'analyze / jieba time']));
console.log(row(Array(6).fill('---')));
for (const set of throughputSets) {
  const time = (fn: () => void) => {
    fn();
    return median(Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    }));
  };
  let sink = 0;
  const analyzeMs = time(() => {
    for (const t of set.texts) sink += analyzer.analyze(t).tags.length;
  });
  const jiebaMs = time(() => {
    for (const t of set.texts) sink += bare.cut(t, true).length;
  });
  const chars = set.texts.reduce((s, t) => s + t.length, 0) / set.texts.length;
  console.log(row([set.name, set.texts.length, chars.toFixed(0), Math.round(set.texts.length / (analyzeMs / 1000)).toLocaleString('en'), Math.round(set.texts.length / (jiebaMs / 1000)).toLocaleString('en'), `${(analyzeMs / jiebaMs).toFixed(2)}×`]));
  if (sink < 0) console.log(sink);
}

// 4. Clustering.
let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
/** A near-copy: one character dropped or duplicated, or punctuation/emoji appended. */
const mutate = (text: string) => {
  const r = random();
  const at = Math.floor(random() * text.length);
  if (r < 0.3) return text.slice(0, at) + text.slice(at + 1);
  if (r < 0.6) return text.slice(0, at) + text[at] + text.slice(at);
  return text + ['！', '!!', '。', '👍', '😤', ''][Math.floor(random() * 6)];
};
const pool = corpusTexts.length ? corpusTexts : feedback;
const clusterSets = [
  { name: `10^4 real reviews (the last 10,000 of ${corpusTexts.length ? 'waimai_10k.csv' : 'the labelled set'}), as they are`, items: pool.slice(-10_000).map((text, i) => ({ id: String(i), text })) },
  { name: '10^5: 2 × 10^4 texts (labelled set, hotel, waimai) + 8 × 10^4 near-copies of them (one character dropped or doubled, or punctuation/emoji added)', items: (() => {
    const base = [...feedback, ...pool].slice(0, 20_000);
    return Array.from({ length: 100_000 }, (_, i) => ({ id: String(i), text: i < base.length ? base[i]! : mutate(base[Math.floor(random() * base.length)]!) }));
  })() },
];
console.log('\n**Near-duplicate clustering** (MinHash 24 bands × 3 rows, Jaccard ≥ 0.5 on character bigrams; one run each)\n');
console.log(row(['items', 'time', 'clusters', 'largest cluster', 'items in clusters of ≥ 2']));
console.log(row(Array(5).fill('---')));
for (const set of clusterSets) {
  const t0 = performance.now();
  const clusters = clusterSimilar(set.items);
  const ms = performance.now() - t0;
  const merged = clusters.filter((c) => c.support > 1).reduce((s, c) => s + c.support, 0);
  console.log(row([set.name, `${(ms / 1000).toFixed(2)} s`, clusters.length.toLocaleString('en'), clusters[0]?.support ?? 0, merged.toLocaleString('en')]));
}
console.log(`\nLoad average at end ${loadavg().map((l) => l.toFixed(1)).join(' / ')}.`);
