import { describe, expect, it } from 'vitest';
import { addChild, addSibling, indentNode, moveNode, nodeAt, outdentNode, problemTarget, removeNode, updateNode, type SystemDocument } from './tree-ops';

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
