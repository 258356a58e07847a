/**
 * What the human-readable renderers print cannot drive a terminal or forge a report line: file
 * names, plugin types, network names and every string a finding quotes reach the text report and
 * the GitHub annotations with their control characters escaped.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { planFile } from '../../src/core/plan.js';
import { githubAnnotations } from '../../src/render/github.js';
import { printable } from '../../src/render/terminal.js';
import { renderFileText, renderLoadOrder } from '../../src/render/text.js';
import { EXAMPLES } from '../helpers/diagnostic-examples.js';

/** An OSC title change, BEL, CR LF and a forged line, a clear-screen, an 8-bit CSI, a bidi override. */
const EVIL = '\u001b]0;pwned\u0007\r\nFORGED: 0 errors\u001b[2J\u009b31m\u202e';
/** Anything a terminal acts on: C0 but the line feed, DEL, C1, line separators, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The renderer's own colour codes. */
const OWN_SGR = /\u001b\[[0-9;]*m/g;

function expectSafe(out: string): void {
  expect(out.replace(OWN_SGR, '')).not.toMatch(RAW_CONTROL);
  for (const line of out.split('\n')) expect(line.replace(OWN_SGR, '')).not.toMatch(/^\s*FORGED/);
}

/** The diagnostic with `EVIL` appended to every string in its arguments. */
function poisoned(d: Diagnostic): Diagnostic {
  const poison = (v: unknown): unknown =>
    typeof v === 'string' ? `${v}${EVIL}` : Array.isArray(v) ? v.map(poison) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, poison(x)])) : v;
  return { ...d, args: poison(d.args) } as Diagnostic;
}

const HOSTILE_LIST = JSON.stringify({
  cniVersion: '0.3.1',
  name: `net${EVIL}`,
  plugins: [{ type: 'bridge' }, { type: `br${EVIL}` }],
});
const HOSTILE_CONF = JSON.stringify({ name: `n${EVIL}`, type: 'bridge' });
const CONTEXT = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };

describe('printable', () => {
  it('escapes control characters visibly and keeps everything else', () => {
    expect(printable('a\nb\rc\td\u001b[2Je\u0007f\u0000g\u007f\u009bh\u202ei')).toBe('a\\nb\\rc\\td\\u001b[2Je\\u0007f\\u0000g\\u007f\\u009bh\\u202ei');
    expect(printable('réseau/ü b "q" \\ 10-net.conflist')).toBe('réseau/ü b "q" \\ 10-net.conflist');
  });
});

describe('the text report', () => {
  it.each([false, true])('prints a hostile file name, network name and plugin type escaped (colour %s)', (color) => {
    const path = `nodes/${EVIL}/10-x.conflist`;
    for (const text of [HOSTILE_LIST, HOSTILE_CONF]) {
      const plan = planFile({ path, text }, CONTEXT);
      expect(plan.diagnostics.length + plan.networks.length).toBeGreaterThan(0);
      for (const verb of ['would', 'did'] as const) {
        const out = renderFileText(plan, path, { color }, verb);
        expectSafe(out);
        expect(out).toContain(printable(path));
      }
    }
  });

  it.each(Object.keys(EXAMPLES))('%s: every string the finding quotes is escaped', (code) => {
    const d = poisoned(EXAMPLES[code as keyof typeof EXAMPLES]);
    const plan = planFile({ path: 'x.conflist', text: '{"cniVersion":"1.0.0","name":"n","type":"bridge"}' }, CONTEXT);
    for (const color of [false, true]) expectSafe(renderFileText({ ...plan, diagnostics: [d] }, `x${EVIL}.conflist`, { color }, 'would'));
  });

  it('the load order section escapes directories, file names and messages', () => {
    const dir = `etc${EVIL}/net.d`;
    const name = `10-${EVIL}.conflist`;
    const out = renderLoadOrder(
      [
        {
          order: {
            directory: dir,
            candidates: [name],
            containerd: { loads: name, abortedAt: null },
            crio: { loads: null, skipped: [] },
            findings: [],
            links: [{ file: name, target: `../${EVIL}`, unreadable: `its target ${EVIL} does not exist` }],
          },
          notInRunFindings: new Map([[`${dir}/${name}`, [poisoned(EXAMPLES.LOAD_SHADOWED)]]]),
          unreadable: [{ path: `${dir}/${EVIL}`, message: `cannot read ${EVIL}` }],
        },
      ],
      new Map([[`${dir}/${name}`, [poisoned(EXAMPLES.NAME_INVALID)]]]),
      { color: true },
    );
    expectSafe(out);
  });
});

describe('GitHub annotations', () => {
  it.each(Object.keys(EXAMPLES))('%s: one workflow command per finding, no raw control character', (code) => {
    const out = githubAnnotations(`dir${EVIL}/x.conflist`, [poisoned(EXAMPLES[code as keyof typeof EXAMPLES])]);
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::(error|warning|notice) file=/);
    expect(lines[0]).not.toMatch(RAW_CONTROL);
  });

  it('a newline in a file name stays the real name: the runner decodes %0A', () => {
    const out = githubAnnotations('x\n+++ b/t.conflist', [EXAMPLES.NAME_MISSING]);
    expect(out).toContain('file=x%0A+++ b/t.conflist,');
  });
});
