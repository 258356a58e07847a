/** Help text, one per command. Kept beside the parser so a new flag is documented where it is read. */
import { FORMATS } from '../formats/registry.js';
import { TEMPLATE_SUFFIXES } from '../formats/template-files.js';
import type { CommandName } from './args.js';

/** What a walk offers the formats, as the registry says: `*.conflist, *.conf, … and *.yml`. */
const walkedNames = [...new Set(FORMATS.flatMap((f) => f.patterns).map((p) => p.replace(/^\*\*\//, '')))];
const WALKED_FILES = `${walkedNames.slice(0, -1).join(', ')} and ${walkedNames.at(-1)}`;
const TEMPLATE_FILES = TEMPLATE_SUFFIXES.map((s) => `*${s}`).join(', ');

const options = (formats: string): string => `Options:
  --runtime NAME@VERSION     containerd@X.Y.Z or cri-o@X.Y.Z whose libcni bounds the version
                             (default: containerd@1.6.4); repeatable for a fleet mid-upgrade:
                             the files must work on every runtime named, the oldest bounds it
  --cni-versions             in network lists, also write "cniVersions" (spec 1.1.0) so the
                             runtimes that read it (containerd 2.x, CRI-O 1.31+) run the newer
                             versions the plugins accept, while cniVersion suits the oldest
                             (--no-cni-versions: not even where the configuration asks)
  --target-version V         ask for V wherever every plugin and the runtime accept it
  --bin-dir DIR              probe the plugin binaries in DIR (CNI_COMMAND=VERSION)
  --probe-timeout MS         time allowed for each probe (default 5000)
  --plugin TYPE=V1,V2,...    state the versions a plugin accepts (overrides probe and data)
  --plugin NAME@RELEASE      state a plugin's release: a type (calico@3.26.0) or a project
                             (cni-plugins, flannel-cni-plugin, calico, weave, multus,
                             aws-vpc-cni, cilium, antrea, kube-ovn, azure-cni, azure-ipam);
                             repeatable
  --matrix FILE              add or override compatibility data (JSON or YAML, same shapes as
                             src/knowledge/data/cni-compat.json, every row with its source)
  --config FILE              read settings from FILE for every file (default: the nearest
                             .cni-migrate.yaml/.yml/.json or package.json "cni-migrate" key,
                             searching up from each file; flags win over it)
  --no-config                read no configuration file
  --backup                   fix: keep each original beside it as FILE.<pid>.<date>@<time>~
  --allow-dirty              fix: rewrite files git has not recorded (unstaged changes or
                             untracked); without it they are left alone (exit 2)
  --stdin-filepath NAME      read the config from standard input (PATH -), named NAME (its
                             extension says .conf, .conflist or manifest); fix prints the result
  --follow-symlinks          follow symbolic links met in directory walks (off: a walk never
                             leaves the tree; a link named as PATH is always followed)
  --include GLOB             also scan files matching GLOB in directories (repeatable)
  --exclude GLOB             skip files matching GLOB (repeatable)
  --no-ignore                list every file: in a git work tree, do not ask git which
                             files it tracks or ignores; elsewhere, do not read .gitignore
  --node-dir GLOB            directories matching GLOB (relative to the working directory,
                             or absolute) are node config directories, as those named net.d
                             are: only those get load-order findings (repeatable)
  --format ${formats.length < 18 ? formats.padEnd(18) : `${formats}\n${' '.repeat(29)}`}output format (default text)${formats.includes('sarif') ? `
                             sarif: a SARIF 2.1.0 log for code scanning
                             github: GitHub Actions annotations (::error file=...)
                             markdown: a report to paste in a pull request` : ''}
  --fail-on LEVEL            error (default): error findings fail the run;
                             warning: warnings fail it too; never: findings and
                             needed changes never make the exit code 1
  --color, --no-color        force colour on or off (default: on for a terminal, off with
                             NO_COLOR, on with FORCE_COLOR; diff colours its patch on a terminal)
  -q, --quiet                print only the summary and errors
  --verbose                  also print info findings (counted in one line otherwise)
  --compact                  text: one table per node group or directory (file, networks,
                             change, worst finding), errors in full; for big runs${formats.includes('sarif') ? `
  -l, --list-different       print only the names of the files that change` : ''}
  -o, --output FILE          write the report (diff: the patch) to FILE instead of stdout
  -h, --help                 show this help`;

const COMMON = options('text|json|sarif|github|markdown');

const EXIT = `Exit codes:
  0  nothing to change and no finding at or above --fail-on
  1  changes needed (check, diff) or findings at or above --fail-on (error by
     default) remain; never with --fail-on never
  2  usage error (nothing is written), or a file could not be read or parsed
     (it is left as it is; the other files are still processed)
  3  internal error (an edit failed verification and was refused)
  --fail-on never changes only exit code 1: 2 and 3 are always reported.`;

const PROBE = `Usage: cni-migrate probe [--bin-dir DIR] [--runtime NAME@VERSION] [--format text|json]
                         [--probe-timeout MS]

Lists every executable file in DIR (default /opt/cni/bin), asks each which CNI spec
versions it accepts (CNI_COMMAND=VERSION, as libcni does) and prints them. With --runtime,
also says whether each accepts the newest config version that runtime executes and, for
containerd, whether the loopback binary accepts the cniVersion of containerd's built-in
loopback network. Writes nothing.

Examples:
  cni-migrate probe
  cni-migrate probe --bin-dir /usr/lib/cni --runtime containerd@1.6.3
  cni-migrate probe --format json

Options:
  --bin-dir DIR              the directory of plugin binaries (default /opt/cni/bin)
  --runtime NAME@VERSION     containerd@X.Y.Z or cri-o@X.Y.Z to check the plugins against
  --format text|json         output format (default text)
  --probe-timeout MS         time allowed for each probe (default 5000)
  -h, --help                 show this help

Exit codes:
  0  the directory was read (plugins whose probe failed are listed with the problem)
  2  usage error, or the directory does not exist or cannot be read`;

const TOPICS: Record<CommandName | 'main', string> = {
  main: `cni-migrate: check and migrate the cniVersion of Kubernetes CNI network configs,
changing nothing but the cniVersion token.

Usage: cni-migrate <command> [options] [PATH...]

Commands:
  check   report findings and what would change; writes nothing
  diff    print a unified diff of the changes (git apply accepts it); writes nothing
  fix     apply the changes in place, atomically
  probe   list the plugin binaries in a directory and the versions each accepts
  generate containerd-bridge
          print or write the reference containerd dual-stack bridge conflist
  verify  run a conflist through the real plugin binaries (ADD, CHECK, DEL) in throwaway
          network namespaces, as libcni does (root)
  explain say what a CNI error in a kubelet/containerd/CRI-O log means and how to fix it
          (cni-migrate explain 'LOG LINE', or: journalctl -u containerd | cni-migrate explain -)
  readiness
          a fleet's readiness report for a runtime upgrade (HTML, Markdown, JSON) from the
          facts the readiness playbook gathers

PATH is a file or a directory (default .), or - for standard input. Directories are walked for
${WALKED_FILES} (CNI configs on their own or inside Kubernetes
manifests), and templates of them (${TEMPLATE_FILES}),
skipping node_modules and .git; in a git work tree only the files git lists (tracked,
or untracked and not ignored), elsewhere honouring .gitignore. What containerd and CRI-O would
load is reported for node config directories: those named net.d, and --node-dir ones.

${COMMON}

${EXIT}

Run 'cni-migrate help <command>' for examples.`,
  check: `Usage: cni-migrate check [options] [PATH...]

Reports, per file, findings with line:column and the cniVersion each network would get.
Writes nothing.

Examples:
  cni-migrate check /etc/cni/net.d --bin-dir /opt/cni/bin --runtime containerd@1.7.0
  cni-migrate check . --plugin cni-plugins@1.1.1 --format json
  cni-migrate check . --format sarif > cni-migrate.sarif  # for codeql-action/upload-sarif
  cni-migrate check . --format github --fail-on warning   # annotations in a workflow
  cni-migrate check . --format markdown -o cni-report.md   # a pull request comment
  cni-migrate check . --compact                           # a big repository at a glance
  kubectl -n kube-system get cm calico-config -o json | cni-migrate check - --stdin-filepath calico-config.json

${COMMON}

${EXIT}`,
  diff: `Usage: cni-migrate diff [options] [PATH...]

Prints a unified diff (paths relative to the working directory, a/ and b/ prefixes) on
stdout; findings go to stderr. Writes nothing.

Examples:
  cni-migrate diff nodes/ --plugin cni-plugins@1.1.1 > cni.patch && git apply cni.patch
  cni-migrate diff 10-containerd-net.conflist --target-version 1.0.0 --plugin cni-plugins@1.1.1
  git show HEAD:net.d/10-flannel.conflist | cni-migrate diff --stdin-filepath net.d/10-flannel.conflist

${options('text|json')}

${EXIT}`,
  fix: `Usage: cni-migrate fix [options] [PATH...]

Rewrites files in place: a temp file beside each, then rename, keeping the mode. A file that
changes on disk while it is processed is not written. In a git work tree, a file with changes
git has not recorded (unstaged, or untracked) is left alone unless --allow-dirty, so every fix
can be reviewed with git diff and undone on its own; staged changes are fine. With PATH -, the
fixed config is printed on stdout and the report goes to stderr. Prints what changed.

Examples:
  cni-migrate fix /etc/cni/net.d --bin-dir /opt/cni/bin --runtime containerd@1.6.4
  cni-migrate fix manifests/ --plugin cni-plugins@1.1.1 --target-version 1.0.0
  cni-migrate fix . --allow-dirty --backup   # a work tree with uncommitted edits
  cni-migrate fix - --stdin-filepath 10-bridge.conflist < in.conflist > out.conflist

${COMMON}

${EXIT}`,
  probe: PROBE,
};

export function helpText(command: CommandName | null): string {
  return `${TOPICS[command ?? 'main']}\n`;
}
