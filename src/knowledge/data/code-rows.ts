/**
 * The rows a data module reads from a project's code at its release tags: the plugin passes a
 * list to skel (`version.All` of the libcni its go.mod pins, or a list of its own), each row
 * `verified (code)` with the lines that say so.
 */
import type { PluginRow } from './compat.js';

export type CodeRow = (releases: string, supportedVersions: readonly string[], source: readonly string[], notes?: string) => PluginRow;

/** A row maker for `project`'s releases. */
export function codeRows(project: string): CodeRow {
  return (releases, supportedVersions, source, notes) => ({ project, releases, supportedVersions, confidence: 'verified (code)', source, ...(notes === undefined ? {} : { notes }) });
}
