/**
 * What the project uses of the `yaml` package, each a function that reaches the package when
 * called, never at import: the CLI loads the package only when a run reads YAML
 * (yaml-package.ts). Every module takes the package's values from here; types come from it directly.
 */
import type * as Yaml from 'yaml';
import { yamlPackage } from './yaml-package.js';

export const isAlias = ((node: unknown) => yamlPackage().isAlias(node)) as typeof Yaml.isAlias;
export const isMap = ((node: unknown) => yamlPackage().isMap(node)) as typeof Yaml.isMap;
export const isPair = ((node: unknown) => yamlPackage().isPair(node)) as typeof Yaml.isPair;
export const isScalar = ((node: unknown) => yamlPackage().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => yamlPackage().isSeq(node)) as typeof Yaml.isSeq;
export const visit: typeof Yaml.visit = ((node: Parameters<typeof Yaml.visit>[0], visitor: Parameters<typeof Yaml.visit>[1]) => yamlPackage().visit(node, visitor)) as typeof Yaml.visit;
export const parse: typeof Yaml.parse = ((...args: Parameters<typeof Yaml.parse>) => yamlPackage().parse(...args)) as typeof Yaml.parse;
export const parseAllDocuments: typeof Yaml.parseAllDocuments = ((...args: Parameters<typeof Yaml.parseAllDocuments>) => yamlPackage().parseAllDocuments(...args)) as typeof Yaml.parseAllDocuments;
export const parseDocument: typeof Yaml.parseDocument = ((...args: Parameters<typeof Yaml.parseDocument>) => yamlPackage().parseDocument(...args)) as typeof Yaml.parseDocument;

/** A new LineCounter (the class is the package's). */
export function lineCounter(): Yaml.LineCounter {
  return new (yamlPackage().LineCounter)();
}
