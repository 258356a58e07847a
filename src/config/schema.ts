/**
 * The JSON Schema of the project configuration, published as docs/config.schema.json for editor
 * completion (`# yaml-language-server: $schema=...`). The checker (validate.ts) says the same in
 * words with line numbers; a test holds the two to the same verdicts.
 */
import { SPEC_VERSIONS } from '../core/spec-versions.js';

/** As resolveRuntime reads a runtime (knowledge/runtime.ts). */
const RUNTIME_PATTERN = '^(containerd|cri-o|crio)@v?[0-9]+\\.[0-9]+(\\.[0-9]+)?$';

const stringList = (description: string) => ({
  description,
  type: 'array',
  items: { type: 'string', minLength: 1 },
});

const globs = (description: string) => ({
  description,
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  ],
});

/** The keys the top level and an `overrides` entry share: what files are judged against. */
const SETTINGS = {
  runtime: {
    description: 'The runtime the files must work on, as --runtime takes it: containerd@1.7.0, cri-o@1.31.0.',
    type: 'string',
    pattern: RUNTIME_PATTERN,
  },
  runtimes: {
    description: 'A fleet mid-upgrade: every runtime the files must work on. cniVersion is the newest all of them and all plugins accept.',
    type: 'array',
    items: { type: 'string', pattern: RUNTIME_PATTERN },
    minItems: 1,
  },
  plugins: {
    description: 'Plugin facts and releases, as --plugin takes them: a list ("cni-plugins@1.6.0", "bridge=0.4.0,1.0.0"), or a mapping of a project or plugin type to its release ("cni-plugins: 1.6.0") or to the versions it accepts (a list).',
    anyOf: [
      { type: 'array', items: { type: 'string', minLength: 1 } },
      {
        type: 'object',
        additionalProperties: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', items: { type: 'string', enum: [...SPEC_VERSIONS] }, minItems: 1 },
          ],
        },
      },
    ],
  },
  targetVersion: {
    description: 'Ask for this cniVersion wherever every plugin and runtime accept it.',
    type: 'string',
    enum: [...SPEC_VERSIONS],
  },
  cniVersions: {
    description: 'Write "cniVersions" in network lists for the runtimes that read it (libcni v1.2.0+: containerd 2.x, CRI-O 1.31+), keeping cniVersion at what the oldest runtime accepts.',
    type: 'boolean',
  },
  matrix: {
    description: 'A compatibility-matrix file (JSON or YAML) adding or overriding plugin and runtime facts, relative to this file.',
    type: 'string',
    minLength: 1,
  },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/cni-migrate/cni-migrate/blob/main/docs/config.schema.json',
  title: 'cni-migrate project configuration',
  description: 'Settings for cni-migrate runs on the files under the directory of this file (.cni-migrate.yaml, .cni-migrate.json, or the "cni-migrate" key of package.json). Command-line flags override them. Reference: docs/configuration.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    ...SETTINGS,
    failOn: {
      description: 'Which findings make the exit code 1 (run-wide).',
      type: 'string',
      enum: ['error', 'warning', 'never'],
    },
    include: stringList('Globs added to directory walks, as --include (run-wide).'),
    exclude: stringList('Globs removed from directory walks, as --exclude (run-wide).'),
    nodeDirs: stringList('Globs of directories, relative to this file, that are node config directories besides those named net.d (run-wide).'),
    overrides: {
      description: 'Settings for the files matching `files` (globs relative to this file); entries apply in order, later ones winning. `name` names the node group in reports.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          files: globs('Globs of the files this entry applies to, relative to this file: nodes/gpu/**.'),
          excludeFiles: globs('Globs of files the entry does not apply to, though `files` matches them.'),
          name: { description: 'The node group these files form, as reports name it.', type: 'string', minLength: 1 },
          ...SETTINGS,
        },
      },
    },
  },
} as const;
