/**
 * The `yaml` package as the library and the tests load it: with everything else, at import. The
 * CLI's bundle replaces this module with src/cli/yaml-package-on-demand.ts (scripts/build-cli.mjs),
 * which loads the package the first time a YAML text is read.
 */
import * as Yaml from 'yaml';

export function yamlPackage(): typeof Yaml {
  return Yaml;
}
