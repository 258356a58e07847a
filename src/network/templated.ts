/**
 * Values a template fills in when it is rendered: Helm/Go and Jinja expressions, envsubst and
 * shell variables, and `__X__` placeholders. A `cniVersion` written this way is the template's
 * parameter; editing it would drop the parameter, so it is reported and never changed.
 * Reference: Helm `{{ .Values.x }}`, Jinja `{{ x }}` / `{% … %}`, GNU envsubst `${X}` / `$X`,
 * Calico install-cni `__X__` placeholders (cni-plugin/pkg/install/install.go).
 */
import type { Node } from 'jsonc-parser';
import type { Placeholder, PreparedJson } from './prepare.js';
import type { PluginRole } from '../core/types.js';

/**
 * Substitution syntaxes of the tools that render config files, each a token no CNI version or
 * plugin type can contain: Go/Helm and Jinja `{{ }}`/`{% %}`, Go templates with other delimiters
 * (`[[ .V ]]`, Nomad/Levant), shell and envsubst `$V`/`${V}`, Make and Azure Pipelines `$(V)`,
 * ERB `<%= @v %>`, Ruby and Octopus `#{v}`, autoconf `@V@` (GKE netd's `@v`), Windows `%V%`, and `__V__` placeholders.
 */
const SUBSTITUTIONS: readonly RegExp[] = [
  /\{\{|\{%/,
  /\[\[.*\]\]/,
  /\$\{?[A-Za-z_][A-Za-z0-9_]*/,
  /\$\([A-Za-z_][A-Za-z0-9_.]*\)/,
  /<%/,
  /#\{[^}]*\}/,
  /^@[A-Za-z_][A-Za-z0-9_]*@?$/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/,
  /^__[A-Za-z0-9_]+__$/,
];

/** Template syntax inside a JSON string value (`"{{ .Values.cni.version }}"`, `"$CNI_VERSION"`). */
export function isTemplatedString(value: string): boolean {
  return SUBSTITUTIONS.some((pattern) => pattern.test(value));
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

/** Go template actions that choose or repeat text and write nothing of their own. */
const CONTROL = /^\{\{-?\s*(if|else|end|range|with|define|block|break|continue|\/\*|\$[\w]*\s*:?=)/;

/** `{{ .Values.plugins | toJson }}` writes text; `{{- if .x }}`, `{% for %}` and `{# #}` do not. */
export function writesText(token: string): boolean {
  return token.startsWith('{{') && !CONTROL.test(token);
}

/** Members whose value names plugins: a directive there supplies plugins the text does not show. */
const PLUGIN_KEYS = new Set(['plugins', 'type', 'ipam', 'delegate', 'delegates']);

/**
 * Directives that write plugins into a network: the value of `plugins`, `type`, `ipam` or
 * `delegate` (`"plugins": {{ .Values.plugins | toJson }}`), an entry of its `plugins` list
 * (`[ {{ plugin | to_json }}, … ]`), or members of a plugin's object (the SR-IOV operator's
 * `"type": "sriov", {{.SriovCniIpam}}`, which renders `"ipam": {…}`). Which plugins run is then
 * known only once rendered.
 */
export function pluginDirectives(prepared: PreparedJson, root: Node, pluginsNode: Node | undefined): (Placeholder & { readonly role: PluginRole })[] {
  const { masked } = prepared;
  const inside = (node: Node | undefined, at: number): boolean => node !== undefined && at > node.offset && at < node.offset + node.length;
  const out: (Placeholder & { readonly role: PluginRole })[] = [];
  for (const d of [...prepared.directives, ...(prepared.folded ?? [])]) {
    if (!writesText(d.token) || !inside(root, d.offset)) continue;
    let i = d.offset - 1;
    while (i >= 0 && /\s/.test(masked[i]!)) i--;
    const c = masked[i];
    if (c === ':') {
      let k = i - 1;
      while (k >= 0 && /\s/.test(masked[k]!)) k--;
      const end = k;
      if (masked[end] !== '"') continue;
      const open = masked.lastIndexOf('"', end - 1);
      const key = masked.slice(open + 1, end);
      // `"ipam": {{ .IPAMConfig }}` writes the IPAM plugin, `"delegate": …` the delegate.
      if (PLUGIN_KEYS.has(key)) out.push({ ...d, role: key === 'ipam' || key === 'delegate' ? key : 'plugin' });
    } else if ((c === '[' || c === ',') && inside(pluginsNode, d.offset)) {
      // An entry of the list itself, or members written into one of its plugins.
      const entry = (pluginsNode!.children ?? []).find((p) => inside(p, d.offset));
      if (!entry || writesMembers(entry, d)) out.push({ ...d, role: 'plugin' });
    } else if ((c === '{' || c === ',') && !pluginsNode && writesMembers(root, d)) {
      // Members written into a single config (`"type": "sriov", {{.SriovCniIpam}}`).
      out.push({ ...d, role: 'plugin' });
    }
  }
  return out;

  /**
   * Whether `d` stands where a member of the plugin object `owner` stands (not inside one of its
   * values): it may write `"ipam": {…}` or `"type"`, so the plugins that run are the template's.
   */
  function writesMembers(owner: Node, d: Placeholder): boolean {
    return owner.type === 'object' && (owner.children ?? []).every((member) => !inside(member, d.offset) && member.offset !== d.offset);
  }
}
