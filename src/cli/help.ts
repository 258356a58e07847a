/** Help text, one per command. Kept beside the parser so a new flag is documented where it is read. */
import type { CommandName } from './args.js';

const COMMON = `Options:
  --runtime NAME@VERSION     containerd@X.Y.Z or cri-o@X.Y.Z whose libcni bounds the version
                             (default: containerd@1.6.4)
  --target-version V         ask for V wherever every plugin and the runtime accept it
  --bin-dir DIR              probe the plugin binaries in DIR (CNI_COMMAND=VERSION)
  --probe-timeout MS         time allowed for each probe (default 5000)
  --plugin TYPE=V1,V2,...    state the versions a plugin accepts (overrides probe and data)
  --plugin NAME@RELEASE      state a plugin's release: a type (calico@3.26.0) or a project
                             (cni-plugins, flannel-cni-plugin, calico, weave, multus,
                             aws-vpc-cni, cilium); repeatable
  --include GLOB             also scan files matching GLOB in directories (repeatable)
  --exclude GLOB             skip files matching GLOB (repeatable)
  --no-ignore                do not read .gitignore files
  --format text|json         output format (default text)
  --color, --no-color        force colour on or off (default: on for a terminal, off with NO_COLOR)
  -q, --quiet                print only the summary and errors
  -h, --help                 show this help`;

const EXIT = `Exit codes:
  0  nothing to change and no error finding
  1  changes needed (check, diff) or error findings remain
  2  usage error, or a file could not be read or parsed (nothing written)
  3  internal error (an edit failed verification and was refused)`;

const TOPICS: Record<CommandName | 'main', string> = {
  main: `cni-migrate: check and migrate the cniVersion of Kubernetes CNI network configs,
changing nothing but the cniVersion token.

Usage: cni-migrate <command> [options] [PATH...]

Commands:
  check   report findings and what would change; writes nothing
  diff    print a unified diff of the changes (git apply accepts it); writes nothing
  fix     apply the changes in place, atomically

PATH is a file or a directory (default .). Directories are walked for *.conflist, *.conf,
*.json, *.yaml and *.yml (CNI configs on their own or inside Kubernetes manifests), honouring
.gitignore and skipping node_modules and .git.

${COMMON}

${EXIT}

Run 'cni-migrate help <command>' for examples.`,
  check: `Usage: cni-migrate check [options] [PATH...]

Reports, per file, findings with line:column and the cniVersion each network would get.
Writes nothing.

Examples:
  cni-migrate check /etc/cni/net.d --bin-dir /opt/cni/bin --runtime containerd@1.7.0
  cni-migrate check . --plugin cni-plugins@1.1.1 --format json

${COMMON}

${EXIT}`,
  diff: `Usage: cni-migrate diff [options] [PATH...]

Prints a unified diff (paths relative to the working directory, a/ and b/ prefixes) on
stdout; findings go to stderr. Writes nothing.

Examples:
  cni-migrate diff nodes/ --plugin cni-plugins@1.1.1 > cni.patch && git apply cni.patch
  cni-migrate diff 10-containerd-net.conflist --target-version 1.0.0 --plugin cni-plugins@1.1.1

${COMMON}

${EXIT}`,
  fix: `Usage: cni-migrate fix [options] [PATH...]

Rewrites files in place: a temp file beside each, then rename, keeping the mode. A file that
changes on disk while it is processed is not written. Prints what changed.

Examples:
  cni-migrate fix /etc/cni/net.d --bin-dir /opt/cni/bin --runtime containerd@1.6.4
  cni-migrate fix manifests/ --plugin cni-plugins@1.1.1 --target-version 1.0.0

${COMMON}

${EXIT}`,
};

export function helpText(command: CommandName | null): string {
  return `${TOPICS[command ?? 'main']}\n`;
}
