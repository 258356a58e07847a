/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=CODE::message` line
 * per finding, which the runner turns into an annotation on the file. Pure.
 * Reference: GitHub docs "Workflow commands for GitHub Actions"; actions/toolkit
 * packages/core/src/command.ts (escapeData, escapeProperty).
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { Severity } from '../core/types.js';
import { formatDiagnostic } from './messages.js';
import { printableKeepingLineBreaks } from './terminal.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { error: 'error', warning: 'warning', info: 'notice' };

export function annotationLevel(severity: Severity): AnnotationLevel {
  return LEVEL[severity];
}

/**
 * The message part: `%`, CR and LF would end or corrupt the command, and are encoded as the runner
 * decodes them. Other control characters have no encoding there; they are written as visible
 * escapes (terminal.ts), so a quoted file name or plugin type cannot drive the log's terminal.
 */
export function escapeData(s: string): string {
  return printableKeepingLineBreaks(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, and also `:` and `,`, which separate the properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly title?: string;
}

/** One workflow command line, newline included. */
export function annotationLine(a: Annotation): string {
  const props: [string, string | number | undefined][] = [
    ['file', a.file],
    ['line', a.line],
    ['col', a.col],
    ['title', a.title],
  ];
  const shown = props.filter((p): p is [string, string | number] => p[1] !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${a.level}${shown.length ? ` ${shown.join(',')}` : ''}::${escapeData(a.message)}\n`;
}

/** A file's findings as annotation lines; `path` is relative to the working directory (the workspace in CI). */
export function githubAnnotations(path: string, findings: readonly Diagnostic[]): string {
  return findings
    .map((d) =>
      annotationLine({
        level: annotationLevel(d.severity),
        message: formatDiagnostic(d),
        file: path,
        ...(d.position ? { line: d.position.line, col: d.position.column } : {}),
        title: d.code,
      }),
    )
    .join('');
}
