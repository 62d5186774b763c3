// Edits of an indicator-system document in the browser, before it is saved as a new version: add,
// remove, move, indent and outdent nodes, change a node's fields. Pure functions on a copy; a node
// is addressed by its index path from the top level (e.g. [1, 0] = indicators[1].children[0]).

export interface DocNode {
  code: string;
  name: { zh: string; en: string };
  children?: DocNode[] | undefined;
  [field: string]: unknown;
}

export interface SystemDocument {
  code: string;
  version: string;
  name: { zh: string; en: string };
  indicators: DocNode[];
  [field: string]: unknown;
}

export type NodePath = readonly number[];

/** Fields only a leaf may have; a node that gains children loses them. */
const LEAF_ONLY = ['formula', 'scoring', 'target', 'tolerance'] as const;

export const keyOf = (path: NodePath): string => path.join('.');
export const pathOf = (key: string): number[] => (key === '' ? [] : key.split('.').map(Number));

function clone(doc: SystemDocument): SystemDocument {
  return structuredClone(doc);
}

/** The list holding the node at `path`, and its index there. */
function slot(doc: SystemDocument, path: NodePath): { list: DocNode[]; index: number; parent: DocNode | null } {
  let list = doc.indicators;
  let parent: DocNode | null = null;
  for (let i = 0; i < path.length - 1; i++) {
    parent = list[path[i]!]!;
    list = parent.children!;
  }
  return { list, index: path[path.length - 1]!, parent };
}

export function nodeAt(doc: SystemDocument, path: NodePath): DocNode | undefined {
  let list: DocNode[] | undefined = doc.indicators;
  let node: DocNode | undefined;
  for (const i of path) {
    node = list?.[i];
    list = node?.children;
  }
  return node;
}

/** Every code in the document. */
export function codesOf(doc: SystemDocument): Set<string> {
  const codes = new Set<string>();
  const walk = (list: DocNode[] | undefined) => list?.forEach((n) => (codes.add(n.code), walk(n.children)));
  walk(doc.indicators);
  return codes;
}

/** A new leaf with a code not used yet; it gets a weight when its siblings all have one (manual weighting). */
export function newNode(doc: SystemDocument, siblings: DocNode[]): DocNode {
  const codes = codesOf(doc);
  let n = 1;
  while (codes.has(`NEW${n}`)) n++;
  const node: DocNode = { code: `NEW${n}`, name: { zh: '新指标', en: 'New indicator' }, direction: 'benefit', scoring: { method: 'identity' } };
  if (siblings.length > 0 && siblings.every((s) => typeof s.weight === 'number')) node.weight = 10;
  return node;
}

/** Adds a child at the end of `path`'s children (the top level for []); returns the new node's path. */
export function addChild(doc: SystemDocument, path: NodePath): { doc: SystemDocument; path: number[] } {
  const next = clone(doc);
  if (path.length === 0) {
    next.indicators.push(newNode(next, next.indicators));
    return { doc: next, path: [next.indicators.length - 1] };
  }
  const parent = nodeAt(next, path)!;
  const siblings = parent.children ?? [];
  const child = newNode(next, siblings);
  if (!parent.children) for (const field of LEAF_ONLY) delete parent[field];
  parent.children = [...siblings, child];
  return { doc: next, path: [...path, parent.children.length - 1] };
}

export function addSibling(doc: SystemDocument, path: NodePath): { doc: SystemDocument; path: number[] } {
  const next = clone(doc);
  const { list, index } = slot(next, path);
  list.splice(index + 1, 0, newNode(next, list));
  return { doc: next, path: [...path.slice(0, -1), index + 1] };
}

/** Removes a node (and its subtree); the last top-level indicator cannot go. Returns the path to select next. */
export function removeNode(doc: SystemDocument, path: NodePath): { doc: SystemDocument; path: number[] } {
  const next = clone(doc);
  const { list, index, parent } = slot(next, path);
  if (!parent && list.length === 1) return { doc, path: [...path] };
  list.splice(index, 1);
  if (parent && list.length === 0) delete parent.children;
  if (list.length === 0) return { doc: next, path: path.slice(0, -1) };
  return { doc: next, path: [...path.slice(0, -1), Math.min(index, list.length - 1)] };
}

export function moveNode(doc: SystemDocument, path: NodePath, delta: -1 | 1): { doc: SystemDocument; path: number[] } {
  const { list, index } = slot(doc, path);
  const target = index + delta;
  if (target < 0 || target >= list.length) return { doc, path: [...path] };
  const next = clone(doc);
  const s = slot(next, path);
  const [node] = s.list.splice(index, 1);
  s.list.splice(target, 0, node!);
  return { doc: next, path: [...path.slice(0, -1), target] };
}

/** Makes the node the last child of its previous sibling. */
export function indentNode(doc: SystemDocument, path: NodePath): { doc: SystemDocument; path: number[] } {
  const { index } = slot(doc, path);
  if (index === 0) return { doc, path: [...path] };
  const next = clone(doc);
  const s = slot(next, path);
  const [node] = s.list.splice(index, 1);
  const newParent = s.list[index - 1]!;
  if (!newParent.children) for (const field of LEAF_ONLY) delete newParent[field];
  newParent.children = [...(newParent.children ?? []), node!];
  return { doc: next, path: [...path.slice(0, -1), index - 1, newParent.children.length - 1] };
}

/** Makes the node the next sibling of its parent. */
export function outdentNode(doc: SystemDocument, path: NodePath): { doc: SystemDocument; path: number[] } {
  if (path.length < 2) return { doc, path: [...path] };
  const next = clone(doc);
  const s = slot(next, path);
  const [node] = s.list.splice(s.index, 1);
  if (s.list.length === 0) delete s.parent!.children;
  const parentPath = path.slice(0, -1);
  const up = slot(next, parentPath);
  up.list.splice(up.index + 1, 0, node!);
  return { doc: next, path: [...parentPath.slice(0, -1), up.index + 1] };
}

/** Sets (or, with undefined, removes) fields of one node. */
export function updateNode(doc: SystemDocument, path: NodePath, patch: Record<string, unknown>): SystemDocument {
  const next = clone(doc);
  const node = nodeAt(next, path)!;
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || value === '') delete node[field];
    else node[field] = value;
  }
  return next;
}

/** A server problem's document path (["indicators", 1, "children", 0, "formula"]) → the node key and the field. */
export function problemTarget(path: readonly (string | number)[]): { key: string | null; field: string } {
  const indices: number[] = [];
  let i = 0;
  while ((path[i] === 'indicators' && i === 0) || (path[i] === 'children' && i > 0)) {
    if (typeof path[i + 1] !== 'number') break;
    indices.push(path[i + 1] as number);
    i += 2;
  }
  const field = path.slice(i).map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  return { key: indices.length ? keyOf(indices) : null, field };
}

/** Before or after the target among its siblings, its last child, or its first child. */
export type DropPlace = 'before' | 'after' | 'inside' | 'first-child';

/**
 * What an antd Tree drop means: `pos` is the target's position string ("0-1-2": the last number its
 * index among its siblings), `dropPosition` antd's drop position (the target's index −1 / +1 for the
 * gap above / below), `dropToGap` false when dropped onto the node itself. The gap below an expanded
 * group sits above its first child, so a drop there makes the node its first child.
 */
export function dropPlace(pos: string, dropPosition: number, dropToGap: boolean, expandedGroup = false): DropPlace {
  if (!dropToGap) return 'inside';
  const index = Number(pos.split('-').at(-1));
  if (dropPosition - index < 0) return 'before';
  return expandedGroup ? 'first-child' : 'after';
}

/** Every node's path, found by identity (for following a node across an edit). */
function pathOfNode(doc: SystemDocument, target: DocNode): number[] | null {
  const walk = (list: DocNode[], prefix: number[]): number[] | null => {
    for (let i = 0; i < list.length; i++) {
      if (list[i] === target) return [...prefix, i];
      const found = list[i]!.children ? walk(list[i]!.children!, [...prefix, i]) : null;
      if (found) return found;
    }
    return null;
  };
  return walk(doc.indicators, []);
}

/**
 * Moves the node at `from` before or after the node at `to`, or inside it as its last (or first) child (a leaf
 * that gains a child drops its leaf-only fields; a group left empty becomes a leaf). A node cannot be
 * dropped onto itself or into its own subtree: the document is returned unchanged.
 */
export function dropNode(doc: SystemDocument, from: NodePath, to: NodePath, place: DropPlace): { doc: SystemDocument; path: number[] } {
  const unchanged = { doc, path: [...from] };
  if (from.length === 0 || to.length === 0 || !nodeAt(doc, from) || !nodeAt(doc, to)) return unchanged;
  if (from.length <= to.length && from.every((x, i) => x === to[i])) return unchanged;
  const next = clone(doc);
  const moving = nodeAt(next, from)!;
  const target = nodeAt(next, to)!;
  const source = slot(next, from);
  source.list.splice(source.index, 1);
  if (source.parent && source.list.length === 0) delete source.parent.children;
  if (place === 'inside' || place === 'first-child') {
    if (!target.children) for (const field of LEAF_ONLY) delete target[field];
    target.children = place === 'inside' ? [...(target.children ?? []), moving] : [moving, ...(target.children ?? [])];
  } else {
    const at = slot(next, pathOfNode(next, target)!);
    at.list.splice(place === 'before' ? at.index : at.index + 1, 0, moving);
  }
  return { doc: next, path: pathOfNode(next, moving)! };
}

/** Sets (or, with undefined, removes) document-level fields: name, grades, responses, metrics, weighting… */
export function updateDocument(doc: SystemDocument, patch: Record<string, unknown>): SystemDocument {
  const next = clone(doc);
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  return next;
}

/** The peer groups the document names in any node's appliesTo. */
export function peerGroupsOf(doc: SystemDocument): string[] {
  const groups = new Set<string>();
  const walk = (list: DocNode[] | undefined) =>
    list?.forEach((n) => {
      if (Array.isArray(n.appliesTo)) for (const g of n.appliesTo) if (typeof g === 'string') groups.add(g);
      walk(n.children);
    });
  walk(doc.indicators);
  return [...groups].sort();
}

type Matrix = unknown[][];

/** The AHP matrices of a group's weighting (one, or one per expert); empty when it does not use AHP. */
function matricesOf(weighting: unknown): { judgements?: Matrix; experts?: Matrix[] } | undefined {
  const ahp = (weighting as { ahp?: { judgements?: Matrix; experts?: Matrix[] } } | undefined)?.ahp;
  return ahp && typeof ahp === 'object' ? ahp : undefined;
}

/**
 * Keeps AHP judgement matrices in step with a structural edit: rows and columns follow their child
 * (by code) when children are moved, reordered, removed or added; a new child is judged 1 (equal
 * importance) against the others. A matrix that did not fit its children before is left as it is.
 */
export function reconcileJudgements(before: SystemDocument, after: SystemDocument): SystemDocument {
  const groups = new Map<string, string[]>([['$root', before.indicators.map((n) => n.code)]]);
  const walk = (list: DocNode[] | undefined) =>
    list?.forEach((n) => {
      if (n.children) groups.set(n.code, n.children.map((c) => c.code));
      walk(n.children);
    });
  walk(before.indicators);
  const remap = (m: Matrix, oldCodes: string[], newCodes: string[]): Matrix => {
    if (m.length !== oldCodes.length || m.some((row) => !Array.isArray(row) || row.length !== oldCodes.length)) return m;
    const index = newCodes.map((c) => oldCodes.indexOf(c));
    return newCodes.map((_, i) => newCodes.map((_, j) => (i === j ? 1 : index[i]! >= 0 && index[j]! >= 0 ? m[index[i]!]![index[j]!] : 1)));
  };
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const fix = (owner: Record<string, unknown>, code: string, children: DocNode[]) => {
    const oldCodes = groups.get(code);
    const newCodes = children.map((c) => c.code);
    const ahp = matricesOf(owner.weighting);
    if (!oldCodes || !ahp || same(oldCodes, newCodes)) return;
    if (ahp.judgements) ahp.judgements = remap(ahp.judgements, oldCodes, newCodes);
    if (Array.isArray(ahp.experts)) ahp.experts = ahp.experts.map((m) => remap(m, oldCodes, newCodes));
  };
  const next = clone(after);
  fix(next, '$root', next.indicators);
  const visit = (list: DocNode[] | undefined) =>
    list?.forEach((n) => {
      if (n.children) fix(n, n.code, n.children);
      visit(n.children);
    });
  visit(next.indicators);
  return JSON.stringify(next) === JSON.stringify(after) ? after : next;
}
