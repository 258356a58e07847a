/**
 * The runtime a node runs, from what its binary says of itself, as the `runtime` option spells it.
 * containerd prints `containerd github.com/containerd/containerd v1.7.13 <commit>` (distribution
 * builds put their package name in the middle: `containerd containerd.io 1.6.28 <commit>`); CRI-O
 * printed `crio version 1.17.1` up to 1.17, then a table with a `Version:` row (indented under
 * `VERSION:` since 1.31), after a `crio version` line in some releases.
 * Reference: outputs quoted in github:kata-containers/tests#2506 and #3267, github:cri-o/cri-o#3845 and #8337 (inferred for containerd from the usual `containerd github.com/containerd/containerd vX.Y.Z <commit>` line).
 */
const SEMVER = /^v?(\d+\.\d+\.\d+)(?:[-+~]\S*)?$/;

/** `containerd@X.Y.Z` or `cri-o@X.Y.Z`, or null when the output names no version. */
export function runtimeFromVersionOutput(name: string, output: string): string | null {
  if (name === 'containerd') {
    const first = output.split('\n').find((line) => line.trim() !== '') ?? '';
    const words = first.trim().split(/\s+/);
    if (words[0] !== 'containerd') return null;
    const version = words.slice(1).map((w) => SEMVER.exec(w)?.[1]).find((v) => v !== undefined);
    return version ? `containerd@${version}` : null;
  }
  if (name === 'crio') {
    const match = /^[ \t]*(?:crio version|Version:)[ \t]+(\S+)[ \t]*$/m.exec(output);
    const version = match ? SEMVER.exec(match[1]!)?.[1] : undefined;
    return version ? `cri-o@${version}` : null;
  }
  return null;
}
