/**
 * How each front end names the settings a message may point to: the CLI's flags, the Ansible
 * module's parameters, or plain words for the library. The core records which setting applies
 * (structured arguments); the front end says it in its own words, so an Ansible user never reads
 * a CLI flag and a CLI user never reads a parameter name.
 */
export interface Vocabulary {
  /** Requesting a version: `--target-version 1.0.0`. */
  targetVersion(version: string): string;
  /** Stating a plugin fact or release: `--plugin cni-plugins@RELEASE`. */
  plugin(value: string): string;
  /** Probing the plugin binaries of a directory: `--bin-dir`, or with a value `--bin-dir DIR`. */
  binDir(dir?: string): string;
  /** How to write files git has not recorded anyway: `pass --allow-dirty`. */
  allowDirty(): string;
  /** Listing every file, ignore rules or not: `--no-ignore`; null where there is no such setting. */
  noIgnore(): string | null;
  /** The compatibility-matrix file: `--matrix FILE`. */
  matrix(file: string): string;
  /** The runtime the configs must work on: `--runtime`. */
  runtime(): string;
  /** The version a generated config is written with: `--cni-version`. */
  cniVersion(): string;
}

export const CLI_VOCABULARY: Vocabulary = {
  targetVersion: (v) => `--target-version ${v}`,
  plugin: (v) => `--plugin ${v}`,
  binDir: (dir) => (dir ? `--bin-dir ${dir}` : '--bin-dir'),
  allowDirty: () => 'pass --allow-dirty',
  noIgnore: () => '--no-ignore',
  matrix: (file) => `--matrix ${file}`,
  runtime: () => '--runtime',
  cniVersion: () => '--cni-version',
};

/** The cni_migrate module's parameters (ansible/plugins/modules/cni_migrate.yml). */
export const ANSIBLE_VOCABULARY: Vocabulary = {
  targetVersion: (v) => `target_version: ${v}`,
  plugin: (v) => `plugins: ${v}`,
  binDir: (dir) => (dir ? `bin_dir: ${dir}` : 'bin_dir'),
  allowDirty: () => 'set allow_dirty: true',
  noIgnore: () => null,
  matrix: (file) => `matrix: ${file}`,
  runtime: () => 'runtime',
  cniVersion: () => 'cni_version',
};

/** Plain words, for messages a library caller shows as it likes. */
export const PLAIN_VOCABULARY: Vocabulary = {
  targetVersion: (v) => `the target version ${v}`,
  plugin: (v) => `the plugin fact ${v}`,
  binDir: (dir) => `probing ${dir ?? 'the plugin directory'}`,
  allowDirty: () => 'allow writes to files git has not recorded',
  noIgnore: () => 'listing every file',
  matrix: (file) => `the matrix ${file}`,
  runtime: () => 'the runtime',
  cniVersion: () => 'the cniVersion option',
};
