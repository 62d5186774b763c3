// Near-duplicate detection and clustering of short texts: character-bigram shingles, MinHash
// signatures, locality-sensitive hashing in bands to find candidates (no all-pairs loop), then an
// exact Jaccard check on the shingle sets against each cluster's representative. Everything is
// seeded with constants and runs in input order: the same input gives the same clusters.

export interface SimilarityItem {
  id: string;
  text: string;
}

export interface SimilarityOptions {
  /** Jaccard similarity of character bigrams at or above which a text duplicates a representative. */
  threshold?: number;
  /** MinHash functions = bands × rows. The LSH threshold ≈ (1/bands)^(1/rows). */
  bands?: number;
  rows?: number;
}

export interface Cluster {
  /** The member that came first in the input; every other member is a near-duplicate of it. */
  representative: SimilarityItem;
  memberIds: string[];
  /** How many items the cluster merges (memberIds.length). */
  support: number;
}

export interface NearDuplicatePair {
  /** The earlier item (its cluster's representative). */
  a: string;
  /** The later item that duplicates it. */
  b: string;
  similarity: number;
}

// 24 bands of 3 rows: a pair at Jaccard 0.5 becomes a candidate with probability ≈ 0.96, at 0.6 ≈ 0.997.
const DEFAULTS = { threshold: 0.5, bands: 24, rows: 3 } as const;

/** At most this many representatives are compared per item, so a flood of short texts stays linear. */
const MAX_COMPARISONS = 64;

/** Lower-case, full-width to half-width, punctuation, symbols (emoji) and spaces removed. */
export function normalizeForSimilarity(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** Sorted distinct 32-bit hashes of the character bigrams (the whole text if shorter). */
export function shingles(text: string): Uint32Array {
  const codePoints: number[] = [];
  for (const char of normalizeForSimilarity(text)) codePoints.push(char.codePointAt(0)!);
  if (codePoints.length < 2) return codePoints.length ? Uint32Array.of(fmix32(codePoints[0]!)) : new Uint32Array(0);
  const hashes = new Uint32Array(codePoints.length - 1);
  for (let i = 0; i + 1 < codePoints.length; i++) hashes[i] = fmix32(Math.imul(codePoints[i]!, 0x9e3779b1) ^ codePoints[i + 1]!);
  hashes.sort();
  let distinct = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[distinct++] = hashes[i]!;
  return hashes.subarray(0, distinct);
}

/** Jaccard similarity of two sorted hash sets (two empty sets are equal). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0, j = 0, common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** Clusters of near-duplicate items, largest first (ties: earliest representative first); singletons included. */
export function clusterSimilar(items: readonly SimilarityItem[], options: SimilarityOptions = {}): Cluster[] {
  const { representativeOf } = assign(items, options);
  const groups = new Map<number, number[]>();
  representativeOf.forEach((rep, i) => {
    const group = groups.get(rep);
    if (group) group.push(i);
    else groups.set(rep, [i]);
  });
  return [...groups.entries()]
    .sort(([repX, x], [repY, y]) => y.length - x.length || repX - repY)
    .map(([rep, members]) => ({ representative: items[rep]!, memberIds: members.map((m) => items[m]!.id), support: members.length }));
}

/** Each item that duplicates an earlier one, paired with that earlier item. */
export function findNearDuplicates(items: readonly SimilarityItem[], options: SimilarityOptions = {}): NearDuplicatePair[] {
  const { representativeOf, similarity } = assign(items, options);
  const pairs: NearDuplicatePair[] = [];
  representativeOf.forEach((rep, i) => {
    if (rep !== i) pairs.push({ a: items[rep]!.id, b: items[i]!.id, similarity: similarity[i]! });
  });
  return pairs;
}

/**
 * Leader clustering in input order: an item joins the most similar earlier representative whose
 * Jaccard similarity reaches the threshold, found through the LSH buckets; otherwise it becomes a
 * representative itself. Comparing with representatives only (not with every member) avoids the
 * chaining of single-link clustering, where A≈B≈C≈… ends with unrelated A and Z in one cluster.
 */
function assign(items: readonly SimilarityItem[], options: SimilarityOptions) {
  const threshold = options.threshold ?? DEFAULTS.threshold;
  const bands = options.bands ?? DEFAULTS.bands;
  const rows = options.rows ?? DEFAULTS.rows;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  // One cheap hash per MinHash function: xor a seed, multiply by an odd constant (a bijection on
  // 32 bits), fold the high bits down. The shingle hashes are well mixed already.
  const seeds = Uint32Array.from({ length: bands * rows }, (_, k) => fmix32(0x9e3779b9 ^ Math.imul(k + 1, 0x85ebca6b)));
  const multipliers = Uint32Array.from({ length: bands * rows }, (_, k) => fmix32(0x7f4a7c15 + k) | 1);

  const representativeOf = new Int32Array(items.length);
  const similarity = new Float64Array(items.length);
  const sets: Uint32Array[] = [];
  const signature = new Uint32Array(bands * rows);
  const keys = new Uint32Array(bands);
  // Per band: the band's rows hashed to one number → the representatives seen there.
  // Hash collisions only add candidates; the Jaccard check decides.
  const buckets = Array.from({ length: bands }, () => new Map<number, number[]>());
  const compared = new Set<number>();

  for (let i = 0; i < items.length; i++) {
    const set = shingles(items[i]!.text);
    sets.push(set);
    signature.fill(0xffffffff);
    for (let s = 0; s < set.length; s++) {
      const h = set[s]!;
      for (let k = 0; k < signature.length; k++) {
        let v = Math.imul(h ^ seeds[k]!, multipliers[k]!);
        v = (v ^ (v >>> 15)) >>> 0;
        if (v < signature[k]!) signature[k] = v;
      }
    }
    let best = i;
    let bestSimilarity = -1;
    compared.clear();
    for (let band = 0; band < bands; band++) {
      let key = 0x811c9dc5 ^ band;
      for (let r = 0; r < rows; r++) key = fmix32(key ^ signature[band * rows + r]!);
      keys[band] = key;
      for (const rep of buckets[band]!.get(key) ?? []) {
        if (compared.size >= MAX_COMPARISONS) break;
        if (compared.has(rep)) continue;
        compared.add(rep);
        const j = jaccard(sets[rep]!, set);
        if (j >= threshold && j > bestSimilarity) {
          best = rep;
          bestSimilarity = j;
        }
      }
    }
    representativeOf[i] = best;
    similarity[i] = best === i ? 1 : bestSimilarity;
    // The cluster's representative, not this member, stands in the buckets this item hashed to.
    for (let band = 0; band < bands; band++) {
      const bucket = buckets[band]!.get(keys[band]!);
      if (!bucket) buckets[band]!.set(keys[band]!, [best]);
      else if (bucket.length < MAX_COMPARISONS && !bucket.includes(best)) bucket.push(best);
    }
  }
  return { representativeOf, similarity };
}

/** MurmurHash3's finaliser: a cheap, well-mixed 32-bit permutation. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
