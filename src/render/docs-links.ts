/**
 * Web addresses of the project's documentation, for reports read away from the package (a pull
 * request comment, a code-scanning alert). The one place the project's home is named: a test
 * holds it equal to package.json's `repository`, and every link's anchor to a heading of the doc.
 */
import type { DiagnosticCode } from '../core/diagnostics.js';

/** The project's repository, as package.json's `repository.url` names it. */
export const PROJECT_URL = 'https://github.com/cni-migrate/cni-migrate';

/** docs/diagnostics.md on the default branch. */
export const DIAGNOSTICS_DOC_URL = `${PROJECT_URL}/blob/main/docs/diagnostics.md`;

/**
 * The anchor GitHub gives a heading: lower case, punctuation other than `-` and `_` dropped,
 * spaces made hyphens (`## JSON_PARSE_ERROR` → `json_parse_error`).
 */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The section of docs/diagnostics.md that explains a code (its `## CODE` heading). */
export function diagnosticDocUrl(code: DiagnosticCode): string {
  return `${DIAGNOSTICS_DOC_URL}#${headingAnchor(code)}`;
}
