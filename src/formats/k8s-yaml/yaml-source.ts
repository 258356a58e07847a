/**
 * A YAML text as the parser reads it: a template's directives masked (same offsets), with what
 * is needed to read each string back from the text as written (formats/template-files.ts).
 */
import { hasDirectives } from '../../network/prepare.js';
import { maskDirectives, type Directive } from '../template-files.js';

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

/**
 * The index of the first directive for which `before` is false. Directives are sorted and do not
 * overlap, so `before` (on their start or their end) holds for a prefix of them.
 */
function firstNotBefore(directives: readonly Directive[], before: (d: Directive) => boolean): number {
  let lo = 0;
  let hi = directives.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(directives[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a directive starts in [from, to). */
export function directivesWithin(directives: readonly Directive[], from: number, to: number): boolean {
  const first = directives[firstNotBefore(directives, (d) => d.offset < from)];
  return first !== undefined && first.offset < to;
}

/** The directives that start in [from, to), in order. */
export function directivesIn(directives: readonly Directive[], from: number, to: number): Directive[] {
  const out: Directive[] = [];
  for (let i = firstNotBefore(directives, (d) => d.offset < from); i < directives.length && directives[i]!.offset < to; i++) out.push(directives[i]!);
  return out;
}

/** The directive that covers file offset `at`. */
export function directiveAt(directives: readonly Directive[], at: number): Directive | undefined {
  const first = directives[firstNotBefore(directives, (d) => d.offset + d.length <= at)];
  return first !== undefined && first.offset <= at ? first : undefined;
}
