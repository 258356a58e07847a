/**
 * scripts/refresh-data.mjs against real git repositories made here: tags newer than the data has
 * reviewed are listed, each is read at its go.mod, and --check fails while any exists.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reviewed from '../../src/knowledge/data/releases-reviewed.json' with { type: 'json' };

const SCRIPT = fileURLToPath(new URL('../../scripts/refresh-data.mjs', import.meta.url));
const newestReviewed = (alias: string): string => reviewed.projects.find((p) => p.alias === alias)!.newestReviewed;

let root: string;

/** A repository whose tags each commit a go.mod pinning the given libcni (null: no go.mod). */
function repository(name: string, tags: readonly [tag: string, libcni: string | null][]): string {
  const dir = join(root, name);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  execFileSync('git', ['init', '--quiet', dir]);
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  for (const [tag, libcni] of tags) {
    writeFileSync(join(dir, 'go.mod'), libcni === null ? 'module example.invalid/x\n' : `module example.invalid/x\n\nrequire (\n\tgithub.com/containernetworking/cni ${libcni}\n)\n`);
    writeFileSync(join(dir, 'TAG'), tag);
    git('add', '-A');
    git('commit', '--quiet', '-m', tag);
    git('tag', tag);
  }
  return dir;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'refresh-data-test-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scripts/refresh-data.mjs', () => {
  it('lists the releases after the newest reviewed one and reads the libcni each pins', () => {
    const plugins = repository('plugins', [
      [newestReviewed('cni-plugins'), 'v1.3.0'],
      ['v1.99.0-rc.1', 'v1.3.0'], // a pre-release: not a release
      ['v1.99.0', 'v1.3.0'], // same libcni as the open-ended row: covered
      ['v1.99.1', 'v1.9.0'], // a libcni the data does not know
      ['api/v9.0.0', 'v1.3.0'], // a tag of a sub-module: not a release of the project
    ]);
    const r = run('--only', 'cni-plugins', '--from', `cni-plugins=${plugins}`);
    expect(r.status, r.err).toBe(0);
    expect(r.out).toContain(`cni-plugins (containernetworking/plugins): 2 releases newer than ${newestReviewed('cni-plugins')}`);
    expect(r.out).toMatch(/v1\.99\.0: libcni v1\.3\.0 accepts up to 1\.1\.0, as the \d+ rows covering it say: covered/);
    expect(r.out).toContain("v1.99.1: libcni v1.9.0 is not in the data's libcniReleases: review it first");
    expect(r.out).not.toContain('rc.1');
    expect(r.out).not.toContain('v9.0.0');
  });

  it('--check fails while a project has a newer release, and passes when none has', () => {
    const behind = repository('containerd-behind', [[newestReviewed('containerd'), 'v1.3.0'], ['v9.0.0', 'v1.0.1']]);
    const r = run('--check', '--only', 'containerd', '--from', `containerd=${behind}`);
    expect(r.status).toBe(1);
    // containerd v9.0.0 pinning libcni v1.0.1 would execute only up to 1.0.0, not what the open-ended row says.
    expect(r.out).toMatch(/v9\.0\.0: libcni v1\.0\.1 executes up to 1\.0\.0, but the row \S+ says 1\.1\.0: add a row/);

    const current = repository('containerd-current', [[newestReviewed('containerd'), 'v1.3.0']]);
    const ok = run('--check', '--only', 'containerd', '--from', `containerd=${current}`);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain(`containerd (containerd/containerd): up to date, newest release ${newestReviewed('containerd')}`);
  });

  it('reads flannel-cni-plugin build suffixes in order and leaves projects it cannot judge to review', () => {
    const flannel = repository('flannel', [[newestReviewed('flannel-cni-plugin'), 'v1.3.0'], ['v1.9.1-flannel9', 'v1.3.0']]);
    expect(run('--only', 'flannel-cni-plugin', '--from', `flannel-cni-plugin=${flannel}`).out).toContain('v1.9.1-flannel9: libcni v1.3.0');
    const calico = repository('calico', [[newestReviewed('calico'), null], ['v9.1.0', null]]);
    expect(run('--only', 'calico', '--from', `calico=${calico}`).out).toContain('v9.1.0: review by hand');
  });

  it('reads a component\'s prefixed tags (azure-ipam/vX) and skips tags the data records as not releases', () => {
    const azure = repository('azure', [
      [newestReviewed('azure-ipam'), 'v1.3.0'],
      [newestReviewed('azure-cni'), null],
      ['v1.16.17', null], // a Go module retraction tag
      ['azure-ipam/v9.0.0', 'v1.3.0'],
    ]);
    const r = run('--only', 'azure-ipam', '--only', 'azure-cni', '--from', `azure-ipam=${azure}`, '--from', `azure-cni=${azure}`);
    expect(r.out).toMatch(/azure-ipam\/v9\.0\.0: libcni v1\.3\.0 accepts up to 1\.1\.0, as the \d+ rows covering it say: covered/);
    expect(r.out).toContain(`azure-cni (Azure/azure-container-networking): up to date, newest release ${newestReviewed('azure-cni')}`);
  });

  it('exits 2, naming the source, when a repository cannot be read', () => {
    const r = run('--only', 'weave', '--from', `weave=${join(root, 'missing')}`);
    expect(r.status).toBe(2);
    expect(r.out).toContain('weave (weaveworks/weave): cannot list tags of');
    expect(run('--only', 'nope').status).toBe(2);
  });
});
