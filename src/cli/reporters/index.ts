/** The output formats (`--format`), each one reporter. */
import type { CommandOptions } from '../args.js';
import type { CliIO } from '../run.js';
import { githubReporter } from './github.js';
import { compactReporter } from './compact.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { namesReporter } from './names.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { findingsStream } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

type Format = CommandOptions['format'];

const REPORTERS: Readonly<
  Record<
    Format,
    {
      readonly make: (context: ReporterContext) => Reporter;
      readonly ownsStdout: boolean;
    }
  >
> = {
  text: { make: textReporter, ownsStdout: false },
  json: { make: jsonReporter, ownsStdout: true },
  sarif: { make: sarifReporter, ownsStdout: true },
  github: { make: githubReporter, ownsStdout: true },
  markdown: { make: markdownReporter, ownsStdout: true },
  names: { make: namesReporter, ownsStdout: true },
};

/**
 * The reporter for the run's --format. Colour follows the stream its human-readable lines go to:
 * the findings stream for text, stderr for the formats whose stdout is the log.
 */
export function reporterFor(options: CommandOptions, io: CliIO): Reporter {
  const entry = REPORTERS[options.format];
  const stream = entry.ownsStdout ? io.stderr : findingsStream({ options, io });
  // --compact is a shape of the text report (args.ts refuses it with any other format).
  const make = options.compact && options.format === 'text' ? compactReporter : entry.make;
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
