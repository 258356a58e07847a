/**
 * A YAML text as the parser reads it: a template's directives masked (same offsets), with what
 * is needed to read each string back from the text as written (formats/template-files.ts).
 */
import { hasDirectives, maskDirectives, type Directive } from '../template-files.js';

/**
 * The file as the YAML parser reads it: a template's directives masked as white space (same
 * offsets), so the literal YAML around them is read. Strings are decoded from the file as written
 * (`unmask`), so a templated value inside a CNI config is still seen as one.
 */
export interface YamlSource {
  readonly text: string;
  /** `text`, or the same with every template directive replaced by spaces. */
  readonly parsed: string;
  readonly templated: boolean;
  /** The masked directives, by offset. */
  readonly directives: readonly Directive[];
}

export function yamlSource(text: string): YamlSource {
  if (!hasDirectives(text)) return { text, parsed: text, templated: false, directives: [] };
  const { masked, directives } = maskDirectives(text);
  return { text, parsed: masked, templated: directives.length > 0, directives };
}

/** Whether a directive starts in [from, to). */
export function directivesWithin(directives: readonly Directive[], from: number, to: number): boolean {
  let lo = 0;
  let hi = directives.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (directives[mid]!.offset < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < directives.length && directives[lo]!.offset < to;
}

/** The directive that covers file offset `at` (directives are sorted and do not overlap). */
export function directiveAt(directives: readonly Directive[], at: number): Directive | undefined {
  let lo = 0;
  let hi = directives.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = directives[mid]!;
    if (at < d.offset) hi = mid - 1;
    else if (at >= d.offset + d.length) lo = mid + 1;
    else return d;
  }
  return undefined;
}

