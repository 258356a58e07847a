/** The output formats (`--format`), each one reporter. */
import type { CommandOptions } from '../args.js';
import type { CliIO } from '../run.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { findingsStream } from './reporter.js';

type Format = CommandOptions['format'];

const REPORTERS: Readonly<
  Record<
    Format,
    {
      /** Each reporter is loaded when a run asks for it (SARIF's fingerprints load node:crypto). */
      readonly load: () => Promise<(context: ReporterContext) => Reporter>;
      readonly ownsStdout: boolean;
    }
  >
> = {
  text: { load: async () => (await import('./text.js')).textReporter, ownsStdout: false },
  json: { load: async () => (await import('./json.js')).jsonReporter, ownsStdout: true },
  sarif: { load: async () => (await import('./sarif.js')).sarifReporter, ownsStdout: true },
  github: { load: async () => (await import('./github.js')).githubReporter, ownsStdout: true },
  markdown: { load: async () => (await import('./markdown.js')).markdownReporter, ownsStdout: true },
  names: { load: async () => (await import('./names.js')).namesReporter, ownsStdout: true },
};

/**
 * The reporter for the run's --format. Colour follows the stream its human-readable lines go to:
 * the findings stream for text, stderr for the formats whose stdout is the log.
 */
export async function reporterFor(options: CommandOptions, io: CliIO): Promise<Reporter> {
  const entry = REPORTERS[options.format];
  const stream = entry.ownsStdout ? io.stderr : findingsStream({ options, io });
  // --compact is a shape of the text report (args.ts refuses it with any other format).
  const make = options.compact && options.format === 'text' ? (await import('./compact.js')).compactReporter : await entry.load();
  return make({ options, io, color: wantsColor(options, io, stream) });
}

/**
 * Colour for a stream: --color / --no-color, else FORCE_COLOR (set and not "0" or "false": on,
 * as Node's own tools read it), else a terminal without NO_COLOR.
 */
export function wantsColor(options: Pick<CommandOptions, 'color'>, io: Pick<CliIO, 'env'>, stream: { readonly isTTY?: boolean | undefined }): boolean {
  if (options.color !== undefined) return options.color;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && !io.env['NO_COLOR'];
}
