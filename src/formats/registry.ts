/**
 * Formats in the order they are tried; the first that claims a file plans it. Each claims only
 * its own extensions, so the order matters only for explicit paths with other extensions.
 */
import { cniJson } from './cni-json/index.js';
import { k8sJson } from './k8s-json/index.js';
import { k8sYaml } from './k8s-yaml/index.js';
import { terraform } from './terraform/index.js';
import { TEMPLATE_PATTERNS } from './template-files.js';
import type { FormatModule } from './types.js';

export const FORMATS: readonly FormatModule<never>[] = [
  cniJson as FormatModule<never>,
  k8sJson as FormatModule<never>,
  k8sYaml as FormatModule<never>,
  terraform as FormatModule<never>,
];

/** What a directory walk offers to the formats: their own patterns and template files (template-files.ts). */
export const WALKED_PATTERNS: readonly string[] = [...FORMATS.flatMap((f) => f.patterns), ...TEMPLATE_PATTERNS];
