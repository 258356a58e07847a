/**
 * .gitignore files applied as git applies them in a walk (gitignore(5)): each file's patterns are
 * relative to its own directory; the files of deeper directories take precedence over those
 * above, the last matching pattern of a file decides for it, and `!` re-includes. A directory
 * left out is never entered, so nothing below it can be re-included (the walk sees to that).
 * Patterns are matched by the `ignore` package, compiled once per file.
 */
import type ignore from 'ignore';
import type { Ignore } from 'ignore';

type Factory = typeof ignore;

interface Scope {
  /** The directory of the .gitignore, relative to the walked root: '' or `a/b/`. */
  readonly dir: string;
  readonly test: (rel: string) => { ignored: boolean; unignored: boolean };
}

/** The rule test of one compiled file for one path alone (see `ruleTest`). */
type RuleTest = Scope['test'];

/**
 * `ignore`'s own test walks up the path and answers for the first parent its rules leave out,
 * and caches every path it was asked about. A walk has decided the parents already (a deeper
 * file can re-include a directory that this one leaves out), and keeping every path would make
 * memory grow with the repository, so where the package exposes its per-path rule test, that is
 * used; otherwise its public, parent-checking test.
 */
function ruleTest(matcher: Ignore): RuleTest {
  const rules = (matcher as unknown as { _rules?: { test?: (path: string, mode: string) => { ignored: boolean; unignored: boolean } } })._rules;
  if (typeof rules?.test === 'function') return (rel) => rules.test!(rel, 'regex');
  return (rel) => matcher.test(rel);
}

/** The .gitignore files of the directories a walk is in, innermost last. */
export class GitignoreStack {
  private readonly scopes: Scope[] = [];

  constructor(private readonly ignore: Factory) {}

  /** Adds the patterns of `dir`'s .gitignore (`dir` relative to the root: '' or ending in `/`). */
  push(dir: string, text: string): void {
    this.scopes.push({ dir, test: ruleTest(this.ignore().add(text)) });
  }

  pop(): void {
    this.scopes.pop();
  }

  get depth(): number {
    return this.scopes.length;
  }

  /**
   * Whether an entry met in the walk is left out: `rel` relative to the root, a directory's
   * ending in `/` (so directory-only patterns apply to it). Its parents were not left out, or
   * the walk would not have entered them.
   */
  ignores(rel: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const { dir, test } = this.scopes[i]!;
      const r = test(dir ? rel.slice(dir.length) : rel);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }
}
