/** Every command of the CLI, in the order help lists them, and the closest to a mistyped one. */
import { closest } from '../core/closest.js';

export const ALL_COMMANDS = ['check', 'diff', 'fix', 'probe', 'explain', 'generate', 'verify', 'readiness'] as const;

export type CommandWord = (typeof ALL_COMMANDS)[number];

/** The command a mistyped word most likely meant, if one is close enough to suggest. */
export function closestCommand(word: string): string | null {
  return closest(word, ALL_COMMANDS);
}

/** The message for an unknown command: every command, and the closest one. */
export function unknownCommand(word: string): string {
  const closest = closestCommand(word);
  return `unknown command "${word}"${closest ? `; did you mean "${closest}"?` : ''} (commands: ${ALL_COMMANDS.join(', ')})`;
}
