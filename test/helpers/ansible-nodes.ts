/**
 * Local "nodes" for real ansible-playbook runs, as test/integrations/ansible-fleet.test.ts builds
 * them: each node is a folder with its own root (etc/cni/net.d, opt/cni/bin holding links to
 * Debian's real plugin binaries, a stand-in runtime binary printing its version) and a Python
 * interpreter whose PATH starts with a `node` that records its use and fails.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEBIAN_PLUGINS = '/usr/lib/cni';

export interface LocalNode {
  readonly name: string;
  readonly root: string;
  readonly netd: string;
  readonly binDir: string;
  /** The inventory line: local connection, the node's Python, its paths as cni_path and cni_bin_dir. */
  readonly line: string;
}

/**
 * A node in a folder: `configs` (file name → text) in its net.d, links to Debian's plugins in its
 * bin dir (less `without`), a stand-in `runtime` binary printing `says`.
 */
export function localNode(
  name: string,
  temp: () => string,
  trap: string,
  options: { configs: Readonly<Record<string, string>>; runtime: { binary: 'containerd' | 'crio'; says: string }; without?: readonly string[] },
): LocalNode {
  const root = temp();
  const netd = join(root, 'etc', 'cni', 'net.d');
  const binDir = join(root, 'opt', 'cni', 'bin');
  mkdirSync(netd, { recursive: true });
  for (const [file, text] of Object.entries(options.configs)) writeFileSync(join(netd, file), text);
  mkdirSync(binDir, { recursive: true });
  for (const plugin of readdirSync(DEBIAN_PLUGINS)) if (!options.without?.includes(plugin)) symlinkSync(join(DEBIAN_PLUGINS, plugin), join(binDir, plugin));
  mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
  const says = options.runtime.says.split('\n').map((line) => `'${line}'`).join(' ');
  writeFileSync(join(root, 'usr', 'bin', options.runtime.binary), `#!/bin/sh\nprintf '%s\\n' ${says}\n`, { mode: 0o755 });
  writeFileSync(join(root, 'python'), `#!/bin/sh\nPATH=${trap}:${root}/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin exec /usr/bin/python3 "$@"\n`, { mode: 0o755 });
  const line = `${name} ansible_connection=local ansible_python_interpreter=${join(root, 'python')} cni_path=${netd} cni_bin_dir=${binDir}`;
  return { name, root, netd, binDir, line };
}

/** A `node` that records that it ran and fails, as a node without Node.js would. */
export function nodeTrap(temp: () => string): { dir: string; used: string } {
  const dir = temp();
  const used = join(dir, 'node-was-run');
  writeFileSync(join(dir, 'node'), `#!/bin/sh\necho "$0 $*" >> ${used}\nexit 127\n`, { mode: 0o755 });
  return { dir, used };
}

/**
 * Every entry under `dir`, links not followed: a file's mode, modification time and content hash,
 * a link's target, a directory's mode and modification time. Equal snapshots: nothing was written.
 */
export function treeState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, rel);
    const info = lstatSync(path);
    if (info.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
    else if (info.isDirectory()) out[rel] = `dir ${info.mode.toString(8)} ${info.mtimeMs}`;
    else out[rel] = `file ${info.mode.toString(8)} ${info.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  }
  return out;
}
