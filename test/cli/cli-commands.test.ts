/** Unknown and mistyped commands: every command is listed, and the closest one suggested. */
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, closestCommand } from '../../src/cli/command-names.js';
import { helpText } from '../../src/cli/help.js';
import { cli, repoRoot } from '../helpers/cli.js';

describe('unknown commands', () => {
  it.each([
    ['chek', 'check'],
    ['fxi', 'fix'],
    ['dif', 'diff'],
    ['prob', 'probe'],
    ['explian', 'explain'],
    ['generat', 'generate'],
    ['verfy', 'verify'],
    ['CHECK', 'check'],
  ])('%s → did you mean %s', (typed, meant) => {
    expect(closestCommand(typed)).toBe(meant);
  });

  it('suggests nothing for a word close to no command', () => {
    expect(closestCommand('bogus')).toBeNull();
    expect(closestCommand('x'.repeat(1000))).toBeNull();
  });

  it('the CLI lists all seven commands, suggests the closest, and exits 2', () => {
    for (const [word, suggestion] of [['bogus', null], ['chek', 'check']] as const) {
      const r = cli([word, '.'], repoRoot);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown command "${word}"`);
      expect(r.stderr).toContain(`(commands: ${ALL_COMMANDS.join(', ')})`);
      if (suggestion) expect(r.stderr).toContain(`did you mean "${suggestion}"?`);
      else expect(r.stderr).not.toContain('did you mean');
    }
  });

  it('every command the table names is in the help', () => {
    const help = helpText(null);
    for (const c of ALL_COMMANDS) expect(help).toContain(c);
  });
});
