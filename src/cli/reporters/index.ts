/** The output formats (`--format`), each one reporter. */
import type { CommandOptions } from '../args.js';
import type { CliIO } from '../run.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
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
  names: { make: namesReporter, ownsStdout: true },
};

/**
 * The reporter for the run's --format. Colour follows the stream its human-readable lines go to:
 * the findings stream for text, stderr for the formats whose stdout is the log.
 */
export function reporterFor(options: CommandOptions, io: CliIO): Reporter {
  const entry = REPORTERS[options.format];
  const stream = entry.ownsStdout ? io.stderr : findingsStream({ options, io });
  const color = options.color ?? (Boolean(stream.isTTY) && !io.env.NO_COLOR);
  return entry.make({ options, io, color });
}
