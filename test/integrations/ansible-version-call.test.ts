/**
 * The action plugin's VERSION calls when Ansible loses the reply. The command module starts the
 * process, then writes its input; a plugin that answers without reading it can have replied and
 * exited by then, and the write fails with EPIPE: the module reports rc 32 and no output. That
 * race cannot be set up on purpose with a small input, so the module's answer is taken from a real
 * run that always meets it (an input larger than a pipe holds, given to a command that never
 * reads it), and the plugin's own method is then driven with it in Ansible's Python.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSIBLE, ansible, collectionsPath, playResults, type TaskResult } from '../helpers/ansible-run.js';
import { scratchDirs } from '../helpers/cli.js';

const { temp } = scratchDirs(afterAll, 'cni-migrate-version-call-');

/** What the real command module answers when the process's input cannot be written. */
async function refusedInputAnswer(): Promise<TaskResult> {
  const home = temp();
  writeFileSync(
    join(home, 'play.yml'),
    [
      '- hosts: localhost',
      '  gather_facts: false',
      '  tasks:',
      '    - name: input no one reads',
      '      ansible.builtin.command:',
      "        argv: ['/bin/true']",
      "        stdin: \"{{ 'x' * 1048576 }}\"",
      '      ignore_errors: true',
      '',
    ].join('\n'),
  );
  const run = await ansible('ansible-playbook', ['-c', 'local', '-i', 'localhost,', 'play.yml'], { home, collections: collectionsPath(temp()), json: true });
  // Without the module's echo of its arguments (the megabyte of input), which the plugin never reads.
  const { invocation: _invocation, ...result } = playResults(run).plays[0]![0]!.hosts['localhost']!;
  return result;
}

/**
 * Drives ActionModule._version_call with `_command` answering `answers` in turn; returns what it
 * gave, how many runs it made, whether the plugin takes the answer for a lost reply, and what
 * its probe of one plugin makes of the same answers.
 */
function versionCall(answers: readonly unknown[]): { result: Record<string, unknown>; runs: number; refused: boolean; probed: Record<string, unknown> } {
  const script = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('cni_migrate_action', sys.argv[1])
action = importlib.util.module_from_spec(spec)
spec.loader.exec_module(action)
answers = json.loads(sys.stdin.read())
runs = []
plugin = action.ActionModule.__new__(action.ActionModule)
def command(argv, task_vars, stdin=None):
    runs.append(stdin)
    return answers[len(runs) - 1]
plugin._command = command
plugin._stat = lambda path, task_vars, follow=True: dict(exists=True, isreg=True, executable=True)
result = plugin._version_call(['timeout', '-s', 'KILL', '5.000', 'env', '-i', 'CNI_COMMAND=VERSION', '/opt/cni/bin/bridge'], '{"cniVersion":"1.1.0"}', {})
calls = len(runs)
runs.clear()
# The same answers through the probe of one plugin, as the node's run gets them.
probed = plugin._probe('/opt/cni/bin', dict(types=['bridge'], env=dict(CNI_COMMAND='VERSION'), stdin='{"cniVersion":"1.1.0"}', timeout_ms=5000), {})
assert all(s == '{"cniVersion":"1.1.0"}' for s in runs), runs
print(json.dumps(dict(result=result, runs=calls, refused=action._input_refused(result), probed=probed['bridge'])))
`;
  // Ansible's own Python (Debian's ansible runs on it, as the nodes of the other tests do).
  const r = spawnSync('/usr/bin/python3', ['-c', script, join(ANSIBLE, 'plugins', 'action', 'cni_migrate.py')], { input: JSON.stringify(answers), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof versionCall>;
}

describe('the action plugin, when Ansible loses a VERSION reply', () => {
  const reply = { changed: true, rc: 0, stdout: '{"cniVersion":"1.1.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}', stderr: '' };

  it('runs the call again and keeps the reply of the run that kept it', async () => {
    const refused = await refusedInputAnswer();
    // The real module's answer: failed, rc 32 (EPIPE), no output.
    expect(refused).toMatchObject({ failed: true, rc: 32 });
    expect(refused['stdout'] ?? '').toBe('');
    const once = versionCall([refused, reply]);
    expect(once).toMatchObject({ result: reply, runs: 2, refused: false, probed: { state: 'ran', code: 0, stdout: reply.stdout } });
    // Each lost reply is a run of its own, up to the limit; then the loss is what is reported.
    expect(versionCall([refused, refused, reply])).toMatchObject({ result: reply, runs: 3 });
    const lost = versionCall([refused, refused, refused, reply]);
    expect(lost).toMatchObject({ runs: 3, refused: true, probed: { state: 'failed' } });
    expect(lost.probed['error']).toMatch(/^its reply was lost 3 times: it exited before Ansible wrote its input \(.*Broken pipe.*\)$/);
  }, 120_000);

  it('runs a call once when the plugin answered, whatever it answered', () => {
    expect(versionCall([reply])).toMatchObject({ runs: 1, refused: false });
    const failed = { failed: true, rc: 1, stdout: '{"code":1,"msg":"incompatible CNI versions"}', stderr: '' };
    expect(versionCall([failed])).toMatchObject({ result: failed, runs: 1, refused: false, probed: { state: 'ran', code: 1 } });
    // rc 32 with a reply is the plugin's own exit code, not a lost reply.
    const exited32 = { failed: true, rc: 32, stdout: '{"cniVersion":"1.0.0","supportedVersions":["1.0.0"]}', stderr: '' };
    expect(versionCall([exited32])).toMatchObject({ result: exited32, runs: 1, refused: false, probed: { state: 'ran', code: 32 } });
  });
});
