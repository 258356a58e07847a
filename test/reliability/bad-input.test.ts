/**
 * Bad input gets a clear message naming the file, exit 2, the file byte-identical, and the other
 * files still processed; nothing hangs or exhausts the stack.
 */
import { mkfifoSync } from './mkfifo.js';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cli, tempDir } from '../helpers/cli.js';
import { buildPrivateCli } from '../helpers/private-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A good file that must still be fixed beside the bad one. */
const GOOD = '{\n  "name": "good",\n  "type": "loopback"\n}\n';
const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

const CASES: readonly { name: string; file: string; content: string | Buffer; expect: RegExp }[] = [
  { name: 'truncated JSON', file: 'a.conflist', content: '{\n  "cniVersion": "0.3.1",\n  "name": "x",\n  "plugins": [ { "type": "bri', expect: /a\.conflist[\s\S]*4:\d+ +error +JSON_PARSE_ERROR/ },
  { name: 'empty file', file: 'a.conflist', content: '', expect: /a\.conflist[\s\S]*JSON_PARSE_ERROR/ },
  { name: '10,000-deep nesting', file: 'a.conflist', content: `{"cniVersion":"0.3.1","name":"x","plugins":[{"type":"bridge","a":${deep(10000)}}]}`, expect: /nesting 10003 levels deep/ },
  { name: '10,000-deep nesting inside a ConfigMap string', file: 'cm.yaml', content: `kind: ConfigMap\ndata:\n  cni-conf.json: |\n    {"cniVersion":"0.3.1","name":"x","type":"bridge","a":${deep(10000)}}\n`, expect: /nesting 10001 levels deep/ },
  { name: '10,000-deep YAML structure', file: 'cm.yaml', content: `kind: ConfigMap\ndata:\n  x: ${deep(10000)}\n  cni-conf.json: |\n    {"cniVersion":"0.3.1","name":"x","type":"bridge"}\n`, expect: /YAML_PARSE_ERROR/ },
  { name: '10,000-deep JSON manifest', file: 'cm.json', content: `{"kind":"ConfigMap","apiVersion":"v1","data":{"cni-conf.json":"{\\"cniVersion\\":\\"0.3.1\\",\\"type\\":\\"bridge\\"}"},"x":${deep(10000)}}`, expect: /nesting 10001 levels deep/ },
  {
    name: 'billion laughs',
    file: 'bomb.yaml',
    content: `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\ncni_network_config: |\n  {"cniVersion": "0.3.1", "name": "x", "type": "bridge"}\n`,
    expect: /billion laughs/,
  },
  { name: 'undefined YAML alias', file: 'cm.yaml', content: `kind: ConfigMap\ndata:\n  cni-conf.json: |\n    {"cniVersion":"0.3.1","name":"x","type":"bridge"}\n  other: *nope\n`, expect: /cm\.yaml[\s\S]*5:10 +error +YAML_PARSE_ERROR .*undefined alias \*nope/ },
  {
    name: 'YAML alias of an anchor in an earlier document',
    file: 'cm.yaml',
    content: `kind: ConfigMap\ndata:\n  x: &shared hello\n---\nkind: ConfigMap\ndata:\n  y: *shared\n  cni-conf.json: |\n    {"cniVersion":"0.3.1","name":"x","type":"bridge"}\n`,
    expect: /cm\.yaml[\s\S]*7:6 +error +YAML_PARSE_ERROR .*alias \*shared names the anchor &shared of an earlier document \(line 3\)/,
  },
  { name: 'binary .conflist', file: 'a.conflist', content: Buffer.from([0x7b, 0x00, 0xff, 0x10]), expect: /a\.conflist: not UTF-8 text/ },
  { name: 'invalid UTF-8 in a .conf', file: 'a.conf', content: Buffer.from('{"cniVersion":"0.3.1","name":"caf\xe9","type":"bridge"}', 'latin1'), expect: /a\.conf: not UTF-8 text/ },
];

describe('bad input', () => {
  for (const c of CASES) {
    it(`${c.name}: clear message, exit 2, file untouched, the good file still fixed`, () => {
      const dir = temp();
      writeFileSync(join(dir, c.file), c.content);
      writeFileSync(join(dir, 'z-good.conf'), GOOD);
      const started = performance.now();
      const r = cli(['fix', '.', '--plugin', 'cni-plugins@1.1.1'], dir);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stdout + r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toContain('internal error');
      expect(readFileSync(join(dir, c.file)).equals(Buffer.from(c.content))).toBe(true);
      expect(readFileSync(join(dir, 'z-good.conf'), 'utf8')).toContain('"cniVersion": "1.0.0"');
    });
  }

  it('a 50 MB file is read and fixed, in bounded time', () => {
    const dir = temp();
    const text = `{"name":"x","plugins":[{"type":"bridge","pad":"${'a'.repeat(50_000_000)}"}]}`;
    writeFileSync(join(dir, 'big.conflist'), text);
    const started = performance.now();
    const r = cli(['fix', '.', '--plugin', 'cni-plugins@1.1.1', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(readFileSync(join(dir, 'big.conflist'), 'utf8').startsWith('{"cniVersion":"1.0.0","name":"x"')).toBe(true);
  });

  /** A net.d directory (a node directory: it gets a load order) that user nobody can list. */
  function netD(): string {
    const parent = temp();
    const dir = join(parent, 'net.d');
    mkdirSync(dir);
    chmodSync(parent, 0o755);
    chmodSync(dir, 0o755);
    return dir;
  }
  /**
   * The CLI as user nobody: root reads everything (setpriv is in util-linux, always installed).
   * It runs from a copy in a world-readable folder, since the clone may sit in a private one
   * (a home directory, mode 0700) that nobody cannot enter.
   */
  let publicCli: string | undefined;
  let cleanupPublicCli = (): void => undefined;
  afterAll(() => cleanupPublicCli());
  const asNobody = (args: readonly string[], cwd: string) => {
    if (!publicCli) {
      const { dir, cleanup } = tempDir();
      cleanupPublicCli = cleanup;
      chmodSync(dir, 0o755);
      publicCli = buildPrivateCli(dir);
      for (const sub of ['', 'bin', 'dist', join('dist', 'bundle')]) chmodSync(join(dir, sub), 0o755);
    }
    return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, publicCli, ...args], { cwd, encoding: 'utf8' });
  };

  it('a file the user cannot read is an error naming it (exit 2), and is left out of the load order', () => {
    const dir = netD();
    writeFileSync(join(dir, 'a.conf'), GOOD);
    writeFileSync(join(dir, 'b.conf'), GOOD);
    chmodSync(join(dir, 'a.conf'), 0o600);
    const r = asNobody(['check', '.', '--format', 'json'], dir);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('a.conf: cannot read: permission denied');
    const doc = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
    expect(doc.files.map((f) => f.path)).toEqual(['b.conf']);
    expect(doc.files[0]!.diagnostics.map((d) => d.code)).not.toContain('LOAD_SHADOWED');
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).toBe(GOOD);
  });

  it('a file of a net.d directory the run was not given, and cannot read, is named in the load-order section only', () => {
    const dir = netD();
    writeFileSync(join(dir, 'a.conf'), GOOD);
    writeFileSync(join(dir, 'b.conf'), GOOD.replace('"good"', '"other"'));
    chmodSync(join(dir, 'a.conf'), 0o600);
    const r = asNobody(['check', 'b.conf'], dir);
    expect(r.status, r.stderr).toBe(1); // b.conf needs a cniVersion: exit 1, not 2
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('a.conf (not in this run): cannot read: permission denied; left out of this analysis');
    expect(r.stdout).toContain('containerd loads b.conf; CRI-O loads b.conf');
    expect(r.stdout).toContain('1 file scanned');
  });

  it('a 5 MB line is read and fixed without trouble', () => {
    const dir = temp();
    const text = `{"name":"x","plugins":[{"type":"bridge","pad":"${'a'.repeat(5_000_000)}"}]}`;
    writeFileSync(join(dir, 'a.conflist'), text);
    const r = cli(['fix', '.', '--plugin', 'cni-plugins@1.1.1'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a.conflist'), 'utf8')).toBe(text.replace('{"name"', '{"cniVersion":"1.0.0","name"'));
  });

  it('a symlink loop named on the command line is an error naming it; the walk skips loops', () => {
    const dir = temp();
    symlinkSync('loop1', join(dir, 'loop2.conf'));
    symlinkSync('loop2.conf', join(dir, 'loop1'));
    writeFileSync(join(dir, 'z-good.conf'), GOOD);
    const named = cli(['check', 'loop2.conf', 'z-good.conf'], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('loop2.conf: too many levels of symbolic links');
    expect(named.stdout).toContain('z-good.conf');
    const walked = cli(['fix', '.', '--plugin', 'cni-plugins@1.1.1'], dir);
    expect(walked.stderr).not.toContain('internal error');
    expect(readFileSync(join(dir, 'z-good.conf'), 'utf8')).toContain('"cniVersion"');
  });

  it('a path that does not exist, and a FIFO named as a file, are errors; nothing hangs', () => {
    const dir = temp();
    mkfifoSync(join(dir, 'pipe.conf'));
    const r = cli(['check', 'missing.conflist', 'pipe.conf'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.conflist: no such file or directory');
    expect(r.stderr).toContain('pipe.conf: not a file or directory');
  });
});

describe('writes', () => {
  it('--backup keeps the original beside the file, Ansible-style, and reports it', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.conf'), GOOD);
    const r = cli(['fix', '.', '--backup', '--format', 'json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: { path: string; backup?: string }[] };
    const backup = doc.files.find((f) => f.path === 'a.conf')?.backup;
    expect(backup).toMatch(/a\.conf\.\d+\.\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}~$/);
    expect(readFileSync(backup!, 'utf8')).toBe(GOOD);
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).toContain('"cniVersion"');
  });

  it('a read-only file or directory is not written, even by root: clear error, exit 2, nothing changed', () => {
    const dir = temp();
    writeFileSync(join(dir, 'ro.conf'), GOOD);
    chmodSync(join(dir, 'ro.conf'), 0o444);
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'b.conf'), GOOD);
    chmodSync(join(dir, 'locked'), 0o555);
    try {
      const r = cli(['fix', '.', '--backup'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('ro.conf: not written: the file is read-only');
      expect(r.stderr).toContain('locked/b.conf: not written: its directory is read-only');
      expect(readFileSync(join(dir, 'ro.conf'), 'utf8')).toBe(GOOD);
      expect(readFileSync(join(dir, 'locked', 'b.conf'), 'utf8')).toBe(GOOD);
      expect(readdirSync(dir).filter((f) => f.endsWith('~'))).toEqual([]); // no backup of what was not written
      // The JSON report names them too, beside their file reports.
      const json = JSON.parse(cli(['fix', '.', '--format', 'json'], dir).stdout) as { notProcessed?: { path: string; message: string }[] };
      expect(json.notProcessed).toEqual([
        { path: 'locked/b.conf', message: expect.stringContaining('not written: its directory is read-only') },
        { path: 'ro.conf', message: expect.stringContaining('not written: the file is read-only') },
      ]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('a walk does not follow symbolic links unless --follow-symlinks; then each file is visited once, even through a cycle', () => {
    const dir = temp();
    mkdirSync(join(dir, 'tree', 'd'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'b.conf'), GOOD);
    writeFileSync(join(dir, 'tree', 'd', 'a.conf'), GOOD);
    symlinkSync('../../outside/b.conf', join(dir, 'tree', 'd', 'link.conf'));
    symlinkSync('..', join(dir, 'tree', 'd', 'up'));
    const plain = cli(['fix', 'tree'], dir);
    expect(plain.stdout).toContain('1 file scanned');
    expect(readFileSync(join(dir, 'outside', 'b.conf'), 'utf8')).toBe(GOOD);
    const followed = cli(['check', 'tree', '--follow-symlinks'], dir);
    expect(followed.stdout).toContain('2 files scanned');
  });
});
