/**
 * Hostile names through the whole CLI (in process, on real files): a file name, a directory name,
 * a network name and a plugin type carrying OSC/ESC sequences, BEL, CR and LF. The human-readable
 * output (stdout and stderr of every command) holds no raw control character but its own line
 * breaks and colours, and no forged line; JSON and SARIF stay valid JSON with the real values.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { printable } from '../../src/render/terminal.js';
import { scratchDirs } from '../helpers/cli.js';
import { memoryIO } from '../helpers/memory-io.js';

const { temp } = scratchDirs(afterEach);
const EVIL = '\u001b]0;pwned\u0007\r\nFORGED: 0 errors\u001b[2J\u009b31m\u202e';
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const OWN_SGR = /\u001b\[[0-9;]*m/g;
const PLUGINS = ['--plugin', 'cni-plugins@1.1.1'];

/** fast-glob's `**` does not enter a directory whose name holds CR, LF, U+2028 or U+2029 (a discovery matter of its own): the directory carries the rest. */
const DIR = `nodes/ev${EVIL.replace(/[\r\n\u2028\u2029]/g, '')}il/net.d`;
const LIST = `${DIR}/10-${EVIL}.conflist`;
const CONF = `${DIR}/20-ok${EVIL}.conf`;
const BROKEN = `${DIR}/30-${EVIL}.conflist`;

function hostileTree(): string {
  const dir = temp();
  mkdirSync(join(dir, DIR), { recursive: true });
  writeFileSync(join(dir, LIST), JSON.stringify({ cniVersion: '0.3.1', name: `net${EVIL}`, plugins: [{ type: 'bridge' }, { type: `br${EVIL}` }] }, null, 2));
  writeFileSync(join(dir, CONF), JSON.stringify({ name: `n${EVIL}`, type: 'bridge' }, null, 2));
  writeFileSync(join(dir, BROKEN), `{"name": ${EVIL} }`);
  return dir;
}

async function cli(args: readonly string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = {
    ...memoryIO(cwd),
    ...(stdin === undefined ? {} : { stdin: { isTTY: false, read: async () => stdin, readBytes: async () => Buffer.from(stdin) } }),
  };
  const code = await run(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

function expectSafe(out: string): void {
  expect(out.length).toBeGreaterThan(0);
  expect(out.replace(OWN_SGR, '')).not.toMatch(RAW_CONTROL);
  for (const line of out.split('\n')) expect(line.replace(OWN_SGR, '')).not.toMatch(/^\s*FORGED/);
}

describe('hostile names in human-readable output', () => {
  it.each([[[]], [['--color']]])('check %j: the report and stderr show the names escaped', async (flags) => {
    const dir = hostileTree();
    const r = await cli(['check', ...PLUGINS, ...flags, '.', `missing${EVIL}.conflist`], dir);
    expect(r.code).toBe(2); // the missing path
    expectSafe(r.stdout);
    expectSafe(r.stderr);
    // The names are there, escaped: the report still says which file and which plugin.
    expect(r.stdout).toContain(printable(LIST));
    expect(r.stdout).toContain(printable(`br${EVIL}`));
    expect(r.stdout).toContain(printable(`${DIR}/ (what runtimes load)`));
    expect(r.stderr).toContain(printable(`missing${EVIL}.conflist`));
  });

  it('diff: findings on stderr are escaped, and each patch header is one line', async () => {
    const dir = hostileTree();
    const r = await cli(['diff', ...PLUGINS, '.'], dir);
    expect(r.code).toBe(2); // the broken file cannot be read
    expectSafe(r.stderr);
    const headers = r.stdout.split('\n').filter((l) => /^(diff --git|---|\+\+\+) /.test(l));
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
  });

  it('fix --backup: the report and the "original kept as" line are escaped', async () => {
    const dir = hostileTree();
    const r = await cli(['fix', '--backup', ...PLUGINS, '.'], dir);
    expectSafe(r.stdout);
    expect(r.stdout).toContain(`${printable(CONF)}: original kept as `);
  });

  it('a config read from standard input under a hostile --stdin-filepath', async () => {
    const dir = temp();
    const r = await cli(['check', ...PLUGINS, '--stdin-filepath', `x${EVIL}.conflist`], dir, JSON.stringify({ name: 'n', plugins: [{ type: `t${EVIL}` }] }));
    expectSafe(r.stdout);
    expect(r.stdout).toContain(printable(`t${EVIL}`));
  });

  it('--format github: one workflow command per line, no raw control character', async () => {
    const dir = hostileTree();
    const r = await cli(['check', '--format', 'github', ...PLUGINS, '.'], dir);
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(line).not.toMatch(RAW_CONTROL);
    }
    expectSafe(r.stderr);
  });

  it('--format json and sarif stay valid JSON and carry the real values', async () => {
    const dir = hostileTree();
    const json = JSON.parse((await cli(['check', '--format', 'json', ...PLUGINS, '.'], dir)).stdout) as { files: { path: string; diagnostics: { args: Record<string, unknown> }[] }[] };
    expect(json.files.map((f) => f.path)).toContain(LIST);
    expect(json.files.flatMap((f) => f.diagnostics.map((d) => d.args.type))).toContain(`br${EVIL}`);
    const sarifOut = (await cli(['check', '--format', 'sarif', ...PLUGINS, '.'], dir)).stdout;
    const sarif = JSON.parse(sarifOut) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.some((res) => res.message.text.includes(`br${EVIL}`))).toBe(true);
  });

  it('explain: a pasted log line is shown escaped', async () => {
    // A log line holds no line break; the rest of EVIL rides in the quoted version, and stdin gets it whole.
    const line = `failed: incompatible CNI versions; config is "1.1.0${EVIL.replace(/[\r\n]/g, '')}", plugin supports ["0.1.0" "0.2.0"]`;
    const r = await cli(['explain', line], temp());
    expect(r.code).toBe(0);
    expectSafe(r.stdout);
    const viaStdin = await cli(['explain', '-'], temp(), `${line}\n${EVIL}${line}\n`);
    expect(viaStdin.code).toBe(0);
    expectSafe(viaStdin.stdout);
  });

  it('probe: a plugin file name and its reply are shown escaped', async () => {
    const bin = temp();
    const name = `pl${EVIL.replace(/\//g, '')}`;
    writeFileSync(join(bin, name), `#!/bin/sh\nprintf '{"cniVersion":"1.0.0","supportedVersions":["1.0.0"]}'\n`);
    writeFileSync(join(bin, 'noisy'), `#!/bin/sh\nprintf 'oops ${EVIL.replace(/'/g, '')}'\n`);
    chmodSync(join(bin, name), 0o755);
    chmodSync(join(bin, 'noisy'), 0o755);
    const r = await cli(['probe', '--bin-dir', `${bin}`], temp());
    expect(r.code).toBe(0);
    expectSafe(r.stdout);
    expect(r.stdout).toContain(printable(name));
  });
});
