/**
 * Values a template fills in when it is rendered: Helm/Go and Jinja expressions, envsubst and
 * shell variables, and `__X__` placeholders. A `cniVersion` written this way is the template's
 * parameter; editing it would drop the parameter, so it is reported and never changed.
 * Reference: Helm `{{ .Values.x }}`, Jinja `{{ x }}` / `{% … %}`, GNU envsubst `${X}` / `$X`,
 * Calico install-cni `__X__` placeholders (cni-plugin/pkg/install/install.go).
 */
import type { Node } from 'jsonc-parser';
import type { PreparedJson } from './prepare.js';

/** Template syntax inside a JSON string value (`"{{ .Values.cni.version }}"`, `"$CNI_VERSION"`). */
export function isTemplatedString(value: string): boolean {
  if (value.includes('{{') || value.includes('{%')) return true;
  if (value.includes('$') && /\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(value)) return true;
  return /^__[A-Za-z0-9_]+__$/.test(value);
}

/**
 * The template text of a member's value, or null when the value is written literally.
 * `prop` is the member (`"cniVersion": …`) in the tree parsed from `prepared.masked`: a directive
 * outside a string was masked as white space (the member then has no value node), and a bare
 * placeholder was masked as a string of its length (the original has no quote there).
 */
export function templatedValue(prop: Node, prepared: PreparedJson): string | null {
  const key = prop.children?.[0];
  const value = prop.children?.[1];
  if (!value) {
    const after = key ? key.offset + key.length : prop.offset;
    const directive = prepared.directives.find((d) => d.offset >= after);
    return directive ? directive.token : null;
  }
  const raw = prepared.text.slice(value.offset, value.offset + value.length);
  if (prepared.placeholders.some((p) => p.offset === value.offset)) return raw;
  if (value.type === 'string' && isTemplatedString(value.value as string)) return raw;
  // A directive directly after a literal (`"cniVersion": {{ .V }}` rendered into a longer value).
  return null;
}
