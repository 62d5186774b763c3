import { describe, expect, it } from 'vitest';
import { addChild, addSibling, dropNode, dropPlace, indentNode, moveNode, nodeAt, outdentNode, peerGroupsOf, problemTarget, reconcileJudgements, removeNode, updateDocument, updateNode, type SystemDocument } from './tree-ops';

const doc = (): SystemDocument => ({
  code: 'S',
  version: '1',
  name: { zh: '体系', en: 'System' },
  indicators: [
    { code: 'A', name: { zh: '甲', en: 'A' }, weight: 60, children: [{ code: 'A1', name: { zh: '甲一', en: 'A1' }, formula: 'x', scoring: { method: 'identity' } }] },
    { code: 'B', name: { zh: '乙', en: 'B' }, weight: 40, formula: 'y', target: 5, scoring: { method: 'identity' } },
  ],
});
const codes = (d: SystemDocument) => JSON.stringify(d.indicators, ['code', 'children']);

describe('indicator tree edits', () => {
  it('adds children and siblings with fresh codes; a leaf that gains a child drops its leaf-only fields', () => {
    const original = doc();
    const child = addChild(original, [1]);
    expect(child.path).toEqual([1, 0]);
    const b = nodeAt(child.doc, [1])!;
    expect(b.formula).toBeUndefined();
    expect(b.target).toBeUndefined();
    expect(b.children![0]).toMatchObject({ code: 'NEW1', scoring: { method: 'identity' } });
    expect(nodeAt(original, [1])!.formula).toBe('y'); // the input is not changed
    const sibling = addSibling(child.doc, [0]);
    expect(sibling.path).toEqual([1]);
    expect(nodeAt(sibling.doc, [1])).toMatchObject({ code: 'NEW2', weight: 10 });
  });

  it('moves, indents, outdents and removes', () => {
    const moved = moveNode(doc(), [1], -1);
    expect(moved.path).toEqual([0]);
    expect(codes(moved.doc)).toBe('[{"code":"B"},{"code":"A","children":[{"code":"A1"}]}]');
    expect(moveNode(doc(), [0], -1).path).toEqual([0]);
    const indented = indentNode(doc(), [1]);
    expect(indented.path).toEqual([0, 1]);
    expect(codes(indented.doc)).toBe('[{"code":"A","children":[{"code":"A1"},{"code":"B"}]}]');
    const outdented = outdentNode(doc(), [0, 0]);
    expect(outdented.path).toEqual([1]);
    expect(codes(outdented.doc)).toBe('[{"code":"A"},{"code":"A1"},{"code":"B"}]');
    expect(nodeAt(outdented.doc, [0])!.children).toBeUndefined();
    const removed = removeNode(doc(), [0, 0]);
    expect(removed.path).toEqual([0]);
    expect(codes(removed.doc)).toBe('[{"code":"A"},{"code":"B"}]');
    const last = { ...doc(), indicators: [doc().indicators[1]!] };
    expect(removeNode(last, [0]).doc).toBe(last);
  });

  it('updates fields, removing emptied ones, and maps server problems to nodes', () => {
    const updated = updateNode(doc(), [1], { target: 7, formula: '' });
    expect(nodeAt(updated, [1])).toMatchObject({ target: 7 });
    expect(nodeAt(updated, [1])!.formula).toBeUndefined();
    expect(problemTarget(['indicators', 0, 'children', 1, 'formula'])).toEqual({ key: '0.1', field: 'formula' });
    expect(problemTarget(['indicators', 2, 'veto', 0, 'when'])).toEqual({ key: '2', field: 'veto[0].when' });
    expect(problemTarget(['grades', 1, 'min'])).toEqual({ key: null, field: 'grades[1].min' });
  });
});

describe('drag and drop', () => {
  const three = (): SystemDocument => ({
    ...doc(),
    indicators: [
      ...doc().indicators,
      { code: 'C', name: { zh: '丙', en: 'C' }, weight: 10, children: [{ code: 'C1', name: { zh: '丙一', en: 'C1' }, formula: 'z', scoring: { method: 'identity' } }] },
    ],
  });

  it('maps an antd drop onto before, after or inside the target', () => {
    expect(dropPlace('0-2', 1, true)).toBe('before'); // the gap above the third node
    expect(dropPlace('0-2', 3, true)).toBe('after');
    expect(dropPlace('0-2', 2, false)).toBe('inside');
    expect(dropPlace('0-0-1', 0, true)).toBe('before');
    expect(dropPlace('0-2', 3, true, true)).toBe('first-child'); // the gap below an expanded group
  });

  it('moves a node before, after or inside another, following its new path', () => {
    const before = dropNode(three(), [2], [0], 'before');
    expect(codes(before.doc)).toBe('[{"code":"C","children":[{"code":"C1"}]},{"code":"A","children":[{"code":"A1"}]},{"code":"B"}]');
    expect(before.path).toEqual([0]);
    const after = dropNode(three(), [0, 0], [2, 0], 'after');
    // A is left without children and becomes a leaf; A1 is C's second child.
    expect(codes(after.doc)).toBe('[{"code":"A"},{"code":"B"},{"code":"C","children":[{"code":"C1"},{"code":"A1"}]}]');
    expect(after.path).toEqual([2, 1]);
    const inside = dropNode(three(), [0], [1], 'inside');
    expect(codes(inside.doc)).toBe('[{"code":"B","children":[{"code":"A","children":[{"code":"A1"}]}]},{"code":"C","children":[{"code":"C1"}]}]');
    expect(inside.path).toEqual([0, 0]);
    expect(nodeAt(inside.doc, [0])!.formula).toBeUndefined(); // B gained a child: leaf-only fields go
    expect(nodeAt(inside.doc, [0])!.target).toBeUndefined();
    const later = dropNode(three(), [0], [2], 'after');
    expect(codes(later.doc)).toBe('[{"code":"B"},{"code":"C","children":[{"code":"C1"}]},{"code":"A","children":[{"code":"A1"}]}]');
    expect(later.path).toEqual([2]);
    const first = dropNode(three(), [1], [2], 'first-child');
    expect(codes(first.doc)).toBe('[{"code":"A","children":[{"code":"A1"}]},{"code":"C","children":[{"code":"B"},{"code":"C1"}]}]');
    expect(first.path).toEqual([1, 0]);
  });

  it('refuses to drop a node onto itself or into its own subtree', () => {
    const original = three();
    expect(dropNode(original, [0], [0, 0], 'inside').doc).toBe(original);
    expect(dropNode(original, [0], [0, 0], 'after').doc).toBe(original);
    expect(dropNode(original, [2], [2], 'inside').doc).toBe(original);
    expect(dropNode(original, [9], [0], 'before').doc).toBe(original);
  });
});

describe('document-level edits', () => {
  it('sets and removes document fields without touching the input; lists the peer groups in use', () => {
    const original = doc();
    const next = updateDocument(original, { responses: { bottomShare: 0.2 }, name: { zh: '新', en: 'New' } });
    expect(next.responses).toEqual({ bottomShare: 0.2 });
    expect(original.responses).toBeUndefined();
    expect(updateDocument(next, { responses: undefined })).not.toHaveProperty('responses');
    const withGroups = updateNode(updateNode(original, [0, 0], { appliesTo: ['county', 'app'] }), [1], { appliesTo: ['city'] });
    expect(peerGroupsOf(withGroups)).toEqual(['app', 'city', 'county']);
  });
});

describe('AHP judgements follow structural edits', () => {
  const ahpDoc = (): SystemDocument => ({
    ...doc(),
    indicators: [
      {
        code: 'A', name: { zh: '甲', en: 'A' },
        weighting: { method: 'ahp', ahp: { judgements: [[1, 3, 5], ['1/3', 1, 2], ['1/5', '1/2', 1]] } },
        children: ['A1', 'A2', 'A3'].map((code) => ({ code, name: { zh: code, en: code }, formula: 'x', scoring: { method: 'identity' } })),
      },
      { code: 'B', name: { zh: '乙', en: 'B' }, formula: 'y', scoring: { method: 'identity' } },
    ],
  });
  const judgements = (d: SystemDocument) => (nodeAt(d, [0])!.weighting as { ahp: { judgements: unknown[][] } }).ahp.judgements;

  it('permutes rows and columns when a child moves, drops them when it leaves, adds 1s when one arrives', () => {
    const original = ahpDoc();
    const moved = moveNode(original, [0, 0], 1).doc; // A2, A1, A3
    expect(judgements(reconcileJudgements(original, moved))).toEqual([[1, '1/3', 2], [3, 1, 5], ['1/2', '1/5', 1]]);
    const removed = removeNode(original, [0, 1]).doc; // A1, A3
    expect(judgements(reconcileJudgements(original, removed))).toEqual([[1, 5], ['1/5', 1]]);
    const added = addChild(original, [0]).doc; // A1, A2, A3, NEW1
    expect(judgements(reconcileJudgements(original, added))).toEqual([[1, 3, 5, 1], ['1/3', 1, 2, 1], ['1/5', '1/2', 1, 1], [1, 1, 1, 1]]);
    const dropped = dropNode(original, [1], [0, 0], 'before').doc; // B, A1, A2, A3 under A
    expect(judgements(reconcileJudgements(original, dropped))[0]).toEqual([1, 1, 1, 1]);
    expect(judgements(original)).toEqual([[1, 3, 5], ['1/3', 1, 2], ['1/5', '1/2', 1]]); // the input is not changed
  });

  it('leaves a matrix that did not fit its children alone, and returns the same document when nothing changes', () => {
    const original = ahpDoc();
    (nodeAt(original, [0])!.weighting as { ahp: { judgements: unknown[][] } }).ahp.judgements = [[1, 2], ['1/2', 1]];
    const moved = moveNode(original, [0, 0], 1).doc;
    expect(judgements(reconcileJudgements(original, moved))).toEqual([[1, 2], ['1/2', 1]]);
    const renamed = updateNode(original, [1], { unit: '%' });
    expect(reconcileJudgements(original, renamed)).toBe(renamed);
  });
});
