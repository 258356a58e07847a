/**
 * Entry point of the bundled Ansible module (ansible/plugins/modules/cni_migrate). Ansible passes
 * the path of a JSON file holding the arguments (the WANT_JSON convention) and reads exactly one
 * JSON object from stdout; a failure is `failed: true` in that object, never a crash or a stray line.
 * Reference: ansible-documentation dev_guide/developing_program_flow_modules.rst ("Non-native want JSON modules").
 *
 * With `--controller` the same file is the control-node half of the action plugin: a request on
 * stdin, one answer on stdout (src/ansible/controller.ts).
 */
import { readFile } from 'node:fs/promises';
import { answer, type ControllerRequest } from './controller.js';
import { runModule, type ModuleResult } from './module.js';

async function main(argsFile: string | undefined): Promise<unknown> {
  if (argsFile === '--controller') return answer(JSON.parse(await readStdin()) as ControllerRequest);
  if (argsFile === undefined) {
    return { changed: false, failed: true, msg: 'cni_migrate is an Ansible module: run it from a task (Ansible passes a JSON file of arguments as its only argument)' };
  }
  let args: unknown;
  try {
    args = JSON.parse(await readFile(argsFile, 'utf8'));
  } catch (err) {
    return { changed: false, failed: true, msg: `cannot read the module arguments from ${argsFile}: ${(err as Error).message}` };
  }
  return runModule(args);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv[2])
  .catch((err: unknown): ModuleResult => ({ changed: false, failed: true, msg: `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` }))
  .then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
