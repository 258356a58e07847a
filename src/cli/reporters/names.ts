/**
 * `-l, --list-different`: only the names of the files that would change (check) or were changed
 * (fix), one a line, as prettier prints them, for scripts and `xargs`. Findings and the summary
 * are left out; what could not be read is still said on stderr, and the exit code is as ever.
 */
import { printable } from '../../render/terminal.js';
import type { Reporter, ReporterContext } from './reporter.js';

export function namesReporter({ io, options }: ReporterContext): Reporter {
  return {
    file({ file, plan, written }) {
      if (plan.changed && (options.command !== 'fix' || written)) io.stdout.write(`${printable(file.display)}\n`);
    },
    notProcessed() {},
    notice() {},
    loadOrder() {},
    finish() {},
  };
}
