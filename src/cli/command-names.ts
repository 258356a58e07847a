/** Every command of the CLI, in the order help lists them, and the closest to a mistyped one. */
export const ALL_COMMANDS = ['check', 'diff', 'fix', 'probe', 'explain', 'generate', 'verify'] as const;

export type CommandWord = (typeof ALL_COMMANDS)[number];

/** Edit distance with transpositions (`chek` → `check` is 1, `fxi` → `fix` is 1). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The command a mistyped word most likely meant, if one is close enough to suggest. */
export function closestCommand(word: string): string | null {
  const w = word.toLowerCase().slice(0, 40);
  let best: { name: string; d: number } | null = null;
  for (const name of ALL_COMMANDS) {
    const d = distance(w, name);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

/** The message for an unknown command: every command, and the closest one. */
export function unknownCommand(word: string): string {
  const closest = closestCommand(word);
  return `unknown command "${word}"${closest ? `; did you mean "${closest}"?` : ''} (commands: ${ALL_COMMANDS.join(', ')})`;
}
