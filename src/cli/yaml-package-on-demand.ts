/**
 * The `yaml` package for the CLI's bundle (it replaces src/formats/yaml-package.ts there): loaded
 * the first time a YAML text goes to the parser. A pre-commit hook checking a conflist never
 * parses one, nor does a check of manifests in plain block style (formats/k8s-yaml/block-yaml.ts),
 * and the package is a quarter of the code the CLI would otherwise evaluate at start. A `require`,
 * not an `import()`, so the formats stay synchronous: the bundle keeps the package's code and
 * runs it on first use.
 */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlPackage(): typeof Yaml {
  // The bundle is CommonJS (scripts/build-cli.mjs); esbuild bundles the package and runs it on first require.
  return (loaded ??= require('yaml') as typeof Yaml);
}
