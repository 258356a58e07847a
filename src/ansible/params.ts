/**
 * The module's arguments, checked the way Ansible's AnsibleModule checks a Python module's: the
 * same conversions (booleans from "yes"/"no", integers from digit strings, `~` and `$VAR` in
 * paths) and the same messages, so a playbook author meets familiar errors.
 * Reference: ansible-core 2.14 module_utils/common/{arg_spec,parameters,validation}.py.
 */
import { homedir } from 'node:os';
import type { FailOn } from '../cli/args.js';

export const MODULE_NAME = 'cni_migrate';

type Kind = 'str' | 'path' | 'bool' | 'int' | 'list';

interface OptionSpec {
  readonly type: Kind;
  readonly required?: boolean;
  readonly default?: string | boolean | readonly string[];
  readonly choices?: readonly string[];
}

/** The options the module takes; ansible/plugins/modules/cni_migrate.yml documents each. */
export const ARGUMENT_SPEC = {
  path: { type: 'path', required: true },
  bin_dir: { type: 'path' },
  runtime: { type: 'str' },
  target_version: { type: 'str' },
  plugins: { type: 'list', default: [] },
  matrix: { type: 'path' },
  backup: { type: 'bool', default: false },
  fail_on: { type: 'str', default: 'error', choices: ['error', 'warning', 'never'] },
  probe_timeout: { type: 'int' },
  include: { type: 'list', default: [] },
  exclude: { type: 'list', default: [] },
  follow_symlinks: { type: 'bool', default: false },
  node_dirs: { type: 'list', default: [] },
  allow_dirty: { type: 'bool', default: false },
  config: { type: 'path' },
  find_config: { type: 'bool', default: true },
  // Read by the action plugin, which removes it; the module sees it only when the plugin is not installed.
  run_on: { type: 'str', choices: ['controller', 'node'] },
} as const satisfies Record<string, OptionSpec>;

export interface ModuleParams {
  readonly path: string;
  readonly bin_dir: string | undefined;
  readonly runtime: string | undefined;
  readonly target_version: string | undefined;
  readonly plugins: readonly string[];
  readonly matrix: string | undefined;
  readonly backup: boolean;
  readonly fail_on: FailOn;
  /** Milliseconds per probed binary. */
  readonly probe_timeout: number | undefined;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly follow_symlinks: boolean;
  /**
   * Globs of directories that are node config directories besides those named `net.d`: relative
   * to `path` (to its folder when it is a file), or absolute.
   */
  readonly node_dirs: readonly string[];
  /** Rewrite files even when git has not recorded all of their content. */
  readonly allow_dirty: boolean;
  /** A project configuration file (docs/configuration.md) for every file. */
  readonly config: string | undefined;
  /** Search up from each file for a project configuration, as the CLI does (not for a staged run). */
  readonly find_config: boolean;
  /** Where the action plugin runs the migration; it never reaches the module but from a task run without the plugin. */
  readonly run_on: 'controller' | 'node' | undefined;
  /** `_ansible_check_mode`: report what would change, write nothing. */
  readonly check_mode: boolean;
  /** `_ansible_diff`: return the before/after of each changed file. */
  readonly diff: boolean;
}

export type ParamsResult = { readonly ok: true; readonly params: ModuleParams } | { readonly ok: false; readonly msg: string };

const BOOLEANS_TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const BOOLEANS_FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** Python's name for a JSON value's type, as Ansible's messages print it. */
function pythonType(value: unknown): string {
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return value === null ? "<class 'NoneType'>" : "<class 'dict'>";
}

/** Ansible's `path` type: `~` and environment variables expanded. */
function expandPath(value: string, env: Readonly<Record<string, string | undefined>>): string {
  const home = value === '~' || value.startsWith('~/') ? (env.HOME ?? homedir()) + value.slice(1) : value;
  return home.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? whole);
}

/** Converts one value to its option's type; a string is the reason it cannot be. */
function convert(kind: Kind, value: unknown, env: Readonly<Record<string, string | undefined>>): { value: unknown } | string {
  switch (kind) {
    case 'str':
    case 'path': {
      if (typeof value === 'object') return `${JSON.stringify(value)} is not a string and conversion is not allowed`;
      const text = String(value);
      return { value: kind === 'path' ? expandPath(text, env) : text };
    }
    case 'bool': {
      if (typeof value === 'boolean') return { value };
      const key = String(value).toLowerCase();
      if ((typeof value === 'string' || typeof value === 'number') && BOOLEANS_TRUE.has(key)) return { value: true };
      if ((typeof value === 'string' || typeof value === 'number') && BOOLEANS_FALSE.has(key)) return { value: false };
      return `The value '${String(value)}' is not a valid boolean.  Valid booleans include: 0, 1, f, false, n, no, off, on, t, true, y, yes`;
    }
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return { value: Number(value) };
      return `${pythonType(value)} cannot be converted to an int`;
    case 'list':
      // Unlike Ansible, a string is one item, never split at commas: a `--plugin` value such as
      // `bridge=0.4.0,1.0.0` has commas of its own.
      if (typeof value === 'string') return { value: [value] };
      if (typeof value === 'number') return { value: [String(value)] };
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { value: value.map(String) };
      return `${pythonType(value)} cannot be converted to a list of strings`;
  }
}

/**
 * Validates the arguments Ansible passed (the JSON of the WANT_JSON file). Unknown options fail,
 * as they do for Python modules; Ansible's internal `_ansible_*` keys are accepted, and
 * `_ansible_check_mode` and `_ansible_diff` are read.
 */
export function parseModuleArgs(args: unknown, env: Readonly<Record<string, string | undefined>> = process.env): ParamsResult {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return { ok: false, msg: 'the module arguments are not a JSON object' };
  const given = args as Record<string, unknown>;
  const spec: Record<string, OptionSpec> = ARGUMENT_SPEC;
  const names = Object.keys(spec).sort();

  const unsupported = Object.keys(given).filter((k) => !k.startsWith('_ansible_') && !(k in spec)).sort();
  if (unsupported.length) {
    return { ok: false, msg: `Unsupported parameters for (${MODULE_NAME}) module: ${unsupported.join(', ')}. Supported parameters include: ${names.join(', ')}.` };
  }
  // An option given as null (`default(omit)` aside, a templated empty value) counts as not given.
  const missing = names.filter((n) => spec[n]?.required && (given[n] === undefined || given[n] === null));
  if (missing.length) return { ok: false, msg: `missing required arguments: ${missing.join(', ')}` };

  const out: Record<string, unknown> = {};
  for (const name of names) {
    const option = spec[name]!;
    const value = given[name];
    if (value === undefined || value === null) {
      out[name] = option.default;
      continue;
    }
    const converted = convert(option.type, value, env);
    if (typeof converted === 'string') {
      return { ok: false, msg: `argument '${name}' is of type ${pythonType(value)} and we were unable to convert to ${option.type}: ${converted}` };
    }
    if (option.choices && !option.choices.includes(converted.value as string)) {
      return { ok: false, msg: `value of ${name} must be one of: ${option.choices.join(', ')}, got: ${String(converted.value)}` };
    }
    out[name] = converted.value;
  }
  if (out.path === '') return { ok: false, msg: 'path must name a file or a directory' };
  if (out.run_on === 'controller') {
    return { ok: false, msg: 'run_on: controller needs the action plugin of the cni_migrate.cni collection, which Ansible did not find; install the collection (docs/ansible.md), or set run_on: node to run the module on the node' };
  }
  if ((out.node_dirs as string[]).some((g) => g.trim() === '')) return { ok: false, msg: 'node_dirs: each item is a glob of directories, such as nodes/*/cni' };
  if (out.probe_timeout !== undefined && (out.probe_timeout as number) <= 0) return { ok: false, msg: 'probe_timeout is a whole number of milliseconds, greater than 0' };

  return {
    ok: true,
    params: { ...(out as Omit<ModuleParams, 'check_mode' | 'diff'>), check_mode: given._ansible_check_mode === true, diff: given._ansible_diff === true },
  };
}
