/** `--format github`: GitHub Actions workflow annotations on stdout; the summary on stderr. */
import { annotationLine, githubAnnotations } from '../../render/github.js';
import { renderSummary } from '../../render/text.js';
import type { Reporter, ReporterContext } from './reporter.js';

export function githubReporter(context: ReporterContext): Reporter {
  const { io, options } = context;
  return {
    file({ file, findings }) {
      io.stdout.write(githubAnnotations(file.display, findings));
    },
    notProcessed(file, message) {
      io.stdout.write(annotationLine({ level: 'error', message, file: file.display }));
    },
    notice() {},
    loadOrder({ findings }) {
      for (const [path, list] of findings) io.stdout.write(githubAnnotations(path, list));
    },
    finish({ totals }) {
      io.stderr.write(renderSummary(totals, options.command, { color: context.color }));
    },
  };
}
