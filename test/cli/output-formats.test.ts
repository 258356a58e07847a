/**
 * `--format sarif|github|json` and `--fail-on`, through the built CLI in a subprocess. The SARIF
 * log is validated against the SARIF 2.1.0 JSON schema that Microsoft's SARIF SDK team publishes
 * in the npm package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json), with Ajv.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { annotationLine, escapeData, escapeProperty } from '../../src/render/github.js';
import { usePrivateCli } from '../helpers/private-cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const ANNOTATION = { error: 'error', warning: 'warning', info: 'notice' } as const;
const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

// ---------------------------------------------------------------------------------------------
// The built CLI, in a private package layout (as test/io/probe.test.ts builds it), so this file never
// rewrites the repo's dist/ while other test files run it.

const { cli, temp } = usePrivateCli('cni-migrate-formats');

function example(): string {
  const dir = temp();
  cpSync(join(REPO, 'fixtures', 'example'), dir, { recursive: true });
  mkdirSync(join(dir, 'more nets'));
  writeFileSync(join(dir, 'more nets', '30 spaced#1.conflist'), '{\n  "name": "spaced",\n  "plugins": [ { "type": "bridge" } ]\n}\n');
  return dir;
}

// ---------------------------------------------------------------------------------------------
// SARIF shapes, as far as these tests read them.

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: SarifRegion } }[];
  partialFingerprints: Record<string, string>;
  fixes?: SarifFix[];
}
interface SarifFix {
  description: { text: string };
  artifactChanges: {
    artifactLocation: { uri: string; uriBaseId?: string };
    replacements: { deletedRegion: Required<SarifRegion> & { charOffset: number; charLength: number }; insertedContent: { text: string } }[];
  }[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri?: string;
        rules: { id: string; shortDescription: { text: string }; helpUri: string; help: { text: string }; defaultConfiguration: { level: string } }[];
      };
    };
    invocations: { executionSuccessful: boolean; exitCode: number; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}
interface JsonDoc {
  failOn: string;
  runtime: { name: string; version: string };
  targetVersion: string | null;
  files: { path: string; diagnostics: JsonFinding[]; remaining: JsonFinding[] }[];
  summary: {
    errors: number;
    warnings: number;
    info: number;
    bySeverity: { error: number; warning: number; info: number };
    byCode: Record<string, number>;
  };
}
interface JsonFinding {
  code: DiagnosticCode;
  severity: 'error' | 'warning' | 'info';
  line: number | null;
  column: number | null;
}

function sarif(args: readonly string[], cwd: string): { code: number | null; log: SarifLog; stderr: string } {
  const r = cli(['check', '--format', 'sarif', ...args], cwd);
  return { code: r.code, log: JSON.parse(r.stdout) as SarifLog, stderr: r.stderr };
}

function json(args: readonly string[], cwd: string, command = 'check'): JsonDoc {
  return JSON.parse(cli([command, '--format', 'json', ...args], cwd).stdout) as JsonDoc;
}

const FP = 'cniFinding/v1';
const uriOf = (r: SarifResult): string => r.locations[0]!.physicalLocation.artifactLocation.uri;
const fingerprintsOf = (log: SarifLog, uri?: string): string[] =>
  log.runs[0]!.results.filter((r) => uri === undefined || uriOf(r) === uri).map((r) => r.partialFingerprints[FP]!);

// ---------------------------------------------------------------------------------------------
// The schema validator: Ajv for draft-04 (the schema's dialect) with the standard formats.

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validateSarif: Validate;

beforeAll(() => {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string; title: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  expect(schema.title).toContain('SARIF');
  expect(schema.title).toContain('2.1.0');
  const Ajv = require('ajv-draft-04') as new (options: object) => { compile(schema: object): Validate };
  const addFormats = require('ajv-formats') as (ajv: object) => void;
  // The schema's language-tag pattern ("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") has a lone "]",
  // which is valid ECMA-262 without the `u` flag that Ajv adds by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validateSarif = ajv.compile(schema);
});

function expectValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? null, JSON.stringify(validateSarif.errors, null, 2)).toBeNull();
  expect(ok).toBe(true);
}

describe('--format sarif', { timeout: 60_000 }, () => {
  it('is valid SARIF 2.1.0 (and the validator rejects logs that are not)', () => {
    const dir = example();
    const { code, log } = sarif(PLUGINS, dir);
    expect(code).toBe(1);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
    expectValidSarif(log);

    // Negative controls: the validator is really checking the shape.
    const badLevel = structuredClone(log);
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(badLevel)).toBe(false);
    const noMessage = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete noMessage.runs[0]!.results[0]!.message;
    expect(validateSarif(noMessage)).toBe(false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'more nets/x y.conflist';
    expect(validateSarif(badUri)).toBe(false);
    const badLine = structuredClone(log);
    badLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region!.startLine = 0;
    expect(validateSarif(badLine)).toBe(false);
  });

  it('names the tool and has one rule per diagnostic code, with ids equal to the codes', () => {
    const dir = example();
    const { log } = sarif(PLUGINS, dir);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('cni-migrate');
    expect(driver.version).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
    // The project's address is package.json's repository.
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
    expect(driver.informationUri).toBe(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''));
    expect(driver.rules.map((r) => r.id)).toEqual(CODES);
    for (const rule of driver.rules) {
      const info = DIAGNOSTIC_CODES[rule.id as DiagnosticCode];
      expect(rule.shortDescription.text).toBe(info.title);
      expect(rule.defaultConfiguration.level).toBe(LEVEL[info.severity]);
      expect(rule.help.text).toContain(`docs/diagnostics.md, section ${rule.id}`);
    }
    // Each rule links to its section of docs/diagnostics.md on the repository; the section exists
    // under that anchor (GitHub lowercases heading anchors; these headings have no other punctuation).
    const doc = readFileSync(join(REPO, 'docs', 'diagnostics.md'), 'utf8');
    for (const rule of driver.rules) {
      expect(doc).toContain(`\n## ${rule.id}\n`);
      expect(rule.helpUri).toBe(`${driver.informationUri}/blob/main/docs/diagnostics.md#${rule.id.toLowerCase()}`);
    }
    // Two runs list the rules identically.
    expect(sarif(PLUGINS, dir).log.runs[0]!.tool.driver.rules).toEqual(driver.rules);
  });

  it('has a result for every finding the JSON report has, at the same place, with relative URIs', () => {
    const dir = example();
    const { log } = sarif(PLUGINS, dir);
    const doc = json(PLUGINS, dir);
    const run = log.runs[0]!;
    const fromJson = doc.files.flatMap((f) =>
      f.diagnostics.map((d) => [encodeURI(f.path).replace(/#/g, '%23'), d.code, LEVEL[d.severity], d.line, d.column].join(' ')),
    );
    const fromSarif = run.results.map((r) => {
      const region = r.locations[0]!.physicalLocation.region;
      return [uriOf(r), r.ruleId, r.level, region?.startLine ?? null, region?.startColumn ?? null].join(' ');
    });
    expect(fromSarif.sort()).toEqual(fromJson.sort());
    // Fixable findings are results too (the example's missing cniVersion is inserted by fix).
    expect(run.results.map((r) => r.ruleId)).toContain('CNI_VERSION_MISSING');

    const base = run.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(base).toMatch(/^file:\/\/\/.*\/$/);
    for (const r of run.results) {
      const location = r.locations[0]!.physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      const uri = location.artifactLocation.uri;
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no scheme
      expect(uri).not.toMatch(/^\/|\\|(^|\/)\.\.(\/|$)/); // not absolute, no backslash, no ..
      // Resolved against %SRCROOT%, the URI is the file in the working directory.
      expect(existsSync(fileURLToPath(new URL(uri, base)))).toBe(true);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.level).toBe(LEVEL[DIAGNOSTIC_CODES[r.ruleId as DiagnosticCode].severity]);
      if (location.region?.endLine !== undefined) {
        expect(location.region.endLine).toBeGreaterThanOrEqual(location.region.startLine);
        if (location.region.endLine === location.region.startLine) expect(location.region.endColumn!).toBeGreaterThan(location.region.startColumn);
      }
    }
    expect(run.results.map(uriOf)).toContain('more%20nets/30%20spaced%231.conflist');
  });

  it('region end is where the flagged token ends', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.conflist'), '{\n  "cniVersion": "9.9.9",\n  "name": "a",\n  "plugins": [ { "type": "bridge" } ]\n}\n');
    const { log } = sarif(PLUGINS, dir);
    const invalid = log.runs[0]!.results.find((r) => r.ruleId === 'CNI_VERSION_INVALID');
    expect(invalid, JSON.stringify(log.runs[0]!.results.map((r) => r.ruleId))).toBeDefined();
    // "9.9.9" with its quotes: columns 17..23 on line 2, end exclusive.
    expect(invalid!.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, startColumn: 17, endLine: 2, endColumn: 24 });
  });

  it('fingerprints are stable across runs, unique, and survive lines inserted above the finding', () => {
    const dir = example();
    const first = sarif(PLUGINS, dir).log;
    const second = sarif(PLUGINS, dir).log;
    const all = fingerprintsOf(first);
    expect(all.length).toBeGreaterThan(3);
    for (const fp of all) expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(all).size).toBe(all.length);
    expect(fingerprintsOf(second)).toEqual(all);

    // Lines inserted above the findings: the lines move, the fingerprints do not.
    const conf = 'nodes/gpu/etc/cni/net.d/20-ptp.conf';
    const manifest = 'manifests/kube-router.yaml';
    writeFileSync(join(dir, conf), `\r\n\r\n${readFileSync(join(dir, conf), 'utf8')}`);
    writeFileSync(join(dir, manifest), `# a comment\n# and another\n${readFileSync(join(dir, manifest), 'utf8')}`);
    const moved = sarif(PLUGINS, dir).log;
    for (const uri of [conf, manifest]) {
      const before = first.runs[0]!.results.filter((r) => uriOf(r) === uri);
      const after = moved.runs[0]!.results.filter((r) => uriOf(r) === uri);
      expect(before.length, uri).toBeGreaterThan(0);
      expect(after.map((r) => r.partialFingerprints[FP])).toEqual(before.map((r) => r.partialFingerprints[FP]));
      expect(after.map((r) => r.locations[0]!.physicalLocation.region!.startLine)).toEqual(
        before.map((r) => r.locations[0]!.physicalLocation.region!.startLine + 2),
      );
    }
    // The fingerprint does depend on the file: the same finding under another name is another alert.
    renameSync(join(dir, conf), join(dir, 'nodes/gpu/etc/cni/net.d/21-ptp.conf'));
    const renamed = sarif(PLUGINS, dir).log;
    const renamedFps = fingerprintsOf(renamed, 'nodes/gpu/etc/cni/net.d/21-ptp.conf');
    expect(renamedFps.length).toBeGreaterThan(0);
    for (const fp of renamedFps) expect(fingerprintsOf(first)).not.toContain(fp);
  });

  it('identical findings in one file get distinct fingerprints', () => {
    const dir = temp();
    const list = (name: string): string => JSON.stringify({ name, plugins: [{ type: 'vendor-cni' }] });
    // Two kube-router-style ConfigMaps in one List, both with the same unknown plugin.
    const doc = {
      apiVersion: 'v1',
      kind: 'List',
      items: ['a', 'b'].map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace: 'kube-system' }, data: { 'cni-conf.json': list('same') } })),
    };
    writeFileSync(join(dir, 'list.json'), `${JSON.stringify(doc, null, 2)}\n`);
    const { log } = sarif([], dir);
    const unknown = log.runs[0]!.results.filter((r) => r.ruleId === 'PLUGIN_UNKNOWN');
    expect(unknown).toHaveLength(2);
    expect(unknown[0]!.partialFingerprints[FP]).not.toBe(unknown[1]!.partialFingerprints[FP]);
    expectValidSarif(log);
  });

  it('fix reports what remains, and an unreadable file makes the execution unsuccessful', () => {
    const dir = example();
    // The findings about the changes themselves (a live network moved down) hold once written too.
    const consequences = json(PLUGINS, dir, 'check').files.flatMap((f) => f.diagnostics).filter((d) => ['VERSION_DOWNGRADE_LIVE', 'MULTUS_PRIMARY_VERSION'].includes(d.code));
    expect(consequences.map((d) => d.code)).toEqual(['VERSION_DOWNGRADE_LIVE']);
    const fixed = cli(['fix', '--format', 'sarif', ...PLUGINS], dir);
    const log = JSON.parse(fixed.stdout) as SarifLog;
    expectValidSarif(log);
    // What fix reports is what a fresh check of the written files finds, and those.
    const remaining = [...json(PLUGINS, dir, 'check').files.flatMap((f) => f.diagnostics), ...consequences];
    expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(remaining.map((d) => d.code).sort());
    expect(log.runs[0]!.results.map((r) => r.ruleId)).not.toContain('CNI_VERSION_MISSING');
    expect(fixed.code).toBe(remaining.some((d) => d.severity === 'error') ? 1 : 0);
    expect(log.runs[0]!.invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: fixed.code });

    writeFileSync(join(dir, 'latin1.conflist'), Buffer.from('{"name":"caf\xe9","type":"bridge"}', 'latin1'));
    writeFileSync(join(dir, 'broken.conflist'), '{\n  "name": "broken",\n  "plugins": [\n');
    const r = cli(['check', '--format', 'sarif', '--fail-on', 'never', ...PLUGINS], dir);
    expect(r.code).toBe(2);
    const bad = JSON.parse(r.stdout) as SarifLog;
    expectValidSarif(bad);
    const invocation = bad.runs[0]!.invocations[0]!;
    expect(invocation).toMatchObject({ executionSuccessful: false, exitCode: 2 });
    expect(invocation.toolExecutionNotifications.map((n) => n.level)).toEqual(['error']);
    expect(bad.runs[0]!.results.find((x) => uriOf(x) === 'broken.conflist')?.ruleId).toBe('JSON_PARSE_ERROR');
  });

  it("carries fix's edits as SARIF fixes that, applied to the original text, give the fixed file", () => {
    const dir = example();
    // Two networks in one manifest, both without a cniVersion: each finding gets its own edit.
    const net = (name: string): string => JSON.stringify({ name, plugins: [{ type: 'bridge' }] }, null, 2);
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: ['a', 'b'].map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace: 'kube-system' }, data: { 'cni-conf.json': net(n) } })),
    };
    writeFileSync(join(dir, 'two.json'), `${JSON.stringify(list, null, 2)}\n`);
    const { log } = sarif(PLUGINS, dir);
    expectValidSarif(log);
    const changed = json(PLUGINS, dir).files.filter((f) => (f as unknown as { changed: boolean }).changed).map((f) => f.path);
    expect(changed.length).toBeGreaterThan(3);
    const byUri = new Map<string, SarifFix['artifactChanges'][number]['replacements']>();
    for (const r of log.runs[0]!.results) {
      for (const fix of r.fixes ?? []) {
        expect(['CNI_VERSION_MISSING', 'CNI_VERSION_INVALID', 'CNI_VERSION_UNSUPPORTED']).toContain(r.ruleId);
        expect(fix.artifactChanges).toHaveLength(1);
        const change = fix.artifactChanges[0]!;
        expect(change.artifactLocation).toEqual(r.locations[0]!.physicalLocation.artifactLocation);
        byUri.set(change.artifactLocation.uri, [...(byUri.get(change.artifactLocation.uri) ?? []), ...change.replacements]);
      }
    }
    expect([...byUri.keys()].sort()).toEqual(changed.map((p) => encodeURI(p).replace(/#/g, '%23')).sort());
    expect(log.runs[0]!.results.filter((r) => uriOf(r) === 'two.json' && r.fixes)).toHaveLength(2);

    const originals = new Map([...byUri.keys()].map((uri) => [uri, readFileSync(join(dir, decodeURIComponent(uri)), 'utf8')]));
    expect(cli(['fix', ...PLUGINS], dir).code).not.toBe(2);
    for (const [uri, replacements] of byUri) {
      const original = originals.get(uri)!;
      const fixed = readFileSync(join(dir, decodeURIComponent(uri)), 'utf8');
      expect(fixed).not.toBe(original);
      // Applied by character offsets, last first so earlier offsets still hold.
      let byOffset = original;
      for (const { deletedRegion: d, insertedContent } of [...replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset)) {
        byOffset = byOffset.slice(0, d.charOffset) + insertedContent.text + byOffset.slice(d.charOffset + d.charLength);
      }
      expect(byOffset, uri).toBe(fixed);
      // Applied by line and column (1-based, end exclusive, in UTF-16 code units).
      const offsetOf = (line: number, column: number): number => {
        let at = 0;
        for (let l = 1; l < line; l++) at = original.indexOf('\n', at) + 1;
        return at + column - 1;
      };
      let byLine = original;
      for (const { deletedRegion: d, insertedContent } of [...replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset)) {
        const start = offsetOf(d.startLine, d.startColumn);
        const end = offsetOf(d.endLine, d.endColumn);
        expect([start, end - start]).toEqual([d.charOffset, d.charLength]);
        byLine = byLine.slice(0, start) + insertedContent.text + byLine.slice(end);
      }
      expect(byLine, uri).toBe(fixed);
    }
    // After fix there is nothing left to propose.
    const after = sarif(PLUGINS, dir).log;
    expect(after.runs[0]!.results.filter((r) => r.fixes)).toEqual([]);
    const fixedLog = JSON.parse(cli(['fix', '--format', 'sarif', ...PLUGINS], example()).stdout) as SarifLog;
    expect(fixedLog.runs[0]!.results.filter((r) => r.fixes)).toEqual([]);
  });

  it('is refused for diff, whose stdout is the patch', () => {
    const dir = example();
    for (const format of ['sarif', 'github']) {
      const r = cli(['diff', '--format', format, ...PLUGINS], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^cni-migrate: .*--format/);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const unescapeProperty = (s: string): string => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

interface ParsedAnnotation {
  level: string;
  props: Record<string, string>;
  message: string;
}

/** Parses one workflow command line as the Actions runner does: `::cmd k=v,k=v::data`. */
function parseAnnotation(line: string): ParsedAnnotation {
  const m = /^::(error|warning|notice)(?: ([^:\r\n]*))?::([^\r\n]*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
  const props: Record<string, string> = {};
  for (const part of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    expect(eq, part).toBeGreaterThan(0);
    props[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1));
  }
  return { level: m[1]!, props, message: unescapeData(m[3]!) };
}

describe('--format github', { timeout: 60_000 }, () => {
  it('prints one annotation per finding, matching the JSON report, and nothing else on stdout', () => {
    const dir = example();
    const r = cli(['check', '--format', 'github', ...PLUGINS], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const annotations = r.stdout.trimEnd().split('\n').map(parseAnnotation);
    const doc = json(PLUGINS, dir);
    const expected = doc.files.flatMap((f) => f.diagnostics.map((d) => [ANNOTATION[d.severity], f.path, d.line ?? '-', d.column ?? '-', d.code].join(' ')));
    expect(annotations.map((a) => [a.level, a.props.file, a.props.line ?? '-', a.props.col ?? '-', a.props.title].join(' ')).sort()).toEqual(expected.sort());
    // File-level findings (load order) carry no position; the others carry both.
    for (const a of annotations) expect([['col', 'file', 'line', 'title'], ['file', 'title']]).toContainEqual(Object.keys(a.props).sort());
    expect(annotations.some((a) => a.props.title === 'LOAD_SHADOWED' && a.props.line === undefined)).toBe(true);
  });

  it('escapes %, CR and LF in messages, and also , and : in properties', () => {
    const dir = temp();
    const name = 'odd,name:100%.conflist';
    // A plugin type holding %, CR and LF: the finding's message quotes it.
    writeFileSync(join(dir, name), '{\n  "cniVersion": "0.4.0",\n  "name": "odd",\n  "plugins": [ { "type": "50%\\r\\nbad" } ]\n}\n');
    const r = cli(['check', '--format', 'github', '.'], dir);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map(parseAnnotation);
    for (const line of lines) {
      const props = line.slice(0, line.indexOf('::', 2));
      expect(props).toContain('file=odd%2Cname%3A100%25.conflist');
    }
    const invalid = parsed.find((a) => a.props.title === 'PLUGIN_TYPE_INVALID');
    expect(invalid).toMatchObject({ level: 'error', props: { file: name, line: '4', col: '26' } });
    expect(invalid!.message).toContain('50%\r\nbad');
    expect(lines.find((l) => l.includes('PLUGIN_TYPE_INVALID'))).toContain('50%25%0D%0Abad');
  });

  it('escaping functions follow the runner: data escapes %, CR, LF; properties also , and :', () => {
    expect(escapeData('a%b\rc\nd,e:f')).toBe('a%25b%0Dc%0Ad,e:f');
    expect(escapeProperty('a%b\rc\nd,e:f')).toBe('a%25b%0Dc%0Ad%2Ce%3Af');
    // % first: an already-escaped-looking text is not decoded by the runner.
    expect(escapeData('%0A')).toBe('%250A');
    expect(annotationLine({ level: 'notice', message: 'm' })).toBe('::notice::m\n');
    expect(annotationLine({ level: 'warning', file: 'a,b', line: 3, title: 'T:1', message: 'x\ny' })).toBe('::warning file=a%2Cb,line=3,title=T%3A1::x%0Ay\n');
  });
});

// ---------------------------------------------------------------------------------------------

describe('--format json', { timeout: 60_000 }, () => {
  it('summarises findings per severity and per code, and echoes runtime, target version and --fail-on', () => {
    const dir = example();
    const doc = json([...PLUGINS, '--fail-on', 'warning', '--runtime', 'containerd@1.7.0'], dir);
    expect(doc.failOn).toBe('warning');
    expect(doc.runtime).toMatchObject({ name: 'containerd', version: '1.7.0' });
    expect(doc.targetVersion).toBeNull();
    const findings = doc.files.flatMap((f) => f.diagnostics);
    expect(findings.length).toBeGreaterThan(0);
    const count = (severity: string): number => findings.filter((d) => d.severity === severity).length;
    expect(doc.summary.bySeverity).toEqual({ error: count('error'), warning: count('warning'), info: count('info') });
    expect([doc.summary.errors, doc.summary.warnings, doc.summary.info]).toEqual([count('error'), count('warning'), count('info')]);
    const byCode: Record<string, number> = {};
    for (const d of findings) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
    expect(doc.summary.byCode).toEqual(byCode);
    expect(Object.keys(doc.summary.byCode)).toEqual(Object.keys(byCode).sort());
    expect(json([...PLUGINS, '--target-version', '1.0.0'], dir).targetVersion).toBe('1.0.0');
    expect(json(PLUGINS, dir).failOn).toBe('error');
  });

  it('after fix, the summary counts the findings that remain', () => {
    const dir = example();
    const doc = json(PLUGINS, dir, 'fix');
    const remaining = doc.files.flatMap((f) => f.remaining);
    expect(doc.summary.bySeverity.error).toBe(remaining.filter((d) => d.severity === 'error').length);
    expect(doc.summary.byCode.CNI_VERSION_MISSING).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('--fail-on', { timeout: 60_000 }, () => {
  const FACTS = ['--plugin', 'bridge=0.3.1,0.4.0', '--plugin', 'ptp=0.3.0'];
  const FILES = {
    clean: '{\n  "cniVersion": "0.4.0",\n  "name": "clean",\n  "plugins": [ { "type": "bridge" } ]\n}\n',
    // Only a warning: a plugin nothing is known about (PLUGIN_UNKNOWN), no change.
    warnings: '{\n  "cniVersion": "0.4.0",\n  "name": "warn",\n  "plugins": [ { "type": "vendor-cni" } ]\n}\n',
    // Error findings and no change: bridge and ptp share no version (CNI_VERSION_NO_COMMON).
    errors: '{\n  "cniVersion": "0.4.0",\n  "name": "err",\n  "plugins": [ { "type": "bridge" }, { "type": "ptp" } ]\n}\n',
    // A change and no finding: --target-version 0.4.0 rewrites a valid 0.3.1.
    changes: '{\n  "cniVersion": "0.3.1",\n  "name": "chg",\n  "plugins": [ { "type": "bridge" } ]\n}\n',
    unparseable: '{\n  "name": "broken",\n  "plugins": [\n',
  } as const;
  type Kind = keyof typeof FILES;

  function fileOf(kind: Kind): string {
    const dir = temp();
    writeFileSync(join(dir, `${kind}.conflist`), FILES[kind]);
    return dir;
  }
  const extra = (kind: Kind): string[] => (kind === 'changes' ? ['--target-version', '0.4.0'] : []);

  it('the matrix files have what their names say', () => {
    const shape = (kind: Kind): { severities: string[]; changed: number } => {
      const doc = JSON.parse(cli(['check', '--format', 'json', ...FACTS, ...extra(kind), '.'], fileOf(kind)).stdout) as JsonDoc & { summary: { changed: number } };
      return { severities: [...new Set(doc.files.flatMap((f) => f.diagnostics.map((d) => d.severity)))].sort(), changed: doc.summary.changed };
    };
    expect(shape('clean')).toEqual({ severities: [], changed: 0 });
    expect(shape('warnings')).toEqual({ severities: ['warning'], changed: 0 });
    expect(shape('errors').severities).toContain('error');
    expect(shape('errors').changed).toBe(0);
    expect(shape('changes')).toEqual({ severities: [], changed: 1 });
  });

  const MATRIX: [Kind, Record<'error' | 'warning' | 'never', number>][] = [
    ['clean', { error: 0, warning: 0, never: 0 }],
    ['warnings', { error: 0, warning: 1, never: 0 }],
    ['errors', { error: 1, warning: 1, never: 0 }],
    ['changes', { error: 1, warning: 1, never: 0 }],
    ['unparseable', { error: 2, warning: 2, never: 2 }],
  ];
  it.each(MATRIX)('check on a file with %s exits %j', (kind, expected) => {
    const dir = fileOf(kind);
    const got: Record<string, number | null> = {};
    for (const level of ['error', 'warning', 'never'] as const) got[level] = cli(['check', '--fail-on', level, ...FACTS, ...extra(kind), '.'], dir).code;
    // The default is error.
    got.default = cli(['check', ...FACTS, ...extra(kind), '.'], dir).code;
    expect(got).toEqual({ ...expected, default: expected.error });
  });

  it('applies to every output format and to diff and fix', () => {
    const dir = fileOf('warnings');
    for (const format of ['text', 'json', 'sarif', 'github']) {
      expect(cli(['check', '--format', format, '--fail-on', 'warning', ...FACTS, '.'], dir).code, format).toBe(1);
      expect(cli(['check', '--format', format, ...FACTS, '.'], dir).code, format).toBe(0);
    }
    expect(cli(['fix', '--fail-on', 'warning', ...FACTS, '.'], dir).code).toBe(1);
    expect(cli(['fix', '--fail-on', 'error', ...FACTS, '.'], dir).code).toBe(0);

    // diff with a change: still prints the patch, exit 0 only with never.
    const changes = fileOf('changes');
    const never = cli(['diff', '--fail-on', 'never', ...FACTS, '--target-version', '0.4.0', '.'], changes);
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/^diff --git a\/changes\.conflist b\/changes\.conflist/);
    expect(cli(['diff', ...FACTS, '--target-version', '0.4.0', '.'], changes).code).toBe(1);
    // fix applies the change and then judges what remains.
    expect(cli(['fix', '--fail-on', 'warning', ...FACTS, '--target-version', '0.4.0', '.'], changes).code).toBe(0);
    expect(readFileSync(join(changes, 'changes.conflist'), 'utf8')).toContain('"cniVersion": "0.4.0"');
  });

  it('rejects an unknown level', () => {
    const r = cli(['check', '--fail-on', 'info', '.'], fileOf('clean'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cni-migrate: .*--fail-on/);
  });
});
