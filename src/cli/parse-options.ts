/**
 * Every command parses its command line with node's parseArgs (strict); this turns its errors
 * into the CLI's own words, once for all commands: an unknown option names the closest known one
 * (`--plugn` → did you mean --plugin?), and node's long advice about `--` is left out.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../core/closest.js';

export type ParsedOptions<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** The parsed command line, or the problem with it. `unknownHint` follows an unknown option's message. */
export function parseOptions<T extends ParseArgsConfig>(config: T, unknownHint = ''): { readonly parsed: ParsedOptions<T> } | { readonly problem: string } {
  try {
    return { parsed: parseArgs(config) };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']*)'/.exec(e.message)?.[1] ?? '';
      const known = Object.entries(config.options ?? {}).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      const guess = option.startsWith('--') ? closest(option.split('=')[0]!, known.filter((k) => k.startsWith('--'))) : null;
      return { problem: `unknown option ${option}${guess ? `; did you mean ${guess}?` : ''}${unknownHint}` };
    }
    // node's other messages are plain; their first sentence says it ("Option '--runtime <value>' argument missing").
    return { problem: e.message.split('. ')[0]! };
  }
}
