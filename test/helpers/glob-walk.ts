/**
 * The directory walk of earlier versions, kept as a reference for property tests of the walk
 * that replaced it (src/io/walk.ts): fast-glob with the patterns, then every .gitignore in the
 * tree, each scoped to its folder, leaving out a path when any of them leaves it or a folder
 * above it out. Sorted paths, relative to `root`.
 */
import fg from 'fast-glob';
import ignore from 'ignore';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

export async function globWalk(root: string, options: { patterns: readonly string[]; exclude?: readonly string[]; noIgnore?: boolean }): Promise<string[]> {
  const entries = await fg([...options.patterns], { cwd: root, ignore: [...ALWAYS_SKIPPED, ...(options.exclude ?? [])], dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true });
  entries.sort();
  if (options.noIgnore) return entries;
  const files = await fg('**/.gitignore', { cwd: root, ignore: ALWAYS_SKIPPED, dot: true, suppressErrors: true });
  const scoped = files.map((f) => ({ dir: dirname(f) === '.' ? '' : dirname(f), matcher: ignore().add(readFileSync(join(root, f), 'utf8')) }));
  const ignored = (path: string): boolean =>
    scoped.some(({ dir, matcher }) => {
      if (dir && !path.startsWith(`${dir}/`)) return false;
      const rel = dir ? path.slice(dir.length + 1) : path;
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) if (matcher.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
      return matcher.ignores(rel);
    });
  return entries.filter((e) => !ignored(e));
}
