/**
 * What to undo when the CLI is interrupted (SIGINT, SIGTERM, SIGHUP): the process groups of the
 * plugins it runs, `verify`'s namespaces and lease directory. Modules register a cleanup for as
 * long as there is something to undo; only the CLI turns the handling on (`exitOnInterrupt`), so
 * the library never takes over a host program's signals. The handlers are installed only while a
 * cleanup is registered: any other time a signal ends the process as it always did.
 *
 * On a signal the cleanups run newest first (the running plugins are killed before the namespaces
 * they run in are deleted), then the process exits with 128 + the signal's number, as a shell
 * reports a command killed by it. A second signal exits at once.
 */
type Cleanup = () => void | Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Their numbers, fixed by POSIX (libuv gives Windows the same): not worth loading node:os at every start for. */
const SIGNAL_NUMBERS: Readonly<Partial<Record<NodeJS.Signals, number>>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const cleanups = new Set<Cleanup>();
let enabled = false;
let installed = false;
let received: NodeJS.Signals | null = null;

function onSignal(signal: NodeJS.Signals): void {
  if (received !== null) process.exit(interruptedExitCode(signal));
  received = signal;
  process.stderr.write(`cni-migrate: interrupted (${signal}), cleaning up\n`);
  const pending: Promise<void>[] = [];
  for (const fn of [...cleanups].reverse()) {
    try {
      const r = fn();
      if (r) pending.push(r.catch(() => undefined));
    } catch {
      /* best effort: the other cleanups still run */
    }
  }
  void Promise.all(pending).then(() => process.exit(interruptedExitCode(signal)));
}

function sync(): void {
  const want = enabled && (cleanups.size > 0 || received !== null);
  if (want === installed) return;
  for (const s of SIGNALS) {
    if (want) process.on(s, onSignal);
    else process.off(s, onSignal);
  }
  installed = want;
}

/** Registers `fn` to run if the CLI is interrupted; call the returned function once it is no longer needed. */
export function onInterrupt(fn: Cleanup): () => void {
  cleanups.add(fn);
  sync();
  return () => {
    cleanups.delete(fn);
    sync();
  };
}

/** The signal that interrupted this process, once one has; then nothing new may be started. */
export function interruptedBy(): NodeJS.Signals | null {
  return received;
}

/** The CLI's switch: clean up and exit on a signal rather than die leaving plugins and namespaces behind. */
export function exitOnInterrupt(): void {
  enabled = true;
  sync();
}

/** The exit status for an interrupted run (130 for SIGINT, 143 for SIGTERM). */
export function interruptedExitCode(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}
