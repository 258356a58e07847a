/**
 * What `fix` meets on a real file system besides regular files it alone touches: special files
 * swapped in while it waits, another run writing the same tree, hard links, directories it may
 * not read, and text that is not UTF-8. Each case: a clear error naming the file or directory,
 * exit 2, nothing changed, nothing left behind, nothing hanging.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateCli } from '../helpers/private-cli.js';
import { cli, git, repoRoot, scratchDirs } from '../helpers/cli.js';
import { mkfifoSync } from './mkfifo.js';

const bin = join(repoRoot, 'bin', 'cni-migrate.js');
const { temp } = scratchDirs(afterEach);
const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];
const CONFLIST = '{\n  "name": "n",\n  "plugins": [\n    { "type": "bridge" }\n  ]\n}\n';
const CONF = (n: number | string, version = '0.3.1'): string => `{\n  "cniVersion": "${version}",\n  "name": "net${n}",\n  "type": "bridge"\n}\n`;

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first').toBe(true);
});

/** Runs the CLI with a hard time limit: a run that blocks is killed and shows as code null. */
function bounded(args: readonly string[], cwd: string, timeoutMs = 8000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A plugin binary whose VERSION answer first replaces `target` with a FIFO: the file is read and
 * planned, then swapped while the run waits for the probe, then written.
 */
function swappingPlugin(dir: string, target: string): string {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  const script = `#!/bin/sh\nrm -f '${target}'\nmkfifo '${target}'\necho '{"cniVersion":"1.0.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}'\n`;
  writeFileSync(join(binDir, 'bridge'), script, { mode: 0o755 });
  return binDir;
}

describe('special files', () => {
  for (const backup of [false, true]) {
    it(`a file replaced by a FIFO while fix waits on a probe is not written, and fix does not block${backup ? ' (--backup)' : ''}`, () => {
      const dir = temp();
      const target = join(dir, 'net.d', 'a.conflist');
      mkdirSync(join(dir, 'net.d'));
      writeFileSync(target, CONFLIST);
      const binDir = swappingPlugin(dir, target);
      const r = bounded(['fix', 'net.d/a.conflist', '--bin-dir', binDir, ...(backup ? ['--backup'] : [])], dir);
      expect(r.code, `blocked or failed: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('net.d/a.conflist: not written: it is no longer a regular file');
      expect(lstatSync(target).isFIFO()).toBe(true);
      expect(readdirSync(join(dir, 'net.d'))).toEqual(['a.conflist']); // no temp file, lock or backup left
    });
  }

  it('a FIFO met while reading is refused, never opened for blocking reads', () => {
    // The read itself (a file swapped for a FIFO between the walk and the read): the library's processFile.
    const dir = temp();
    mkfifoSync(join(dir, 'p.conflist'));
    const script = `import { processFile, PluginFactsCache } from ${JSON.stringify(join(repoRoot, 'dist', 'io', 'process-file.js'))};
const facts = new PluginFactsCache({ runtime: { name: 'containerd', version: '1.7.0', maxConfigVersion: '1.0.0' }, plugins: {} }, { binDir: undefined, probeTimeoutMs: undefined, supported: {} });
const out = await processFile({ absolute: ${JSON.stringify(join(dir, 'p.conflist'))}, display: 'p.conflist', explicit: false }, { write: false, backup: false }, facts);
console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 5000 });
    expect(r.status, `blocked or failed: ${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ kind: 'unreadable', message: 'cannot read: not a regular file' });
  });

  it('FIFOs in a walk, and links to them, are not opened: the walk finishes', () => {
    const dir = temp();
    mkfifoSync(join(dir, 'a.conflist'));
    symlinkSync('a.conflist', join(dir, 'b.conf'));
    writeFileSync(join(dir, 'c.conf'), '{"name": "c", "type": "bridge"}\n');
    for (const extra of [[], ['--follow-symlinks']]) {
      const r = bounded(['fix', '.', ...PLUGINS, ...extra], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'c.conf'), 'utf8')).toContain('"cniVersion": "1.0.0"');
    }
    expect(lstatSync(join(dir, 'a.conflist')).isFIFO()).toBe(true);
  });
});

describe('hard links', () => {
  it('a file with another hard link is not written: error naming it, exit 2, both names untouched', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.conf'), CONF(1));
    mkdirSync(join(dir, 'elsewhere'));
    linkSync(join(dir, 'a.conf'), join(dir, 'elsewhere', 'a.conf.orig'));
    const inode = statSync(join(dir, 'a.conf')).ino;
    const r = cli(['fix', '.', ...PLUGINS, '--target-version', '1.0.0', '--backup'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a.conf: not written: it has 1 other hard link; replacing it would leave that name holding the old text');
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).toBe(CONF(1));
    expect(statSync(join(dir, 'a.conf')).ino).toBe(inode);
    expect(statSync(join(dir, 'a.conf')).nlink).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a.conf', 'elsewhere']); // no backup of what was not written
    // diff still plans it: only the write is refused.
    const diff = cli(['diff', '.', ...PLUGINS, '--target-version', '1.0.0'], dir);
    expect(diff.stdout).toContain('+  "cniVersion": "1.0.0",');
    expect(diff.stderr).not.toContain('hard link');
  });
});

describe('concurrent runs', () => {
  interface JsonFile {
    path: string;
    changed: boolean;
    notWritten?: string;
    networks: { currentVersion: string | null }[];
  }

  /**
   * A plugin binary both runs probe after reading their first file: it answers only once both
   * have asked, so the runs meet on that file (and go on nearly in step).
   */
  function barrierPlugin(dir: string): string {
    const binDir = join(dir, 'bin');
    const meet = join(dir, 'meet');
    mkdirSync(binDir);
    mkdirSync(meet);
    const script = `#!/bin/sh\ntouch '${meet}'/$$\ni=0\nwhile [ "$(ls '${meet}' | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.01; i=$((i+1)); done\necho '{"cniVersion":"1.0.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}'\n`;
    writeFileSync(join(binDir, 'bridge'), script, { mode: 0o755 });
    return binDir;
  }

  /** Runs fix to `target` on the tree, concurrently with whatever else runs. */
  function fixTo(tree: string, target: string, binDir: string): Promise<{ code: number | null; files: JsonFile[]; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [bin, 'fix', '.', '--target-version', target, '--bin-dir', binDir, '--format', 'json', '-q'], { cwd: tree, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('close', (code) => done({ code, files: (JSON.parse(out) as { files: JsonFile[] }).files, stderr: err }));
    });
  }

  it('two fix runs with different targets on one tree: every file a run reports written holds its write, or the other run wrote it later from it', async () => {
    const root = temp();
    const dir = join(root, 'tree');
    mkdirSync(dir);
    const binDir = barrierPlugin(root);
    const N = 200;
    const names = Array.from({ length: N }, (_, i) => `${String(i).padStart(3, '0')}-net.conf`);
    for (const [i, name] of names.entries()) writeFileSync(join(dir, name), CONF(i));
    const targets = ['1.0.0', '0.4.0'] as const;
    const runs = await Promise.all(targets.map((t) => fixTo(dir, t, binDir)));
    let refused = 0;
    let bothRead = 0;
    for (const [i, name] of names.entries()) {
      const now = readFileSync(join(dir, name), 'utf8');
      const reports = runs.map((r) => r.files.find((f) => f.path === name)!);
      for (const [k, report] of reports.entries()) {
        const other = reports[1 - k]!;
        if (report.notWritten) {
          refused++;
          expect(runs[k]!.stderr).toContain(`${name}: not written:`);
          continue;
        }
        expect(report.changed, name).toBe(true);
        if (now === CONF(i, targets[k])) continue;
        // Overwritten since: only by the other run, having read this run's write (not the original).
        expect(now, `${name}: reported written by the ${targets[k]} run, holds neither its text nor a later write`).toBe(CONF(i, targets[1 - k]));
        expect(other.notWritten, name).toBeUndefined();
        expect(other.networks[0]!.currentVersion, `${name}: both runs wrote it from the original: one write was lost`).toBe(targets[k]);
      }
      // Both read the original: at most one may have written it.
      if (reports.every((r) => r.networks[0]!.currentVersion === '0.3.1')) expect(reports.filter((r) => !r.notWritten).length, name).toBeLessThanOrEqual(1);
      if (reports.every((r) => r.networks[0]!.currentVersion === '0.3.1')) bothRead++;
    }
    // A run that left a file alone says so with exit 2.
    for (const [k, run] of runs.entries()) {
      const notWritten = run.files.filter((f) => f.notWritten).length;
      expect(run.code, `${targets[k]}: ${notWritten} not written`).toBe(notWritten > 0 ? 2 : 0);
    }
    console.log(`concurrent fix: ${N} files, ${bothRead} read by both runs before either wrote, ${refused} writes refused`);
  });
});

describe('write locks', () => {
  it("a lock left by a run that is gone (killed mid-write) is taken over, and the file written", () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.conf'), CONF(1));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, '.a.conf.cni-migrate.lock'), `${gone} ${hostname()} 0123456789ab\n`);
    const r = cli(['fix', '.', ...PLUGINS, '--target-version', '1.0.0'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).toBe(CONF(1, '1.0.0'));
    expect(readdirSync(dir)).toEqual(['a.conf']);
  });
});

/** Runs the CLI as an unprivileged user (root reads mode-000 directories anyway). */
const asRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const NOBODY = 65534;
/**
 * The CLI as the unprivileged user can run it: a private build in a directory anyone may read (a
 * clone may sit in a folder only root can enter, as a fresh `mktemp -d` is).
 */
let readableBin: string | undefined;
function binForNobody(): string {
  if (!asRoot) return bin;
  if (readableBin === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'cni-migrate-nobody-'));
    readableBin = buildPrivateCli(dir);
    for (const rel of ['', ...readdirSync(dir, { recursive: true, encoding: 'utf8' })]) chmodSync(join(dir, rel), statSync(join(dir, rel)).isDirectory() ? 0o755 : 0o644);
    afterAllCleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  return readableBin;
}
const afterAllCleanups: (() => void)[] = [];
afterAll(() => {
  for (const clean of afterAllCleanups) clean();
});

function unprivileged(args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const argv = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, binForNobody(), ...args] : [process.execPath, bin, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(asRoot && !hasSetpriv)('directories that cannot be read', () => {
  /** A tree the unprivileged user owns, with `locked/` (holding a config) it may not read. */
  function tree(): string {
    const dir = temp();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 't', 'locked'), { recursive: true });
    writeFileSync(join(dir, 't', 'a.conf'), CONF(1, '1.0.0'));
    writeFileSync(join(dir, 't', 'locked', 'b.conf'), CONF(2, '1.0.0'));
    return dir;
  }
  const lock = (path: string): void => chmodSync(path, 0o000);
  const chownTree = (dir: string): void => {
    if (!asRoot) return;
    for (const rel of ['t', ...readdirSync(join(dir, 't'), { recursive: true, encoding: 'utf8' }).map((p) => join('t', p))]) chownSync(join(dir, rel), NOBODY, NOBODY);
  };
  const unlockAll = (dir: string): void => {
    for (const p of [join(dir, 't'), join(dir, 't', 'locked')]) if (existsSync(p)) chmodSync(p, 0o755);
  };

  it('a directory named on the command line: an error naming it, exit 2', () => {
    const dir = tree();
    chownTree(dir);
    lock(join(dir, 't', 'locked'));
    try {
      const r = unprivileged(['check', 't/locked', ...PLUGINS], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('t/locked: cannot read the directory: permission denied');
      expect(r.stderr).not.toContain('git could not list');
    } finally {
      unlockAll(dir);
    }
  });

  it('a directory met in a walk: an error naming it, exit 2; the rest is still checked', () => {
    const dir = tree();
    chownTree(dir);
    lock(join(dir, 't', 'locked'));
    try {
      const r = unprivileged(['check', 't', ...PLUGINS], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('t/locked: cannot read the directory: permission denied');
      expect(r.stdout).toContain('1 file scanned');
    } finally {
      unlockAll(dir);
    }
  });

  it.each([
    ['outside git, a directory a .gitignore leaves out is not read, and so not reported', false],
    ['in a git work tree too, unless git ignores the directory', true],
  ])('%s', (_, inGit) => {
    const dir = tree();
    if (inGit) {
      git(['init', '-q', 't'], dir);
      git(['add', '-A'], join(dir, 't'));
      git(['commit', '-qm', 'init'], join(dir, 't'));
    }
    mkdirSync(join(dir, 't', 'ignored'));
    writeFileSync(join(dir, 't', '.gitignore'), 'ignored/\n');
    chownTree(dir);
    lock(join(dir, 't', 'locked'));
    lock(join(dir, 't', 'ignored'));
    try {
      const r = unprivileged(['check', 't', ...PLUGINS], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('t/locked: cannot read the directory: permission denied');
      expect(r.stderr).not.toContain('t/ignored');
      expect(r.stderr).not.toContain('git could not list');
      expect(r.stdout).toContain('1 file scanned');
    } finally {
      unlockAll(dir);
      chmodSync(join(dir, 't', 'ignored'), 0o755);
    }
  });
});

describe('encodings', () => {
  const utf16 = (text: string, order: 'le' | 'be', bom: boolean): Buffer => {
    const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
    return order === 'le' ? le : le.swap16();
  };
  const variants = [
    ['UTF-16LE with BOM', 'le', true],
    ['UTF-16LE without BOM', 'le', false],
    ['UTF-16BE with BOM', 'be', true],
    ['UTF-16BE without BOM', 'be', false],
  ] as const;

  for (const [name, order, bom] of variants) {
    it(`${name}: a CNI config gets the same verdict as .json and as .conflist (exit 2); other JSON is left alone`, () => {
      const dir = temp();
      const cni = utf16(CONFLIST, order, bom);
      const other = utf16('{\n  "name": "app",\n  "plugins": ["a", "b"]\n}\n', order, bom);
      writeFileSync(join(dir, 'a.json'), cni);
      writeFileSync(join(dir, 'b.conflist'), cni);
      writeFileSync(join(dir, 'c.json'), other);
      const r = cli(['fix', '.', ...PLUGINS], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('a.json: not UTF-8 text');
      expect(r.stderr).toContain('b.conflist: not UTF-8 text');
      expect(r.stderr).not.toContain('c.json');
      for (const [f, bytes] of [['a.json', cni], ['b.conflist', cni], ['c.json', other]] as const) expect(readFileSync(join(dir, f)).equals(bytes)).toBe(true);
      const alone = cli(['check', 'c.json'], dir);
      expect(alone.code, alone.stderr).toBe(0);
    });
  }

  it('Latin-1 (no NUL byte to tell it by): a manifest holding a CNI config is reported, one without is not, in a walk', () => {
    const dir = temp();
    const cm = Buffer.from('kind: ConfigMap\ndata:\n  cni-conf.json: |\n    {"name": "caf\u00e9", "type": "flannel"}\n', 'latin1');
    const app = Buffer.from('kind: Deployment\nmetadata:\n  name: caf\u00e9\n', 'latin1');
    writeFileSync(join(dir, 'cm.yaml'), cm);
    writeFileSync(join(dir, 'app.yaml'), app);
    const r = cli(['fix', '.', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cm.yaml: not UTF-8 text');
    expect(r.stderr).not.toContain('app.yaml');
    expect(readFileSync(join(dir, 'cm.yaml')).equals(cm)).toBe(true);
  });
});

describe('directories whose names hold a line break', () => {
  // fast-glob's matcher never enters them: without a walk of its own they were skipped in silence.
  it.each(['a\nb', 'cr\rdir', 'ls\u2028sep'])('a walk finds the configs inside %j, nested ones too', (name) => {
    const dir = temp();
    const conf = '{"name":"n","plugins":[{"type":"bridge"}]}';
    mkdirSync(join(dir, name, 'deep\nnested'), { recursive: true });
    mkdirSync(join(dir, 'plain'));
    mkdirSync(join(dir, 'node_modules', 'x\ny'), { recursive: true });
    writeFileSync(join(dir, name, '10-a.conflist'), conf);
    writeFileSync(join(dir, name, 'deep\nnested', '20-b.conflist'), conf);
    writeFileSync(join(dir, 'plain', '30-c.conflist'), conf);
    writeFileSync(join(dir, 'node_modules', 'x\ny', '40-d.conflist'), conf);
    const r = cli(['check', '.', '--plugin', 'cni-plugins@1.1.1', '--format', 'json'], dir);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
    expect(files).toEqual([`${name}/10-a.conflist`, `${name}/deep\nnested/20-b.conflist`, 'plain/30-c.conflist'].sort());
  });
});
