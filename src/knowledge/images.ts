/**
 * Plugin releases learned from the container images of CNI manifests. The DaemonSet that ships a
 * CNI config also installs the plugin binaries that config runs with, and its image tags name
 * their release: `calico/cni:v3.24.0` is Calico's cni-plugin 3.24.0, which also installs
 * containernetworking/plugins v1.1.1. What each image tells is data with its sources
 * (src/knowledge/data/bundled-plugins.ts); this module only applies it. Pure: no file system, no processes.
 */
import { ARCH_SUFFIX, ARCH_SUFFIX_REFERENCES, IMAGE_RULES, TEMPLATE_TOKEN, type ImageRule } from './data/bundled-plugins.js';
import { installedReleases } from './image-bundles.js';

/** One container image found in a manifest, with where it was found. */
export interface ManifestImage {
  readonly image: string;
  /** e.g. "DaemonSet kube-system/calico-node initContainer install-cni" */
  readonly where: string;
  /** Plugin binaries the container copies into a node's CNI bin directory (`cp -f /flannel /opt/cni/bin/flannel`). */
  readonly copies?: readonly string[];
}

/** A release learned from an image tag. `name` is a PluginFacts.releases key (project alias or plugin type). */
export interface ImageRelease {
  readonly name: string;
  readonly release: string;
  readonly image: string;
  readonly where: string;
  readonly references: readonly string[];
  /** The plugin types the release is stated for, where the image installs only some of them; absent: the whole project. */
  readonly types?: readonly string[];
}

export interface ImageProblem {
  readonly image: string;
  readonly where: string;
  /** "pinned by digest, no tag", "no tag", "tag 'latest' names no release", "templated", "conflicting tags: …" */
  readonly problem: string;
  /** The repository itself is templated: which image it is, and whether it installs plugins, is not known. */
  readonly anyImage?: true;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATH: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(POD_SPEC_PATH.keys());

/**
 * The workloads that install CNI plugins on nodes: a DaemonSet runs on every node (Calico's
 * install-cni, flannel's install-cni-plugin, Multus, aws-node). Deployments and Jobs beside them
 * (calico-kube-controllers, an operator) run an image, sometimes the same one, that installs
 * nothing on the nodes.
 */
export const INSTALLER_KINDS: ReadonlySet<string> = new Set(['DaemonSet']);

/** Init containers run first (they are what installs the binaries in most CNI manifests). */
const CONTAINER_FIELDS = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
] as const;

const MAX_LIST_DEPTH = 8;

/**
 * Container images (containers and initContainers) of the workloads in parsed Kubernetes
 * documents (plain JS values as yaml's doc.toJS() returns; a `kind: List` has `items`). Pod,
 * DaemonSet, Deployment, StatefulSet, ReplicaSet, Job, CronJob. Ignores anything else; never
 * throws on odd shapes.
 */
export function imagesOf(docs: readonly unknown[], kinds: ReadonlySet<string> = WORKLOAD_KINDS): ManifestImage[] {
  const found: ManifestImage[] = [];
  /** Lists being walked: YAML aliases can make a List contain itself. */
  const walking = new Set<object>();

  const visit = (doc: unknown, depth: number): void => {
    if (!isRecord(doc)) return;
    const kind = doc['kind'];
    if (kind === undefined && doc['apiVersion'] === undefined) {
      found.push(...valuesImages(doc));
      return;
    }
    if (typeof kind !== 'string') return;
    if (kind.endsWith('List')) {
      const items = doc['items'];
      if (!Array.isArray(items) || depth >= MAX_LIST_DEPTH || walking.has(doc)) return;
      walking.add(doc);
      for (const item of items) visit(item, depth + 1);
      walking.delete(doc);
      return;
    }
    const path = kinds.has(kind) ? POD_SPEC_PATH.get(kind) : undefined;
    if (!path) return;
    const podSpec = valueAt(doc, ...path);
    if (!isRecord(podSpec)) return;
    const owner = `${kind} ${objectName(doc['metadata'])}`;
    for (const [field, label] of CONTAINER_FIELDS) {
      const containers = podSpec[field];
      if (!Array.isArray(containers)) continue;
      containers.forEach((c: unknown, i) => {
        if (!isRecord(c)) return;
        const image = c['image'];
        if (typeof image !== 'string' || image.trim() === '') return;
        const name = typeof c['name'] === 'string' && c['name'] !== '' ? c['name'] : `#${i}`;
        const copies = copiedPlugins(c);
        found.push({ image: image.trim(), where: `${owner} ${label} ${name}`, ...(copies.length ? { copies } : {}) });
      });
    }
  };

  if (Array.isArray(docs)) for (const doc of docs) visit(doc, 0);
  return found;
}

/** How deep a Helm values file is searched for images (`flannel.flannel_cni.image` is 3 keys down). */
const MAX_VALUES_DEPTH = 6;

/**
 * The images a Helm values file configures (a document with neither `kind` nor `apiVersion`), as
 * charts write them: `image: {repository, tag}` (with `registry` where given) or `image: "repo:tag"`.
 * A chart's values hold the images its DaemonSets run, which install the plugins: flannel's
 * chart has `flannel.flannel_cni.image: {repository: ghcr.io/flannel-io/flannel-cni-plugin, tag:
 * v1.9.1-flannel3}` beside its `cniConf`. An image without a tag there (the chart's appVersion
 * fills it) names no release, and is left out.
 */
function valuesImages(values: Record<string, unknown>): ManifestImage[] {
  const found: ManifestImage[] = [];
  const walk = (node: unknown, path: readonly string[]): void => {
    if (!isRecord(node) || path.length >= MAX_VALUES_DEPTH) return;
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      const image = key === 'image' ? imageOfValue(value) : null;
      if (image) found.push({ image, where: `values ${at.join('.')}` });
      else walk(value, at);
    }
  };
  walk(values, []);
  return found;
}

function imageOfValue(value: unknown): string | null {
  if (typeof value === 'string') return /:[^/:]+$/.test(value.trim()) ? value.trim() : null;
  if (!isRecord(value)) return null;
  const { registry, repository, tag } = value;
  if (typeof repository !== 'string' || repository === '' || typeof tag !== 'string' || tag === '') return null;
  return `${typeof registry === 'string' && registry !== '' ? `${registry}/` : ''}${repository}:${tag}`;
}

/** A file named in a node's CNI bin directory, as a command line writes it (`/opt/cni/bin/flannel`, `/host/opt/cni/bin/bridge`). */
const CNI_BIN_FILE = /(?:^|[\s'"=])\/(?:host\/)?opt\/cni\/bin\/([A-Za-z0-9][A-Za-z0-9._+-]*)(?=$|[\s'";&|])/g;

/**
 * The plugins a container copies into the node's CNI bin directory, by the files its `command`
 * and `args` name there: flannel's install-cni-plugin runs `cp -f /flannel /opt/cni/bin/flannel`.
 */
function copiedPlugins(container: Record<string, unknown>): string[] {
  const words = [container['command'], container['args']].flatMap((v) => (Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : []));
  const line = words.join(' ');
  if (!line.includes('cp') || !line.includes('/opt/cni/bin/')) return [];
  return [...new Set([...line.matchAll(CNI_BIN_FILE)].map((m) => m[1]!))];
}

/** Every repository a rule reads, in lower case as releasesFromImages compares them. */
export const RULE_REPOSITORIES: readonly string[] = [...new Set(IMAGE_RULES.flatMap((r) => r.repositories.map((repo) => repo.toLowerCase())))];

/**
 * Any of RULE_REPOSITORIES, found in one pass over a text rather than one pass per repository
 * (46 of them: the costliest step of planning a small Calico or Flannel manifest).
 */
const RULE_REPOSITORY = new RegExp(RULE_REPOSITORIES.map((repo) => repo.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));

/**
 * Whether the text of a document could hold an image that releasesFromImages reads or reports: one
 * of a rule's repositories, or a template (a templated image is reported whatever it is), or an
 * escape that could spell either. A test before a document is parsed for its images: a workload
 * of an application image beside a CNI config is not parsed at all.
 */
export function mightNameKnownImage(text: string): boolean {
  if (text.includes('{{') || text.includes('{%') || text.includes('${') || text.includes('\\')) return true;
  return RULE_REPOSITORY.test(text.toLowerCase());
}

/** Releases the images imply. */
export function releasesFromImages(images: readonly ManifestImage[]): { releases: ImageRelease[]; problems: ImageProblem[] } {
  const releases: ImageRelease[] = [];
  const problems: ImageProblem[] = [];
  const kept = new Map<string, ImageRelease>();
  const problemKeys = new Set<string>();

  const problem = (img: ManifestImage, text: string, anyImage = false): void => {
    const key = JSON.stringify([img.image, img.where, text]);
    if (problemKeys.has(key)) return;
    problemKeys.add(key);
    problems.push({ image: img.image, where: img.where, problem: text, ...(anyImage ? { anyImage: true as const } : {}) });
  };

  /** Keeps the first release per name; a different one later is a conflict. */
  const offer = (r: ImageRelease): 'new' | 'same' | 'conflict' => {
    const prev = kept.get(r.name);
    if (!prev) {
      kept.set(r.name, r);
      releases.push(r);
      return 'new';
    }
    if (prev.release === r.release) return 'same';
    problem(r, `conflicting tags: ${r.name} ${r.release} here, ${prev.release} kept from ${prev.image} (${prev.where})`);
    return 'conflict';
  };

  for (const img of Array.isArray(images) ? images : []) {
    if (!isManifestImage(img)) continue;
    const ref = parseImageReference(img.image);
    if (ref.repositoryTemplated) {
      problem(img, 'templated', true);
      continue;
    }
    const rule = IMAGE_RULES.find((r) => r.repositories.some((repo) => ref.repository === repo || ref.repository.endsWith(`/${repo}`)));
    if (!rule || rule.name === null) continue;

    if (ref.tag === null) {
      problem(img, ref.digest ? 'pinned by digest, no tag' : 'no tag');
      continue;
    }
    if (ref.tag.includes(TEMPLATE_MARK)) {
      problem(img, 'templated');
      continue;
    }
    const read = releaseFromTag(rule, ref.tag);
    if (!read) {
      problem(img, `tag '${ref.tag}' names no release`);
      continue;
    }
    const references = read.archStripped ? [...rule.references, ...ARCH_SUFFIX_REFERENCES] : rule.references;
    const [own, ...bundled] = installedReleases({ ...rule, name: rule.name }, ref.tag, read.release, references);
    if (!own || offer({ ...own, image: img.image, where: img.where }) !== 'new') continue;
    for (const b of bundled) offer({ ...b, image: img.image, where: img.where });
  }
  return { releases, problems };
}

/** Stands in for a template token while the reference is split, so `:`, `/` and `@` inside it do not count. */
const TEMPLATE_MARK = '\u0000';

interface ImageReference {
  /** Repository path without the registry host, lower case; only its literal trailing components when templated. */
  readonly repository: string;
  /** True when the last repository component is (partly) a template: the image cannot be told. */
  readonly repositoryTemplated: boolean;
  readonly tag: string | null;
  readonly digest: boolean;
}

/** Splits `[registry[:port]/]path[:tag][@digest]`. */
function parseImageReference(image: string): ImageReference {
  const text = image.trim().replace(TEMPLATE_TOKEN, TEMPLATE_MARK);
  const at = text.indexOf('@');
  const nameAndTag = at >= 0 ? text.slice(0, at) : text;
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  let parts = name.split('/');
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) parts = parts.slice(1);
  let literalFrom = parts.length;
  while (literalFrom > 0 && !(parts[literalFrom - 1] ?? '').includes(TEMPLATE_MARK)) literalFrom--;
  return {
    repository: parts.slice(literalFrom).join('/').toLowerCase(),
    repositoryTemplated: literalFrom === parts.length,
    tag: hasTag ? nameAndTag.slice(colon + 1) : null,
    digest: at >= 0,
  };
}

/** The release a tag names under a rule: `v3.26.0-amd64` → `3.26.0`, `v1.9.1-flannel3` → `1.9.1-flannel3`. */
function releaseFromTag(rule: ImageRule, tag: string): { release: string; archStripped: boolean } | null {
  let rest = tag;
  let archStripped = false;
  for (let before = ''; before !== rest; ) {
    before = rest;
    const noArch = rest.replace(ARCH_SUFFIX, '');
    if (noArch !== rest) archStripped = true;
    rest = noArch;
    for (const suffix of rule.stripSuffixes ?? []) rest = rest.replace(suffix, '');
  }
  const keep = rule.keepSuffix ? `(?:${rule.keepSuffix.source})?` : '';
  const match = new RegExp(`^[vV]?(\\d+\\.\\d+(?:\\.\\d+)?${keep})$`).exec(rest);
  return match?.[1] ? { release: match[1], archStripped } : null;
}

function objectName(metadata: unknown): string {
  const name = isRecord(metadata) && typeof metadata['name'] === 'string' && metadata['name'] !== '' ? metadata['name'] : '(unnamed)';
  const namespace = isRecord(metadata) && typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? metadata['namespace'] : null;
  return namespace === null ? name : `${namespace}/${name}`;
}

function isManifestImage(value: unknown): value is ManifestImage {
  return isRecord(value) && typeof value['image'] === 'string' && typeof value['where'] === 'string';
}

/** The value at a path of keys in a parsed document; undefined where the path leaves its objects. */
export function valueAt(doc: unknown, ...keys: readonly string[]): unknown {
  return keys.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), doc);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
