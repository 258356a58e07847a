/**
 * One fixture per diagnostic code: fixtures/diagnostics/<CODE>/ holds realistic input files
 * (a conflist, a net.d tree, a manifest, a bin dir of stand-in plugins) and a case.json with the
 * `check` arguments that make the built CLI report CODE on them. Each folder is copied to a temp
 * dir (without case.json and README.md, which are not inputs) and checked there; the test only
 * asserts that CODE is reported, so a fixture may report other codes as well.
 *
 * That every code also has its `## CODE` section in docs/diagnostics.md is checked by
 * test/docs.test.ts.
 */
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { FORMATS } from '../../src/formats/registry.js';
import type { FormatModule, PlanContext } from '../../src/formats/types.js';
import { analyzeFile, planAnalyzed, resolveContext, type FileAnalysis, type FilePlan } from '../../src/core/plan.js';
import { cli, repoRoot, tempDir } from '../helpers/cli.js';

const ROOT = join(repoRoot, 'fixtures', 'diagnostics');
const CODES = Object.keys(DIAGNOSTIC_CODES).sort() as DiagnosticCode[];
const FOLDERS = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Codes for input the CLI cannot read at all: the run exits 2 (docs/diagnostics.md). */
const FATAL: ReadonlySet<string> = new Set(['JSON_PARSE_ERROR', 'YAML_PARSE_ERROR']);
/** Files of a fixture folder that describe the case and are not copied as input. */
const NOT_INPUT: ReadonlySet<string> = new Set(['case.json', 'README.md']);

interface CaseFile {
  /** CLI arguments after `check` (the test adds `--format json` and the paths). */
  readonly args: readonly string[];
  /** Paths to check, relative to the fixture folder; `["."]` by default. */
  readonly paths?: readonly string[];
  /** Octal modes set after copying (git keeps only the executable bit), e.g. `{"bin/x": "0644"}`. */
  readonly modes?: Readonly<Record<string, string>>;
  /** What in the input triggers the code. */
  readonly why: string;
  /** Set for a code no input can trigger; the test injects a fault in process instead. */
  readonly trigger?: 'fault-injection';
}

interface JsonReport {
  readonly files: readonly {
    readonly path: string;
    readonly fatal: boolean;
    readonly diagnostics: readonly { readonly code: string; readonly severity: string }[];
  }[];
  readonly summary: { readonly byCode: Readonly<Record<string, number>> };
}

function readCase(code: string): CaseFile {
  const kase = JSON.parse(readFileSync(join(ROOT, code, 'case.json'), 'utf8')) as CaseFile;
  expect(Array.isArray(kase.args) && kase.args.every((a) => typeof a === 'string'), `${code}/case.json: args`).toBe(true);
  expect(typeof kase.why === 'string' && kase.why.trim().length > 0, `${code}/case.json: why`).toBe(true);
  return kase;
}

/** The plan context the CLI would build from `check <args>` (without probing or a --matrix). */
function contextFromArgs(args: readonly string[]): PlanContext {
  const parsed = parseCommandLine(['check', ...args]);
  if (parsed.kind !== 'run') throw new Error(`bad args: ${JSON.stringify(parsed)}`);
  const o = parsed.options;
  return resolveContext({
    ...(o.runtime === undefined ? {} : { runtime: o.runtime }),
    ...(o.targetVersion === undefined ? {} : { targetVersion: o.targetVersion }),
    plugins: { supported: o.supported, releases: o.releases, releaseSources: o.releaseSources },
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs')), 'run `npm run build` first (npm test does)').toBe(true);
});

describe('diagnostic fixtures', () => {
  it('has exactly one folder per diagnostic code (a new code needs a fixture)', () => {
    expect(FOLDERS).toEqual(CODES);
  });

  it('marks only INTERNAL_VERIFY_FAILED as fault injection; every other folder has input files', () => {
    for (const code of FOLDERS) {
      const kase = readCase(code);
      expect(kase.trigger, code).toBe(code === 'INTERNAL_VERIFY_FAILED' ? 'fault-injection' : undefined);
      expect(readdirSync(join(ROOT, code)).filter((f) => !NOT_INPUT.has(f)).length, `${code} has no input`).toBeGreaterThan(0);
      expect(parseCommandLine(['check', ...kase.args]).kind, `${code}/case.json args`).toBe('run');
    }
  });

  for (const code of FOLDERS) {
    if (code === 'INTERNAL_VERIFY_FAILED') continue; // see the fault-injection tests below
    it(`${code} is reported by check`, () => {
      const kase = readCase(code);
      const src = join(ROOT, code);
      const t = tempDir('cni-migrate-diag-');
      cleanups.push(t.cleanup);
      cpSync(src, t.dir, { recursive: true, filter: (from) => !NOT_INPUT.has(from.slice(src.length + 1)) });
      for (const [path, mode] of Object.entries(kase.modes ?? {})) {
        chmodSync(join(t.dir, path), Number.parseInt(mode, 8));
        expect(statSync(join(t.dir, path)).mode & 0o777).toBe(Number.parseInt(mode, 8));
      }

      const r = cli(['check', '--format', 'json', ...kase.args, ...(kase.paths ?? ['.'])], t.dir);
      const detail = `${code}: ${kase.why}\nexit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`;
      let report: JsonReport;
      try {
        report = JSON.parse(r.stdout) as JsonReport;
      } catch {
        throw new Error(`stdout is not JSON\n${detail}`);
      }
      const hits = report.files.flatMap((f) => f.diagnostics.filter((d) => d.code === code).map((d) => ({ ...d, path: f.path, fatal: f.fatal })));
      expect(hits.length, `${code} not reported\n${detail}`).toBeGreaterThan(0);
      expect(report.summary.byCode[code], detail).toBe(hits.length);
      for (const hit of hits) expect(hit.severity, detail).toBe(DIAGNOSTIC_CODES[code as DiagnosticCode].severity);

      if (FATAL.has(code)) {
        expect(r.code, detail).toBe(2);
        expect(hits.some((h) => h.fatal), detail).toBe(true);
      } else {
        // Exit 1 only when an error is reported; the fixture itself must be readable input.
        expect([0, 1], detail).toContain(r.code);
      }
    });
  }
});

describe('INTERNAL_VERIFY_FAILED (fault injection)', () => {
  const DIR = join(ROOT, 'INTERNAL_VERIFY_FAILED');
  const INPUT = '99-loopback.conf';
  const base = FORMATS[0]!;

  function analyzed(): FileAnalysis {
    const a = analyzeFile({ path: INPUT, text: readFileSync(join(DIR, INPUT), 'utf8') });
    expect(a.format).toBe(base);
    expect(a.analysis?.ok).toBe(true);
    return a;
  }

  function expectRefused(plan: FilePlan, problem?: string): void {
    const found = plan.diagnostics.filter((d) => d.code === 'INTERNAL_VERIFY_FAILED');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('error');
    if (problem !== undefined) expect(found[0]!.args).toEqual({ problem });
    expect(plan.edits).toEqual([]);
    expect(plan.changed).toBe(false);
    expect(plan.after).toBe(plan.before);
    expect(plan.fatal).toBe(false);
  }

  const context = (): PlanContext => contextFromArgs(readCase('INTERNAL_VERIFY_FAILED').args);

  it('the input needs an edit, which the real format plans and verifies', () => {
    const plan = planAnalyzed(analyzed(), context());
    expect(plan.edits.length).toBeGreaterThan(0);
    expect(plan.changed).toBe(true);
    expect(plan.diagnostics.map((d) => d.code)).not.toContain('INTERNAL_VERIFY_FAILED');
  });

  it('is reported, and the edit refused, when verify finds a problem', () => {
    const problem = 'injected fault: the result does not re-parse to the input';
    const faulty: FormatModule<never> = { ...base, verify: () => problem };
    expectRefused(planAnalyzed({ ...analyzed(), format: faulty }, context()), problem);
  });

  it('is reported, and the edit refused, when the plan changes more than cniVersion', () => {
    const faulty: FormatModule<never> = {
      ...base,
      plan: (input, data, ctx) => {
        const plan = base.plan(input, data, ctx);
        const at = input.text.indexOf('"lo"');
        expect(at).toBeGreaterThan(0);
        const rename = { offset: at, length: '"lo"'.length, content: '"lo-renamed"' };
        return { ...plan, edits: [...plan.edits, rename].sort((x, y) => x.offset - y.offset) };
      },
    };
    expectRefused(planAnalyzed({ ...analyzed(), format: faulty }, context()));
  });
});
