/**
 * The patch's file names as git writes them: compared byte for byte with real `git diff` on
 * files whose names need quoting (core.quotePath's default, C-style escapes and octal bytes).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/render/diff.js';

/** Names that need quoting or a trailing tab, and some that must stay as they are. */
const HOSTILE_NAMES = [
  'x\n+++ b/t.conflist',
  'tab\there.conflist',
  'quote"d.conflist',
  'back\\slash.conflist',
  'with space/a b.conflist',
  'x b/y.conflist',
  '+++ b.conflist',
  '-leading.conflist',
  'réseau/ü.conflist',
  'cr\rdel\u007fbell\u0007esc\u001b.conflist',
  'plain/10-net.conflist',
];

const BEFORE = '{\n  "name": "n",\n  "type": "bridge"\n}\n';
const AFTER = '{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "type": "bridge"\n}\n';

const git = (args: string[], cwd: string): string => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'core.quotePath=true', ...args], { cwd, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe('unifiedDiff file names', () => {
  const repo = mkdtempSync(join(tmpdir(), 'cni-migrate-diff-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  git(['init', '-q'], repo);
  for (const name of HOSTILE_NAMES) {
    mkdirSync(join(repo, dirname(name)), { recursive: true });
    writeFileSync(join(repo, name), BEFORE);
  }
  git(['add', '-A'], repo);
  git(['commit', '-qm', 'base'], repo);
  for (const name of HOSTILE_NAMES) writeFileSync(join(repo, name), AFTER);

  it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n), n]))('writes %s as git diff does', (_, name) => {
    const fromGit = git(['diff', '--no-color', '--no-ext-diff', '--', name], repo).replace(/^index .*\n/m, '');
    expect(unifiedDiff(name, BEFORE, AFTER)).toBe(fromGit);
  });

  it('keeps every name on its own header lines: no raw control byte, one line per header', () => {
    for (const name of HOSTILE_NAMES) {
      const header = unifiedDiff(name, BEFORE, AFTER).split('\n').slice(0, 3);
      expect(header[0]).toMatch(/^diff --git /);
      expect(header[1]).toMatch(/^--- /);
      expect(header[2]).toMatch(/^\+\+\+ /);
      for (const line of header) expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\uffff]/);
    }
  });
});
