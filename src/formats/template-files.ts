/**
 * Template files: a CNI config kept as a Jinja template (`10-calico.conflist.j2`, kubespray's
 * `cni-calico.conflist.j2`, `calico-config.yml.j2`), a Go template (`.tmpl`, `.gotmpl`, `.tpl`,
 * `.template`: kops's `k8s-1.16.yaml.template`, containerd's `cni.template`),
 * is read as the file it renders to, with its directives masked (network/prepare.ts, k8s-yaml).
 * A suffix names the template language, the name before it the rendered file's kind.
 */
import { directiveClosing, directiveEnd, forwardFinder } from '../network/prepare.js';

/** Suffixes of template files; a directory walk offers these files to the formats too. */
export const TEMPLATE_SUFFIXES = ['.j2', '.jinja', '.jinja2', '.tpl', '.tmpl', '.gotmpl', '.gtpl', '.template', '.tftpl'] as const;

export const TEMPLATE_PATTERNS: readonly string[] = TEMPLATE_SUFFIXES.map((s) => `**/*${s}`);

const SUFFIX = /\.(j2|jinja2?|tpl|tmpl|gotmpl|gtpl|template|tftpl)$/i;
const RENDERED_KIND = /\.(conflist|conf|json|ya?ml|tf)$/i;
/**
 * A rendered name that says it is something else: a template of a script or of another program's
 * configuration (openstack-helm's `_helm-tests.sh.tpl`, which greps for `"type":`) is read as what
 * it renders to, which no format reads, not as YAML.
 */
const OTHER_KIND = /\.(sh|bash|zsh|ps1|psm1|bat|cmd|py|rb|pl|lua|go|rs|js|ts|hcl|toml|ini|cfg|properties|env|xml|html?|md|rst|txt|service|socket|timer|csv|sql)$/i;

/** Whether a file's name says what it is (a CNI config's or manifest's extension, or a template suffix). */
export function namesAKind(path: string): boolean {
  return SUFFIX.test(path) || RENDERED_KIND.test(path);
}

/**
 * The path a file is read as: its own, or for a template the rendered file's name. A template
 * whose name does not say what it renders to (`cni.j2`, `_helpers.tpl`) is read as JSON when it
 * starts like a JSON object and as YAML otherwise.
 */
export function readingPath(path: string, text: string): string {
  if (!namesAKind(path)) return startsLikeJsonObject(text) ? `${path}.json` : startsLikeManifest(text) ? `${path}.yaml` : path;
  const [asJsonOrOnly, asYaml] = readingPaths(path);
  return asYaml === undefined || startsLikeJsonObject(text) ? asJsonOrOnly! : asYaml;
}

/**
 * Every path `readingPath` may give a file of this path, whatever it holds: its one, or `.json`
 * and `.yaml`. A name that says no kind at all (a file named on the command line or matched by
 * `--include`: kops's rendered addons, `…-k8s-1.25_content`, a test's `chained.golden`) is read
 * as JSON when it starts as a JSON object (a config, or a Kubernetes object holding one), as YAML
 * when it starts as a Kubernetes manifest does, and as it is otherwise (which reads nothing).
 */
export function readingPaths(path: string): readonly string[] {
  if (!SUFFIX.test(path)) return RENDERED_KIND.test(path) ? [path] : [path, `${path}.json`, `${path}.yaml`];
  const rendered = path.replace(SUFFIX, '');
  return RENDERED_KIND.test(rendered) || OTHER_KIND.test(rendered) ? [rendered] : [`${rendered}.json`, `${rendered}.yaml`];
}

/**
 * Whether the text starts as a Kubernetes manifest: its first line past blank and comment lines
 * and document markers is a top-level `apiVersion:` or `kind:`. A shell script, whose heredocs
 * may hold a manifest further down, does not: it is not YAML, and is never read as YAML.
 */
function startsLikeManifest(text: string): boolean {
  for (const line of text.slice(0, 4096).split('\n')) {
    const bare = line.replace(/^\ufeff/, '').trimEnd();
    if (bare === '' || bare.startsWith('#') || /^---(\s|$)/.test(bare)) continue;
    return /^(apiVersion|kind)[ \t]*:/.test(bare);
  }
  return false;
}

/** Whether the first thing in the text, past white space, comments and directives, is `{`. */
function startsLikeJsonObject(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\ufeff') {
      i++;
      continue;
    }
    const closing = directiveClosing(text, i);
    if (!closing) return c === '{';
    const end = directiveEnd(text, i, closing, (needle, from) => text.indexOf(needle, from));
    if (end === -1) return false;
    i = end + 2;
  }
  return false;
}

/** A directive of Go templates (`{{ … }}`) or Jinja (`{{ … }}`, `{% … %}`, `{# … #}`). */
export interface Directive {
  readonly offset: number;
  readonly length: number;
}

/**
 * The text with every template directive masked (line breaks kept), so a YAML parser reads the
 * literal structure around them and every offset stays the same. A directive alone on its line
 * (`{{- if .Values.x }}`) becomes spaces; one inside other text (`name: {{ .Release.Name }}-cni`)
 * becomes underscores, so the text around it stays one plain scalar; one right after a quote or a
 * closing bracket becomes spaces too, as no scalar goes on there (kubespray's
 * `command: [ "/opt/bin/flanneld", "--ip-masq"{% if x is defined %}, "--iface={{ x }}"{% endif %} ]`).
 * Linear in the text.
 */
export function maskDirectives(text: string): {
  masked: string;
  directives: Directive[];
} {
  const directives: Directive[] = [];
  const find = forwardFinder(text);
  for (let i = text.indexOf('{'); i !== -1 && i < text.length;) {
    const closing = directiveClosing(text, i);
    const end = closing ? directiveEnd(text, i, closing, find) : -1;
    if (end === -1) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    directives.push({ offset: i, length: end + 2 - i });
    i = text.indexOf('{', end + 2);
  }
  if (directives.length === 0) return { masked: text, directives };
  const alone = aloneOnTheirLines(text, directives);
  const parts: string[] = [];
  let copied = 0;
  let blankBefore = false;
  directives.forEach((d, k) => {
    // Right after another directive, as that one: `"--iface={{ x }}"{% endif %}{% if y %}`.
    const before = d.offset > copied || k === 0 ? text[d.offset - 1] : undefined;
    const blank = alone[k] || (before === undefined ? blankBefore : before === '"' || before === "'" || before === ']' || before === '}');
    blankBefore = blank;
    parts.push(text.slice(copied, d.offset), masked(text.slice(d.offset, d.offset + d.length), blank ? ' ' : '_'));
    copied = d.offset + d.length;
  });
  parts.push(text.slice(copied));
  return { masked: parts.join(''), directives };
}

/** A directive's text as `fill`, its line breaks kept (the same offsets, the same lines). */
function masked(token: string, fill: ' ' | '_'): string {
  return token.includes('\n') || token.includes('\r') ? token.replace(/[^\r\n]/g, fill) : fill.repeat(token.length);
}

/**
 * The masked text with a `#` put on each line that only directives made blank and that is longer
 * than the indentation of the next line with text, at that indentation. Such a line as spaces can
 * be read as a block scalar's leading empty line more indented than its first line, which YAML
 * refuses (`content: |` then `    {{ .Config }}` then `    #EOF`, aks-engine's cloud-init); with
 * the `#` it is a line of the block, or a comment outside one. Same length and offsets; meant for
 * a second reading of a document the spaces alone leave unreadable.
 */
export function markLongBlankLines(text: string, masked: string): string {
  if (masked === text) return masked;
  const lines = masked.split('\n');
  const original = text.split('\n');
  let nextIndent = -1; // indentation of the next line with text, -1 when none follows
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const width = line.endsWith('\r') ? line.length - 1 : line.length;
    if (/\S/.test(line)) {
      nextIndent = line.length - line.trimStart().length;
      continue;
    }
    if (nextIndent < 0 || width <= nextIndent || !/\S/.test(original[i]!) || !/^ *$/.test(line.slice(0, nextIndent))) continue;
    lines[i] = `${line.slice(0, nextIndent)}#${line.slice(nextIndent + 1)}`;
  }
  return lines.join('\n');
}

/**
 * For each directive, whether its lines hold nothing but white space and directives
 * (`{{end}}{{if .Mode}}` on a line of its own). Each run of such lines is scanned once: directives
 * come in order, so those that share their lines follow one another.
 */
function aloneOnTheirLines(text: string, directives: readonly Directive[]): boolean[] {
  const out: boolean[] = [];
  let k = 0; // first directive that may lie in the span being scanned
  let lastFrom = -1;
  let lastTo = -1;
  let lastKnown = false;
  for (const d of directives) {
    const from = text.lastIndexOf('\n', d.offset - 1) + 1;
    let to = text.indexOf('\n', d.offset + d.length);
    if (to === -1) to = text.length;
    if (from !== lastFrom || to !== lastTo) {
      while (k < directives.length && directives[k]!.offset + directives[k]!.length <= from) k++;
      let known = true;
      let j = k;
      for (let i = from; i < to && known;) {
        const next = directives[j];
        if (next && i >= next.offset) {
          i = Math.max(i, next.offset + next.length);
          j++;
        } else {
          const c = text.charCodeAt(i);
          if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
          else known = false;
        }
      }
      [lastFrom, lastTo, lastKnown] = [from, to, known];
    }
    out.push(lastKnown);
  }
  return out;
}

/** What TEMPLATE_NOT_PARSED says of a config that one directive or placeholder writes whole (a long one cut short). */
export function writtenWhole(token: string): string {
  return `the whole config is written by the template (${token.length > 60 ? `${token.slice(0, 57)}...` : token})`;
}

/**
 * Jinja (`{%`, `{#`, Ansible/kubespray), Terraform (`%{ if … }`, templatefile) or Go templates
 * (Helm); Jinja and Go write `{{ … }}`. A shell's `${#array[@]}` is no Jinja comment.
 */
export function templateSyntax(text: string, templateName?: string): string {
  const bySuffix = templateName === undefined ? undefined : SYNTAX_BY_SUFFIX.find(([suffix]) => suffix.test(templateName))?.[1];
  return bySuffix ?? (text.includes('{%') || JINJA_COMMENT.test(text) ? 'Jinja' : TERRAFORM_DIRECTIVE.test(text) ? 'Terraform' : 'Go/Helm');
}

/** A template's suffix that says its language, where its text may not (`{{ x }}` is Jinja and Go alike). */
const SYNTAX_BY_SUFFIX: readonly (readonly [RegExp, string])[] = [
  [/\.(j2|jinja2?)$/i, 'Jinja'],
  [/\.tftpl$/i, 'Terraform'],
  [/\.(gotmpl|gtpl)$/i, 'Go/Helm'],
];

const JINJA_COMMENT = /(^|[^$])\{#/;

/** A Terraform template directive (`%{ if enable ~}`, `%{ for x in xs }`, `%{ endif }`), which says a template is Terraform's (prepareJson masks them). */
export const TERRAFORM_DIRECTIVE = /%\{~?\s*(?:if|else|endif|for|endfor)\b/;

/** `"cniVersion": "…"` / `cniVersion: …` members in a span of text, outside comment lines, with their lines and values as written. */
export function literalVersions(text: string, start: number, end: number): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const member = /^([^#\n]*?)["']?cniVersion\\?["']?[ \t]*:[ \t]*([^\n]*)/gm;
  const body = text.slice(start, end);
  let line = 1;
  let counted = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
  for (let m = member.exec(body); m; m = member.exec(body)) {
    if (/^\s*(\/\/|\{#)/.test(m[1]!)) continue;
    for (let i = body.indexOf('\n', counted); i !== -1 && i < m.index; i = body.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    out.push({ value: valueAsWritten(m[2]!), line });
  }
  return out;
}

/** The value at the start of `rest`: a quoted string (escaped quotes too) without its quotes, or a bare token. */
function valueAsWritten(rest: string): string {
  const quoted = /^(\\?)(["'])(.*?)\1\2/.exec(rest);
  if (quoted) return quoted[3]!;
  return /^[^\s,}\]]*/.exec(rest)![0];
}
