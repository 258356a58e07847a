/**
 * `fix` killed with SIGKILL at a random moment never leaves a target file truncated or mixed:
 * each file holds either its old bytes or exactly the bytes a complete run writes. Only
 * cni-migrate's own temp files (`.<name>.cni-migrate-<pid>-<hex>.tmp`) and write locks
 * (`.<name>.cni-migrate.lock`, taken over by the next run) may be left behind.
 *
 * Replay a failure with CNI_MIGRATE_KILL_SEED=<seed printed in the output>.
 * CNI_MIGRATE_KILL_ROUNDS overrides the number of rounds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';

const bin = join(repoRoot, 'bin', 'cni-migrate.js');
const flannelYaml = new URL('../../fixtures/upstream/flannel/v0.10.0/kube-flannel.yml', import.meta.url);
const ARGS = ['fix', '.', '--target-version', '1.0.0', '--plugin', 'cni-plugins@1.1.1', '--plugin', 'flannel-cni-plugin@1.1.0', '--format', 'json', '-q'];
const TEMP_RE = /^\.(.+)\.cni-migrate(?:-(\d+)-[0-9a-f]{8}\.tmp|\.lock)$/;

const seed = process.env.CNI_MIGRATE_KILL_SEED ? Number(process.env.CNI_MIGRATE_KILL_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;

/** mulberry32: small, seedable, good enough to pick delays. */
function rng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else out.push(relative(root, p));
  }
  return out.sort();
}

/** Builds the tree: conflists without cniVersion, .conf at 0.3.1, ~1 MB padded files, flannel ConfigMaps. */
function buildTree(root: string, random: () => number): void {
  const put = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const chunk = Array.from({ length: 4096 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const padding = chunk.repeat(256);
  const flannel = existsSync(flannelYaml) ? readFileSync(flannelYaml, 'utf8') : undefined;
  for (let i = 0; i < 300; i++) {
    const dir = `node-${String(i % 12).padStart(2, '0')}/etc/cni/net.d`;
    const kind = i % 10;
    const name = `net${i}`;
    if (i % 30 === 8) {
      // ~1 MB: a long string member, so writing and fsyncing the file takes a while.
      put(`${dir}/${String(i).padStart(3, '0')}-big${i}.conflist`, `{\n  "name": "big${i}",\n  "x-padding": "${padding}",\n  "plugins": [\n    { "type": "loopback" }\n  ]\n}\n`);
    } else if (kind < 4 || kind === 8) {
      put(
        `${dir}/${String(i).padStart(3, '0')}-${name}.conflist`,
        `{\n  "name": "${name}",\n  "plugins": [\n    {\n      "type": "bridge",\n      "bridge": "cni${i}",\n      "isGateway": true,\n      "ipam": { "type": "host-local", "subnet": "10.${i % 250}.0.0/16" }\n    },\n    { "type": "portmap", "capabilities": { "portMappings": true } }\n  ]\n}\n`,
      );
    } else if (kind < 8) {
      put(`${dir}/${String(i).padStart(3, '0')}-${name}.conf`, `{\n  "cniVersion": "0.3.1",\n  "name": "${name}",\n  "type": "bridge",\n  "bridge": "br${i}",\n  "ipam": {\n    "type": "host-local",\n    "subnet": "10.${i % 250}.0.0/16"\n  }\n}\n`);
    } else if (flannel !== undefined) {
      put(`manifests/${String(i).padStart(3, '0')}-kube-flannel.yml`, flannel);
    } else {
      put(`${dir}/${String(i).padStart(3, '0')}-${name}.conf`, `{"cniVersion":"0.3.1","name":"${name}","type":"loopback"}\n`);
    }
  }
}

describe('fix under SIGKILL', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  let template = '';
  let oracleDir = '';
  let files: string[] = [];
  const oldBytes = new Map<string, Buffer>();
  const newBytes = new Map<string, Buffer>();
  let fullRunMs = 0;

  beforeAll(() => {
    expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first').toBe(true);
    const t = tempDir('cni-migrate-kill-');
    cleanups.push(t.cleanup);
    template = join(t.dir, 'template');
    oracleDir = join(t.dir, 'oracle');
    buildTree(template, rng(seed ^ 0x5eed));
    files = walk(template);
    for (const f of files) oldBytes.set(f, readFileSync(join(template, f)));

    // The oracle: one complete run on a separate copy, timed.
    cpSync(template, oracleDir, { recursive: true });
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, ...ARGS], { cwd: oracleDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    fullRunMs = performance.now() - start;
    expect([0, 1], r.stderr).toContain(r.status);
    const report = JSON.parse(r.stdout) as { summary: { changed: number } };
    expect(report.summary.changed).toBe(files.length);
    expect(walk(oracleDir)).toEqual(files);
    for (const f of files) {
      const after = readFileSync(join(oracleDir, f));
      expect(after.equals(oldBytes.get(f)!), `${f} needs a change`).toBe(false);
      newBytes.set(f, after);
    }
  }, 120_000);

  it(`leaves every file old or new, never torn (seed ${seed})`, async () => {
    const random = rng(seed);
    const rounds = process.env.CNI_MIGRATE_KILL_ROUNDS ? Number(process.env.CNI_MIGRATE_KILL_ROUNDS) : Math.max(15, Math.min(25, Math.floor(30_000 / (fullRunMs * 0.5 + 300))));
    const work = join(dirname(template), 'work');
    const rows: string[] = [];
    let totalLeftovers = 0;
    let roundsWithLeftovers = 0;
    let totalNew = 0;
    const bigCount = files.filter((f) => f.includes('-big')).length;
    const yamlCount = files.filter((f) => f.endsWith('.yml')).length;
    console.log(`kill test: seed ${seed} (replay with CNI_MIGRATE_KILL_SEED=${seed}), ${files.length} files (${bigCount} of ~1 MB, ${yamlCount} YAML), full run ${fullRunMs.toFixed(0)} ms, ${rounds} rounds`);

    for (let round = 0; round < rounds; round++) {
      rmSync(work, { recursive: true, force: true });
      cpSync(template, work, { recursive: true });
      const delay = random() * fullRunMs;
      const child = spawn(process.execPath, [bin, ...ARGS], { cwd: work, stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const { code, signal } = await exited;
      clearTimeout(timer);

      const ctx = `seed ${seed}, round ${round}, delay ${delay.toFixed(1)} ms`;
      const present = walk(work);
      const leftovers: string[] = [];
      let nNew = 0;
      for (const f of present) {
        const want = oldBytes.get(f);
        if (want === undefined) {
          const m = TEMP_RE.exec(f.split('/').pop()!);
          expect(m, `${ctx}: unexpected file ${f}`).not.toBeNull();
          expect(oldBytes.has(join(dirname(f), m![1]!)), `${ctx}: temp file ${f} names no target`).toBe(true);
          leftovers.push(f);
          continue;
        }
        const got = readFileSync(join(work, f));
        const isOld = got.equals(want);
        const isNew = got.equals(newBytes.get(f)!);
        expect(isOld || isNew, `${ctx}: ${f} is neither old nor new (${got.length} bytes; old ${want.length}, new ${newBytes.get(f)!.length})`).toBe(true);
        if (isNew && !isOld) nNew++;
      }
      for (const f of files) expect(present, `${ctx}: ${f} disappeared`).toContain(f);
      totalLeftovers += leftovers.length;
      if (leftovers.length) roundsWithLeftovers++;
      totalNew += nNew;
      rows.push(`  round ${String(round).padStart(2)}  delay ${delay.toFixed(0).padStart(5)} ms  ${signal ?? `exit ${code}`}  new ${String(nNew).padStart(3)}/${files.length}  leftover temp files ${leftovers.length}${leftovers.length ? ` (${leftovers.join(', ')})` : ''}`);
    }
    console.log(
      [
        ...rows,
        `kill test summary: ${rounds} rounds, ${totalNew} files found rewritten in total, ${totalLeftovers} leftover temp files in ${roundsWithLeftovers} rounds, 0 torn files (seed ${seed})`,
      ].join('\n'),
    );
  }, 180_000);
});
