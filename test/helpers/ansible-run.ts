/** Runs the real ansible-playbook / ansible-galaxy on this repository's collection (ansible/), with nothing but these settings. */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './cli.js';

export const ANSIBLE = join(repoRoot, 'ansible');

export interface AnsibleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A collections path holding ansible/ as cni_migrate.cni, in `dir`. */
export function collectionsPath(dir: string): string {
  mkdirSync(join(dir, 'ansible_collections', 'cni_migrate'), { recursive: true });
  symlinkSync(ANSIBLE, join(dir, 'ansible_collections', 'cni_migrate', 'cni'));
  return dir;
}

export interface AnsibleOptions {
  /** A fresh folder for HOME, ansible.cfg and Ansible's temp files. */
  readonly home: string;
  readonly collections: string;
  /** ANSIBLE_STDOUT_CALLBACK=json. */
  readonly json?: boolean;
  /** Folders put first on the control node's PATH (stand-ins for its tools). */
  readonly path?: readonly string[];
  /** Where the command runs (default `home`). */
  readonly cwd?: string;
  /** ANSIBLE_PIPELINING: one process per task instead of a copied module file. */
  readonly pipelining?: boolean;
  /** More of Ansible's settings. */
  readonly env?: Readonly<Record<string, string>>;
}

export function ansible(command: string, args: readonly string[], options: AnsibleOptions): Promise<AnsibleRun> {
  const { home } = options;
  writeFileSync(join(home, 'ansible.cfg'), '');
  const child = spawn(command, args, {
    cwd: options.cwd ?? home,
    timeout: 240_000,
    env: {
      // The control node has Node.js (the one running the tests); the nodes' PATH is their interpreter's.
      PATH: [...(options.path ?? []), dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(':'),
      HOME: home,
      LC_ALL: 'C.UTF-8',
      ANSIBLE_CONFIG: join(home, 'ansible.cfg'),
      ANSIBLE_COLLECTIONS_PATH: options.collections,
      ANSIBLE_LOCAL_TEMP: join(home, 'local-tmp'),
      ANSIBLE_REMOTE_TEMP: join(home, 'remote-tmp'),
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_NOCOLOR: '1',
      ...(options.pipelining ? { ANSIBLE_PIPELINING: '1' } : {}),
      ...(options.json ? { ANSIBLE_STDOUT_CALLBACK: 'json' } : {}),
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface TaskResult {
  readonly changed?: boolean;
  readonly failed?: boolean;
  readonly skipped?: boolean;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface PlayResults {
  /** Each play's tasks in the order they ran (serial makes a play of each batch). */
  readonly plays: { name: string; hosts: Record<string, TaskResult> }[][];
  readonly stats: Record<string, { changed: number; failures: number; ok: number; skipped: number }>;
}

/** Reads the json callback's output. */
export function playResults(run: AnsibleRun): PlayResults {
  const out = JSON.parse(run.stdout) as {
    plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[];
    stats: PlayResults['stats'];
  };
  return { plays: out.plays.map((p) => p.tasks.map((t) => ({ name: t.task.name, hosts: t.hosts }))), stats: out.stats };
}
