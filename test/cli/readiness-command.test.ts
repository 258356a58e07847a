/** `cni-migrate readiness`: the built CLI on the fixture facts and on files that are not facts. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, scratchDirs } from '../helpers/cli.js';

const FACTS = join(repoRoot, 'fixtures', 'readiness', 'facts.json');
const { temp } = scratchDirs(afterAll);

describe('cni-migrate readiness', () => {
  it('writes the HTML, Markdown and JSON reports, says the totals on stderr, and exits 0 whatever the verdicts', () => {
    const dir = temp();
    const r = cli(['readiness', FACTS, '--html', 'r.html', '--markdown', 'r.md', '--json', 'r.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('3 nodes: 1 ready, 1 ready with warnings, 1 blocked\n');
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>\n/);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^# CNI readiness for containerd 2\.1\.0\n/);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { nodes: { name: string; verdict: string }[] };
    expect(report.nodes.map((n) => n.verdict)).toEqual(['ready', 'ready with warnings', 'blocked']);
  });

  it('prints the Markdown report without an output option', () => {
    const r = cli(['readiness', FACTS], temp());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# CNI readiness for containerd 2\.1\.0\n/);
  });

  it('refuses a missing, unparsable or foreign facts file, and unknown options, with exit 2 and nothing written', () => {
    const dir = temp();
    writeFileSync(join(dir, 'broken.json'), '{"target": ');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ target: 'containerd@2.1.0', nodes: [{ host: 'a' }] }));
    const cases: [string[], RegExp][] = [
      [[], /name the facts file the readiness playbook wrote/],
      [['missing.json', '--html', 'x.html'], /missing\.json: .*ENOENT|missing\.json: .*no such file/i],
      [['broken.json', '--html', 'x.html'], /broken\.json: .*JSON/],
      [['other.json', '--html', 'x.html'], /other\.json: nodes\[0\] must be an object with a "name"/],
      [[FACTS, '--htm', 'x.html'], /unknown option --htm; did you mean --html\?/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['readiness', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('has help, and the main help lists the command', () => {
    const r = cli(['help', 'readiness'], temp());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cni-migrate readiness FACTS\.json/);
    expect(cli(['--help'], temp()).stdout).toMatch(/^ {2}readiness\n/m);
  });
});
