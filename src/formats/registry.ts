/**
 * Formats in the order they are tried; the first that claims a file plans it. Specific formats
 * must come before generic ones.
 */
import { cniJson } from './cni-json/index.js';
import type { FormatModule } from './types.js';

export const FORMATS: readonly FormatModule<never>[] = [cniJson as FormatModule<never>];
