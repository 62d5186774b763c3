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
