/**
 * A unified diff in git's form (`diff --git a/P b/P`), so `git apply` and `patch -p1` accept it.
 * Line endings stay part of each line, so CRLF files diff and apply byte for byte.
 */
import { structuredPatch } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  let out = `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    out += h.lines.map((l) => `${l}\n`).join('');
  }
  return out;
}

/** git writes a one-line range as just its start. */
function range(start: number, lines: number): string {
  return lines === 1 ? `${start}` : `${start},${lines}`;
}
