/**
 * `cni-migrate explain [TEXT...|-]`: recognises CNI error strings in pasted text or a log on
 * stdin and says what each means, why it happens and how to fix it.
 *
 * Wiring (src/cli/run.ts): dispatch `explain` before the check/diff/fix parser, e.g.
 *   if (argv[0] === 'explain') return runExplain(argv.slice(1), io, readStream(process.stdin), { stdinIsTTY: process.stdin.isTTY === true });
 * (readStream: src/cli/stdin.ts)
 */
import { DIAGNOSTIC_CODES } from '../core/diagnostics.js';
import { explainText, type ExplainMatch } from '../explain/explain.js';
import { printable } from '../render/terminal.js';
import type { CliIO } from './run.js';
import { EXIT } from './exit-codes.js';
import { parseOptions } from './parse-options.js';


export interface ExplainOptions {
  /**
   * Whether stdin is a terminal. With no TEXT argument, stdin is read only when it is not a
   * terminal (a pipe or a file); on a terminal that is a usage error rather than a silent wait.
   * Default true. `-` reads stdin either way.
   */
  readonly stdinIsTTY?: boolean;
}

export function explainHelpText(): string {
  return `Usage: cni-migrate explain [options] [TEXT...|-]

Recognises CNI error messages (libcni, CNI plugins, containerd, CRI-O, Multus) in TEXT, or in
stdin with '-' or when stdin is a pipe, and explains each: what it means, why it happens, how to
fix it, and the cni-migrate diagnostic codes that catch the cause in a config file. Log lines
can be pasted as they are: logfmt quoting (msg="…", error="…" with \\") is undone first.

Examples:
  cni-migrate explain 'incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"]'
  journalctl -u containerd --since -1h | cni-migrate explain
  kubectl describe pod web-0 | cni-migrate explain - --format json

Options:
  --format text|json         output format (default text)
  -h, --help                 show this help
  --                         treat every following argument as TEXT

Exit codes:
  0  at least one known CNI error was recognised
  1  no known CNI error was found
  2  usage error, or stdin could not be read
`;
}

type Parsed =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'run'; readonly format: 'text' | 'json'; readonly texts: readonly string[]; readonly stdin: boolean };

function parseExplainArgs(args: readonly string[]): Parsed {
  // As every command parses: node's parseArgs, strict, TEXT as positionals (`-` is stdin, and
  // everything after `--` is TEXT even when it starts with "-").
  const result = parseOptions(
    { args: [...args], allowPositionals: true, strict: true, tokens: true, options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } },
    ' (to explain text that starts with "-", put it after --)',
  );
  if ('problem' in result) return { kind: 'usage-error', message: result.problem };
  const { parsed } = result;
  if (parsed.values.help) return { kind: 'help' };
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return { kind: 'usage-error', message: `--format must be text or json, not "${format}"` };
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;
  const positionals = parsed.tokens.filter((t) => t.kind === 'positional');
  const stdin = positionals.some((t) => t.value === '-' && t.index < terminator);
  const texts = positionals.filter((t) => !(t.value === '-' && t.index < terminator)).map((t) => t.value);
  if (stdin && texts.length > 0) return { kind: 'usage-error', message: "give the error as TEXT or '-' for stdin, not both" };
  return { kind: 'run', format, texts, stdin };
}

/**
 * Runs `cni-migrate explain` with the arguments after `explain`. Results go to stdout, usage
 * errors and "nothing found" to stderr.
 */
export async function runExplain(args: readonly string[], io: CliIO, readStdin: () => Promise<string>, options: ExplainOptions = {}): Promise<number> {
  const parsed = parseExplainArgs(args);
  if (parsed.kind === 'help') {
    io.stdout.write(explainHelpText());
    return EXIT.ok;
  }
  if (parsed.kind === 'usage-error') return usage(io, parsed.message);

  let input: string;
  if (parsed.stdin || (parsed.texts.length === 0 && options.stdinIsTTY === false)) {
    try {
      input = await readStdin();
    } catch (err) {
      io.stderr.write(`cni-migrate: cannot read stdin: ${printable((err as Error).message)}\n`);
      return EXIT.usage;
    }
  } else if (parsed.texts.length === 0) {
    return usage(io, "nothing to explain: give the error message as TEXT, or '-' to read it from stdin");
  } else {
    input = parsed.texts.join(' ');
  }

  const matches = explainText(input);
  const lines = input === '' ? 0 : input.split(/\r?\n/).length;
  if (parsed.format === 'json') {
    io.stdout.write(renderExplainJson(matches, lines));
  } else if (matches.length > 0) {
    io.stdout.write(renderExplainText(matches));
  }
  if (matches.length === 0) {
    if (parsed.format === 'text') {
      io.stderr.write(
        `cni-migrate: no known CNI error found in the input (${lines} line${lines === 1 ? '' : 's'} read).\n` +
          'Paste the full error line from the kubelet, containerd or CRI-O log, or run `cni-migrate check` on the CNI config directory.\n',
      );
    }
    return EXIT.findings;
  }
  return EXIT.ok;
}

function usage(io: CliIO, message: string): number {
  io.stderr.write(`cni-migrate: ${printable(message)}\nRun 'cni-migrate explain --help' for usage.\n`);
  return EXIT.usage;
}

const MAX_EXCERPT = 240;
const excerpt = (s: string): string => (s.length > MAX_EXCERPT ? `${s.slice(0, MAX_EXCERPT - 1)}…` : s);

/** Plain text, in the layout of src/render/text.ts: a heading line, then indented details; the pasted text shown printable. */
export function renderExplainText(matches: readonly ExplainMatch[]): string {
  const blocks = matches.map((m) => {
    const seen = m.count > 1 ? ` (seen ${m.count} times)` : '';
    const lines = [
      `line ${m.line}${seen}: ${excerpt(m.text)}`,
      `  ${m.id}: ${m.entry.title}`,
      `  What it means: ${m.meaning}`,
      `  Why: ${m.cause}`,
      `  Fix: ${m.fix}`,
      ...m.hints.map((h) => `  Note: ${h}`),
      m.entry.codes.length
        ? `  Related codes: ${m.entry.codes.map((c) => `${c} (${DIAGNOSTIC_CODES[c].title})`).join('; ')}`
        : '  Related codes: none (cni-migrate check does not detect this cause)',
      `  Sources (${m.entry.confidence}): ${m.entry.references.join('; ')}`,
    ];
    return lines.map(printable).join('\n');
  });
  const occurrences = matches.reduce((n, m) => n + m.count, 0);
  const summary = `${matches.length} known CNI error${matches.length === 1 ? '' : 's'} recognised${occurrences > matches.length ? ` (${occurrences} occurrences)` : ''}\n`;
  return `${blocks.join('\n\n')}\n\n${summary}`;
}

export interface ExplainJsonMatch {
  readonly id: string;
  readonly title: string;
  readonly line: number;
  readonly count: number;
  readonly text: string;
  readonly captures: Readonly<Record<string, string>>;
  readonly meaning: string;
  readonly cause: string;
  readonly fix: string;
  readonly hints: readonly string[];
  readonly codes: readonly string[];
  readonly confidence: string;
  readonly references: readonly string[];
}

export interface ExplainJsonReport {
  readonly command: 'explain';
  readonly matches: readonly ExplainJsonMatch[];
  readonly summary: { readonly lines: number; readonly recognised: number; readonly occurrences: number };
}

export function renderExplainJson(matches: readonly ExplainMatch[], lines: number): string {
  const report: ExplainJsonReport = {
    command: 'explain',
    matches: matches.map((m) => ({
      id: m.id,
      title: m.entry.title,
      line: m.line,
      count: m.count,
      text: m.text,
      captures: m.captures,
      meaning: m.meaning,
      cause: m.cause,
      fix: m.fix,
      hints: m.hints,
      codes: m.entry.codes,
      confidence: m.entry.confidence,
      references: m.entry.references,
    })),
    summary: { lines, recognised: matches.length, occurrences: matches.reduce((n, m) => n + m.count, 0) },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
