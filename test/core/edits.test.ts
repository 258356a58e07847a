import { describe, expect, it } from 'vitest';
import { applyEdits, lineColumnAt, lineLocator, offsetAfterEdits } from '../../src/core/edits.js';

describe('applyEdits', () => {
  it('applies nothing', () => {
    expect(applyEdits('abc', [])).toBe('abc');
  });

  it('replaces, inserts and deletes against original offsets', () => {
    expect(applyEdits('0123456789', [{ offset: 2, length: 3, content: 'X' }])).toBe('01X56789');
    expect(applyEdits('0123456789', [{ offset: 0, length: 0, content: '>' }])).toBe('>0123456789');
    expect(applyEdits('0123456789', [{ offset: 10, length: 0, content: '<' }])).toBe('0123456789<');
    expect(applyEdits('0123456789', [{ offset: 4, length: 2, content: '' }])).toBe('01236789');
  });

  it('applies several edits in offset order whatever order they are given in', () => {
    const edits = [
      { offset: 8, length: 1, content: 'b' },
      { offset: 1, length: 1, content: 'a' },
    ];
    expect(applyEdits('0123456789', edits)).toBe('0a234567b9');
    expect(applyEdits('0123456789', [...edits].reverse())).toBe('0a234567b9');
  });

  it('allows adjacent edits and two inserts at one offset (kept in the given order)', () => {
    expect(applyEdits('abcd', [{ offset: 1, length: 1, content: 'X' }, { offset: 2, length: 1, content: 'Y' }])).toBe('aXYd');
    expect(applyEdits('ab', [{ offset: 1, length: 0, content: '1' }, { offset: 1, length: 0, content: '2' }])).toBe('a12b');
  });

  it('throws on overlap', () => {
    expect(() => applyEdits('0123456789', [{ offset: 1, length: 3, content: '' }, { offset: 2, length: 1, content: '' }])).toThrow(RangeError);
  });

  it('throws on an edit that leaves the text or has a negative length', () => {
    expect(() => applyEdits('abc', [{ offset: 2, length: 2, content: '' }])).toThrow(RangeError);
    expect(() => applyEdits('abc', [{ offset: 4, length: 0, content: '' }])).toThrow(RangeError);
    expect(() => applyEdits('abc', [{ offset: 1, length: -1, content: '' }])).toThrow(RangeError);
  });

  it('does not mutate the edit list', () => {
    const edits = [{ offset: 2, length: 0, content: 'b' }, { offset: 0, length: 0, content: 'a' }];
    applyEdits('xyz', edits);
    expect(edits.map((e) => e.offset)).toEqual([2, 0]);
  });
});

describe('lineColumnAt', () => {
  const text = 'ab\ncd\r\nef';
  it.each([
    [0, 1, 1],
    [1, 1, 2],
    [2, 1, 3],
    [3, 2, 1],
    [5, 2, 3],
    [7, 3, 1],
    [9, 3, 3],
  ])('offset %i → %i:%i (LF and CRLF are one break each)', (offset, line, column) => {
    expect(lineColumnAt(text, offset)).toEqual({ line, column });
  });

  it('clamps offsets past the end', () => {
    expect(lineColumnAt('ab\nc', 100)).toEqual({ line: 2, column: 2 });
  });

  it('counts UTF-16 code units', () => {
    expect(lineColumnAt('😀x', 2)).toEqual({ line: 1, column: 3 });
  });

  it('an empty text is 1:1', () => {
    expect(lineColumnAt('', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('lineLocator', () => {
  it('answers as lineColumnAt at every offset, of texts with LF, CRLF, lone CR, a leading and a trailing break', () => {
    for (const text of ['', '\n', 'ab\ncd\r\nef', '\nx\r\n\r\ny\rz\n', '😀\n😀x\n']) {
      const at = lineLocator(text);
      for (let offset = 0; offset <= text.length + 2; offset++) expect(at(offset), `${JSON.stringify(text)} @${offset}`).toEqual(lineColumnAt(text, offset));
    }
  });

  it('answers the same whatever order the offsets are asked in (it reads the text only as far as asked)', () => {
    const text = 'a\n\nbc\r\nd\n\n\nefg\nh';
    const offsets = [text.length + 1, 3, 3, 0, 9, 4, 12, 1, 2, 8, 5, 14, 13];
    for (const order of [offsets, [...offsets].reverse(), [...offsets].sort((a, b) => a - b)]) {
      const at = lineLocator(text);
      for (const offset of order) expect(at(offset), `@${offset}`).toEqual(lineColumnAt(text, offset));
    }
  });
});

describe('offsetAfterEdits', () => {
  it('moves an offset by the edits before it, and one inside an edit to where its new text starts', () => {
    const text = '{ "cniVersion": "1.1.0", "name": "n" }';
    const edits = [{ offset: 16, length: 7, content: '"1.0.0"' }, { offset: 2, length: 0, content: '"a": 1, ' }];
    const after = applyEdits(text, edits);
    expect(after.slice(offsetAfterEdits(edits, 16), offsetAfterEdits(edits, 16) + 7)).toBe('"1.0.0"');
    expect(after.slice(offsetAfterEdits(edits, 19))).toBe('"1.0.0", "name": "n" }');
    expect(after.slice(offsetAfterEdits(edits, 25))).toBe('"name": "n" }');
    expect(offsetAfterEdits(edits, 0)).toBe(0);
  });
});
