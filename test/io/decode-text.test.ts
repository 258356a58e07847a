/**
 * decodeText: a file's bytes become its text exactly as a strict UTF-8 decoder (keeping a BOM)
 * gives it, whether they take the ASCII path or not; what is not UTF-8 is not text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/io/process-file.js';
import { repoRoot } from '../helpers/cli.js';
import { filesUnder } from '../helpers/files-under.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('decodeText', () => {
  it('gives every fixture the text a strict UTF-8 decoder gives it', () => {
    let ascii = 0;
    let other = 0;
    for (const path of filesUnder(join(repoRoot, 'fixtures'))) {
      const bytes = readFileSync(path);
      let expected: string | null;
      try {
        expected = bytes.includes(0) ? null : strict.decode(bytes);
      } catch {
        expected = null;
      }
      const decoded = decodeText(path, bytes);
      if (expected === null) {
        expect(decoded.kind, path).not.toBe('text');
        continue;
      }
      expect(decoded, path).toEqual({ kind: 'text', text: expected });
      if (/^[\x00-\x7f]*$/.test(expected)) ascii++;
      else other++;
    }
    // Both paths were taken.
    expect(ascii).toBeGreaterThan(100);
    expect(other).toBeGreaterThan(0);
  });

  it('keeps a BOM, reads multi-byte characters, and refuses invalid UTF-8 and NUL bytes', () => {
    const text = (bytes: Buffer) => {
      const d = decodeText('x.conflist', bytes);
      return d.kind === 'text' ? d.text : d.kind;
    };
    expect(text(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(text(Buffer.from('\ufeff{"a":"é"}', 'utf8'))).toBe('\ufeff{"a":"é"}');
    expect(text(Buffer.from([0x7b, 0x7d, 0x7f]))).toBe('{}\x7f');
    expect(text(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]))).toBe('unreadable');
    expect(text(Buffer.from([0x7b, 0x00, 0x7d]))).not.toBe('{\0}');
  });
});
