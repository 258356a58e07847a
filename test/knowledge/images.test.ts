/**
 * Plugin releases from manifest image tags: every rule of src/knowledge/data/bundled-plugins.ts, the odd
 * shapes imagesOf must survive, and the expected releases of every YAML manifest of the shared
 * corpus (read from the manifests by hand).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CALICO_BUNDLED_CNI_PLUGINS,
  CALICO_BUNDLED_PLUGIN_TYPES,
  IMAGE_RULES,
} from '../../src/knowledge/data/bundled-plugins.js';
import { compat, projectAlias } from '../../src/knowledge/data/compat.js';
import { imagesOf, mightNameKnownImage, releasesFromImages, RULE_REPOSITORIES, type ManifestImage } from '../../src/knowledge/images.js';
import { seededRandom } from '../helpers/seeded.js';
import { resolvePluginSupport } from '../../src/knowledge/plugin-support.js';

const W = 'DaemonSet kube-system/x container c';

function one(image: string, where = W): ManifestImage {
  return { image, where };
}

/** [name, release] pairs and problem strings for a list of image references. */
function read(...images: string[]): { releases: [string, string][]; problems: string[] } {
  const r = releasesFromImages(images.map((i) => one(i)));
  return { releases: r.releases.map((x) => [x.name, x.release]), problems: r.problems.map((p) => p.problem) };
}

function daemonSet(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'ds', namespace: 'kube-system' }): unknown {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { template: { spec } } };
}

// ---------------------------------------------------------------------------------------------
// imagesOf
// ---------------------------------------------------------------------------------------------

describe('imagesOf', () => {
  it('reads initContainers then containers, naming where each was found', () => {
    const doc = daemonSet({
      containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.24.0' }],
      initContainers: [
        { name: 'upgrade-ipam', image: 'docker.io/calico/cni:v3.24.0' },
        { name: 'install-cni', image: ' docker.io/calico/cni:v3.24.0 ' },
      ],
    }, { name: 'calico-node', namespace: 'kube-system' });
    expect(imagesOf([doc])).toEqual([
      { image: 'docker.io/calico/cni:v3.24.0', where: 'DaemonSet kube-system/calico-node initContainer upgrade-ipam' },
      { image: 'docker.io/calico/cni:v3.24.0', where: 'DaemonSet kube-system/calico-node initContainer install-cni' },
      { image: 'docker.io/calico/node:v3.24.0', where: 'DaemonSet kube-system/calico-node container calico-node' },
    ]);
  });

  it.each([
    ['Pod', { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }, 'Pod p container c'],
    ['Deployment', { kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }, 'Deployment n/d container c'],
    ['StatefulSet', { kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }, 'StatefulSet s container c'],
    ['ReplicaSet', { kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { template: { spec: { initContainers: [{ name: 'c', image: 'i' }] } } } }, 'ReplicaSet r initContainer c'],
    ['Job', { kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }, 'Job j container c'],
    [
      'CronJob',
      { kind: 'CronJob', metadata: { name: 'cj' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } } },
      'CronJob cj container c',
    ],
  ])('reads a %s', (_kind, doc, where) => {
    expect(imagesOf([doc])).toEqual([{ image: 'i', where }]);
  });

  it('names the plugins a container copies into the CNI bin directory, by its command and args', () => {
    const doc = daemonSet({
      initContainers: [
        // flannel's install-cni-plugin; a shell line installing two binaries, one into /host
        { name: 'install-cni-plugin', image: 'i', command: ['cp'], args: ['-f', '/flannel', '/opt/cni/bin/flannel'] },
        { name: 'sh', image: 'j', command: ['/bin/sh', '-c', 'cp /bin/bridge /host/opt/cni/bin/bridge && cp /bin/x "/opt/cni/bin/ptp"'] },
        // The config copied into net.d, and a directory copied whole, name no plugin.
        { name: 'install-cni', image: 'k', command: ['cp'], args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'] },
        { name: 'all', image: 'l', command: ['cp', '-r', '/plugins/.', '/opt/cni/bin/'] },
      ],
    });
    expect(imagesOf([doc]).map((i) => i.copies ?? [])).toEqual([['flannel'], ['bridge', 'ptp'], [], []]);
  });

  it("reads a Helm values file's images: {registry, repository, tag} maps and repo:tag strings, not those without a tag", () => {
    const values = {
      flannel: { image: { repository: 'ghcr.io/flannel-io/flannel', tag: 'v0.28.9' }, flannel_cni: { image: { repository: 'ghcr.io/flannel-io/flannel-cni-plugin', tag: 'v1.9.1-flannel3' } } },
      multus: { image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0' },
      calico: { image: { registry: 'quay.io', repository: 'calico/cni', tag: 'v3.28.0' } },
      untagged: { image: { repository: 'docker.io/calico/cni', tag: '' } },
      bare: { image: 'docker.io/calico/cni' },
    };
    expect(imagesOf([values])).toEqual([
      { image: 'ghcr.io/flannel-io/flannel:v0.28.9', where: 'values flannel.image' },
      { image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3', where: 'values flannel.flannel_cni.image' },
      { image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0', where: 'values multus.image' },
      { image: 'quay.io/calico/cni:v3.28.0', where: 'values calico.image' },
    ]);
    // A Kubernetes object that is no workload says nothing.
    expect(imagesOf([{ apiVersion: 'v1', kind: 'ConfigMap', data: { image: 'docker.io/calico/cni:v3.28.0' } }])).toEqual([]);
  });

  it('walks List items, nested Lists and typed lists', () => {
    const ds = daemonSet({ containers: [{ name: 'c', image: 'weaveworks/weave-kube:2.8.1' }] }, { name: 'weave-net' });
    const list = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'ServiceAccount' }, ds, { kind: 'List', items: [ds] }] };
    const typed = { kind: 'DaemonSetList', items: [ds] };
    expect(imagesOf([list, typed]).map((i) => i.where)).toEqual([
      'DaemonSet weave-net container c',
      'DaemonSet weave-net container c',
      'DaemonSet weave-net container c',
    ]);
  });

  it('ignores other kinds and anything without a kind', () => {
    expect(
      imagesOf([
        { kind: 'ConfigMap', data: { image: 'calico/cni:v3.24.0' } },
        { kind: 'Service', spec: { containers: [{ image: 'calico/cni:v3.24.0' }] } },
        { kind: 'ReplicationController', spec: { template: { spec: { containers: [{ image: 'calico/cni:v3.24.0' }] } } } },
        { spec: { template: { spec: { containers: [{ image: 'calico/cni:v3.24.0' }] } } } },
        { kind: 'Pod', spec: { template: { spec: { containers: [{ image: 'wrong-level' }] } } } },
      ]),
    ).toEqual([]);
  });

  it('names unnamed objects and containers', () => {
    expect(imagesOf([daemonSet({ containers: [{ image: 'a' }, { name: '', image: 'b' }] }, {})])).toEqual([
      { image: 'a', where: 'DaemonSet (unnamed) container #0' },
      { image: 'b', where: 'DaemonSet (unnamed) container #1' },
    ]);
    expect(imagesOf([{ kind: 'Pod', spec: { containers: [{ name: 'c', image: 'a' }] } }])).toEqual([{ image: 'a', where: 'Pod (unnamed) container c' }]);
  });

  it('never throws on odd shapes', () => {
    const cyclic: Record<string, unknown> = { kind: 'List' };
    cyclic['items'] = [cyclic, daemonSet({ containers: [{ name: 'c', image: 'ok' }] })];
    let deep: unknown = daemonSet({ containers: [{ name: 'c', image: 'too-deep' }] });
    for (let i = 0; i < 50; i++) deep = { kind: 'List', items: [deep] };
    const odd: unknown[] = [
      null,
      undefined,
      0,
      'DaemonSet',
      true,
      [],
      [daemonSet({ containers: [{ image: 'in-an-array' }] })],
      {},
      { kind: null },
      { kind: 42 },
      { kind: 'DaemonSet' },
      { kind: 'DaemonSet', spec: null },
      { kind: 'DaemonSet', spec: [] },
      { kind: 'DaemonSet', spec: { template: 'x' } },
      { kind: 'DaemonSet', spec: { template: { spec: { containers: 'nginx' } } } },
      { kind: 'DaemonSet', spec: { template: { spec: { containers: { image: 'x' } } } } },
      daemonSet({ containers: [null, 1, 'x', [], { image: null }, { image: 42 }, { image: ['a'] }, { image: '' }, { image: '   ' }] }),
      daemonSet({ containers: [{ name: 'c', image: 'ok2' }] }, null as unknown as Record<string, unknown>),
      daemonSet({ containers: [{ name: 7, image: 'ok3' }] }, { name: 5, namespace: [] }),
      { kind: 'List' },
      { kind: 'List', items: null },
      { kind: 'List', items: { a: 1 } },
      { kind: 'constructor' },
      { kind: '__proto__', spec: {} },
      { kind: 'toString', spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      cyclic,
      deep,
    ];
    let result: ManifestImage[] = [];
    expect(() => {
      result = imagesOf(odd);
    }).not.toThrow();
    expect(result.map((i) => i.image)).toEqual(['ok2', 'ok3', 'ok']);
    expect(result[0]?.where).toBe('DaemonSet (unnamed) container c');
    expect(result[1]?.where).toBe('DaemonSet (unnamed) container #0');
    expect(imagesOf([])).toEqual([]);
    expect(() => imagesOf(null as unknown as unknown[])).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// releasesFromImages: the rules
// ---------------------------------------------------------------------------------------------

describe('releasesFromImages: Calico', () => {
  it.each([
    'calico/cni:v3.24.0',
    'docker.io/calico/cni:v3.24.0',
    'quay.io/calico/cni:v3.24.0',
    'registry.example.com:5000/mirror/calico/cni:v3.24.0',
    'localhost/calico/cni:v3.24.0',
  ])('%s → calico 3.24.0 and the cni-plugins it bundles (1.1.1)', (image) => {
    expect(read(image)).toEqual({ releases: [['calico', '3.24.0'], ['cni-plugins', '1.1.1']], problems: [] });
  });

  it('cites its sources, the bundled table for cni-plugins', () => {
    const { releases } = releasesFromImages([one('docker.io/calico/cni:v3.24.0')]);
    const [calico, plugins] = releases;
    expect(calico).toMatchObject({ name: 'calico', release: '3.24.0', image: 'docker.io/calico/cni:v3.24.0', where: W });
    expect(calico?.references.some((r) => r.includes('cni-compat.json plugins.calico'))).toBe(true);
    expect(plugins?.references[0]).toBe(
      'calico/cni >=3.23.0 <3.27.5 installs containernetworking/plugins 1.1.1 (v3.23.0–v3.24.5: CNI_VERSION=v1.1.1; v3.24.6–v3.27.4: CNI_VERSION=v1.1.1-calico+go-1.x (rebuilds of v1.1.1))',
    );
    expect(plugins?.references.some((r) => r.startsWith('cni-compat.md §4 Calico, bundled plugins table'))).toBe(true);
    expect(plugins?.references.some((r) => r.startsWith('cni-compat.json templates["calico-config.cni_network_config"].bundledPlugins'))).toBe(true);
  });

  // Each case follows evidence/calico-*-tags.tsv (CNI_VERSION per tag).
  it.each([
    ['1.4.4', null], // no CNI_VERSION recorded
    ['1.6.2', '0.5.1'],
    ['1.10.0', '0.5.2'],
    ['1.11.8', '0.6.0'], // Calico 2.6.12
    ['2.0.0', '0.6.0'], // Calico 3.0
    ['2.0.7', '0.6.0'],
    ['3.0.5', null], // no such calico/cni tag; Calico 3.0.x used cni v2.0.x
    ['3.0.10', '0.6.0'],
    ['3.1.0', '0.6.0'],
    ['3.1.7', '0.6.0'],
    ['3.2.6', '0.6.0'],
    ['3.2.7', '0.7.5'],
    ['3.3.0', '0.7.1'],
    ['3.3.6', '0.7.5'],
    ['3.4.3', '0.7.1'],
    ['3.4.4', '0.7.5'],
    ['3.5.3', '0.7.1'],
    ['3.5.4', '0.7.5'],
    ['3.6.0', '0.7.1'],
    ['3.6.1', '0.7.5'],
    ['3.7.5', '0.7.5'],
    ['3.8.0', '0.8.0'],
    ['3.14.2', '0.8.0'],
    ['3.15.0', '0.8.6'],
    ['3.20.6', '0.8.6'],
    ['3.21.0', '1.0.0'],
    ['3.22.5', '1.0.0'],
    ['3.23.0', '1.1.1'],
    ['3.24.0', '1.1.1'],
    ['3.27.4', '1.1.1'],
    ['3.27.5', 'fork'], // projectcalico/containernetworking-plugins master
    ['3.28.0', '1.1.1'],
    ['3.28.2', '1.1.1'],
    ['3.28.3', 'fork'],
    ['3.29.0', 'fork'],
    ['3.30.0', 'fork'],
    ['3.31.7', 'fork'],
    ['3.32.1', 'fork'],
  ])('calico/cni:v%s bundles cni-plugins %s', (calico, plugins) => {
    // null: Calico's own fork, a release line numbered by the Calico release (calico-fork.ts).
    const expected: [string, string][] = [['calico', calico]];
    if (plugins === 'fork') expected.push(['calico-cni-plugins', calico]);
    else if (plugins !== null) expected.push(['cni-plugins', plugins]);
    expect(read(`calico/cni:v${calico}`)).toEqual({ releases: expected, problems: [] });
  });

  it('v0.6.0, v0.7.1 and v0.7.5 select the same data for every bundled plugin type', () => {
    for (const type of CALICO_BUNDLED_PLUGIN_TYPES) {
      const [a, b, c] = ['0.6.0', '0.7.1', '0.7.5'].map((release) =>
        // The stated release is echoed in the sources; everything else must be equal.
        JSON.parse(JSON.stringify(resolvePluginSupport(type, { releases: { 'cni-plugins': release } }).support).replaceAll(`"release":"${release}"`, '"release":"X"')),
      );
      expect(b, type).toEqual(a);
      expect(c, type).toEqual(a);
    }
  });

  it('every bundled release from 0.6.0 on selects a data row of the bundled types', () => {
    for (const row of CALICO_BUNDLED_CNI_PLUGINS) {
      if (row.cniPlugins === null || semver.lt(row.cniPlugins, '0.6.0')) continue;
      for (const type of ['loopback', 'host-local', 'portmap', 'tuning']) {
        expect(resolvePluginSupport(type, { releases: { 'cni-plugins': row.cniPlugins } }).support.status, `${type} ${row.cniPlugins}`).toBe('exact');
      }
    }
  });

  it('the bundled table rows are valid, disjoint ranges with sources', () => {
    for (const [i, row] of CALICO_BUNDLED_CNI_PLUGINS.entries()) {
      expect(semver.validRange(row.calicoCni), row.calicoCni).not.toBeNull();
      expect(row.references.length).toBeGreaterThan(0);
      expect(row.evidence).not.toBe('');
      for (const other of CALICO_BUNDLED_CNI_PLUGINS.slice(i + 1)) {
        expect(semver.intersects(row.calicoCni, other.calicoCni), `${row.calicoCni} vs ${other.calicoCni}`).toBe(false);
      }
    }
  });

  it('Calico 2.x images carry the cni-plugin version, which the calico data rows use', () => {
    const { releases } = releasesFromImages([one('quay.io/calico/cni:v1.11.8')]);
    expect(releases.map((r) => [r.name, r.release])).toEqual([['calico', '1.11.8'], ['cni-plugins', '0.6.0']]);
    const facts = { releases: Object.fromEntries(releases.map((r) => [r.name, r.release])) };
    const calico = resolvePluginSupport('calico', facts).support;
    expect(calico).toMatchObject({ status: 'exact', versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'] });
  });

  it('the unified calico/calico image counts as calico (master manifests: no release)', () => {
    expect(read('quay.io/calico/calico:v3.33.0')).toEqual({ releases: [['calico', '3.33.0'], ['calico-cni-plugins', '3.33.0']], problems: [] });
    expect(read('quay.io/calico/calico:master')).toEqual({ releases: [], problems: ["tag 'master' names no release"] });
  });

  it('other Calico images say nothing: only calico/cni names the plugin release', () => {
    expect(read('calico/node:v3.27.0', 'calico/kube-controllers:latest', 'calico/typha@sha256:0123', 'quay.io/tigera/cni:v3.19.0', 'calico/cni-windows:v3.26.0', 'mycalico/cni:v3.26.0')).toEqual({
      releases: [],
      problems: [],
    });
    expect(read('docker.io/calico/cni:v3.26.0', 'docker.io/calico/node:v3.27.0')).toEqual({
      releases: [['calico', '3.26.0'], ['cni-plugins', '1.1.1']],
      problems: [],
    });
  });
});

describe('releasesFromImages: Flannel', () => {
  it.each([
    ['flannel/flannel-cni-plugin:v1.1.2', '1.1.2'],
    ['docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel1', '1.5.1-flannel1'],
    ['ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3', '1.9.1-flannel3'],
    ['rancher/mirrored-flannelcni-flannel-cni-plugin:v1.0.0', '1.0.0'],
    ['docker.io/rancher/mirrored-flannelcni-flannel-cni-plugin:v1.1.0', '1.1.0'],
    ['flannelcni/flannel-cni-plugin:v1.0.1', '1.0.1'],
    ['flannelcni/flannel-cni-plugin:v1.1.0-amd64', '1.1.0'],
  ])('%s → flannel-cni-plugin %s', (image, release) => {
    expect(read(image)).toEqual({ releases: [['flannel-cni-plugin', release]], problems: [] });
  });

  it('the kept -flannelN suffix still selects the data row', () => {
    const support = resolvePluginSupport('flannel', { releases: { 'flannel-cni-plugin': '1.9.1-flannel3' } }).support;
    expect(support).toMatchObject({ status: 'exact' });
    if (support.status === 'exact') expect(support.versions.at(-1)).toBe('1.1.0');
  });

  it('the flannel daemon image says nothing, not even a problem', () => {
    expect(
      read(
        'quay.io/coreos/flannel:v0.10.0-amd64',
        'quay.io/coreos/flannel-git:v0.6.1-62-g6d631ba-amd64',
        'flannel/flannel:v0.24.4',
        'docker.io/flannel/flannel:latest',
        'ghcr.io/flannel-io/flannel@sha256:0123',
        'docker.io/rancher/mirrored-flannelcni-flannel:v0.20.0',
        'registry.cn-hangzhou.aliyuncs.com/google-containers/flannel:v0.9.0',
        'quay.io/coreos/flannel',
      ),
    ).toEqual({ releases: [], problems: [] });
  });
});

describe('releasesFromImages: Multus, AWS VPC CNI, Weave, Cilium', () => {
  it.each([
    ['nfvpe/multus:v3.4', 'multus', '3.4'],
    ['nfvpe/multus:v3.4.1-amd64', 'multus', '3.4.1'],
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0', 'multus', '4.3.0'],
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2-thick', 'multus', '4.0.2'],
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0-thick-arm64', 'multus', '4.1.0'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3', 'aws-vpc-cni', '1.18.3'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.15.3', 'aws-vpc-cni', '1.15.3'],
    ['amazon-k8s-cni:v1.18.5-eksbuild.1', 'aws-vpc-cni', '1.18.5'],
    // Vendor builds, as real manifests name them (sources in src/knowledge/data/bundled-plugins.ts):
    // aws/amazon-vpc-cni-k8s config/multus/v3.7.2-eksbuild.1/aws-k8s-multus.yaml and
    // v4.1.4-eksbuild.3/multus-daemonset-thick.yml; rancher/rke2-charts rke2-multus values.yaml.
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/multus-cni:v3.7.2-eksbuild.1', 'multus', '3.7.2'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/multus-cni:v3.7.2-eksbuild.2', 'multus', '3.7.2'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/multus-cni:v4.1.4-eksbuild.3_thick', 'multus', '4.1.4'],
    ['rancher/hardened-multus-cni:v4.3.0-build20260819', 'multus', '4.3.0'],
    ['docker.io/rancher/hardened-multus-thick:v4.3.0-build20260819', 'multus', '4.3.0'],
    // A registry mirror or pull-through cache, and a tag pinned with its digest.
    ['harbor.example.internal/proxy-cache/k8snetworkplumbingwg/multus-cni:v4.1.0', 'multus', '4.1.0'],
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.1@sha256:0123456789abcdef', 'multus', '4.2.1'],
    ['weaveworks/weave-kube:2.8.1', 'weave', '2.8.1'],
    ['docker.io/weaveworks/weave-kube:2.5.0', 'weave', '2.5.0'],
    ['ghcr.io/weaveworks/launcher/weave-kube:2.8.1', 'weave', '2.8.1'],
  ])('%s → %s %s', (image, name, release) => {
    expect(read(image)).toEqual({ releases: [[name, release]], problems: [] });
  });

  it.each([
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:snapshot', "tag 'snapshot' names no release"],
    ['ghcr.io/k8snetworkplumbingwg/multus-cni:snapshot-thick', "tag 'snapshot-thick' names no release"],
    ['nfvpe/multus:latest', "tag 'latest' names no release"],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.12.1-rc3', "tag 'v1.12.1-rc3' names no release"],
    ['weaveworks/weave-kube:latest', "tag 'latest' names no release"],
  ])('%s → %s', (image, problem) => {
    expect(read(image)).toEqual({ releases: [], problems: [problem] });
  });

  it('the releases select data rows', () => {
    const support = (type: string, name: string, release: string) => resolvePluginSupport(type, { releases: { [name]: release } }).support.status;
    expect(support('multus', 'multus', '3.4')).toBe('exact');
    expect(support('aws-cni', 'aws-vpc-cni', '1.18.5')).toBe('exact');
    expect(support('weave-net', 'weave', '2.8.1')).toBe('exact');
  });

  it('weave-npc says nothing', () => {
    expect(read('weaveworks/weave-npc:2.8.1')).toEqual({ releases: [], problems: [] });
  });

  it("Calico Enterprise's cni image is known and names no Calico release (its numbers are Enterprise's own)", () => {
    // docs.tigera.io Calico Enterprise 3.17, "Install from a private registry".
    expect(read('quay.io/tigera/cni:v3.17.0', 'registry.example.com/mirror/tigera/cni:v3.17.0-fips')).toEqual({ releases: [], problems: [] });
    expect(IMAGE_RULES.find((r) => r.id === 'calico-enterprise-cni')?.name).toBeNull();
  });

  it('kube-router installs its bundled plugins only where the node has none: its tag says nothing', () => {
    expect(read('docker.io/cloudnativelabs/kube-router:v2.11.1', 'docker.io/cloudnativelabs/kube-router')).toEqual({ releases: [], problems: [] });
    expect(IMAGE_RULES.find((r) => r.id === 'kube-router')?.name).toBeNull();
  });

  it.each([
    ['quay.io/cilium/cilium:v1.15.0', '1.15.0'],
    // The chart's useDigest form (cilium/cilium v1.16 install/kubernetes/cilium/values.yaml:156-159).
    ['quay.io/cilium/cilium:v1.16.15@sha256:c0fa87d70a7ba624fbe581d40a7b7e9e8773a6efd4bb17d0bd14ff854039ec75', '1.16.15'],
    // RKE2's mirror (rke2-charts charts/rke2-cilium/rke2-cilium/1.20.102/values.yaml), behind a private registry.
    ['registry.example.com:5000/rancher/mirrored-cilium-cilium:v1.20.1', '1.20.1'],
  ])('the Cilium agent image %s names cilium %s, which selects a cilium-cni row', (image, release) => {
    expect(read(image)).toEqual({ releases: [['cilium', release]], problems: [] });
    expect(resolvePluginSupport('cilium-cni', { releases: { cilium: release } }).support.status).toBe('exact');
  });

  it('Cilium images without a release tag are problems', () => {
    expect(read('quay.io/cilium/cilium:latest', 'quay.io/cilium/cilium@sha256:0123')).toEqual({
      releases: [],
      problems: ["tag 'latest' names no release", 'pinned by digest, no tag'],
    });
  });
});

describe('releasesFromImages: Antrea, kube-ovn, Azure CNI, Istio', () => {
  // Image strings as the projects' manifests and release scripts write them (sources in
  // src/knowledge/data/bundled-plugins.ts), plus a registry mirror and digest-pinned tags.
  it.each([
    ['antrea/antrea-agent-ubuntu:v2.7.0', 'antrea', '2.7.0'],
    ['docker.io/antrea/antrea-agent-ubuntu:v2.0.0', 'antrea', '2.0.0'],
    ['ghcr.io/antrea-io/antrea-agent-ubuntu:v2.4.0', 'antrea', '2.4.0'],
    ['projects.registry.vmware.com/antrea/antrea-agent-ubuntu:v1.15.0', 'antrea', '1.15.0'],
    ['projects.registry.vmware.com/antrea/antrea-ubuntu:v1.0.0', 'antrea', '1.0.0'],
    ['antrea/antrea-ubuntu:v0.10.0', 'antrea', '0.10.0'],
    ['antrea/antrea-agent-ubuntu-arm64:v2.7.0', 'antrea', '2.7.0'],
    ['antrea/antrea-agent-ubi:v2.7.0', 'antrea', '2.7.0'],
    ['antrea/antrea-windows:v2.7.0', 'antrea', '2.7.0'],
    ['harbor.example.internal/proxy-cache/antrea/antrea-agent-ubuntu:v2.6.1', 'antrea', '2.6.1'],
    ['antrea/antrea-agent-ubuntu:v2.5.0@sha256:0123456789abcdef', 'antrea', '2.5.0'],
    ['docker.io/kubeovn/kube-ovn:v1.16.2', 'kube-ovn', '1.16.2'],
    ['kubeovn/kube-ovn:v1.12.0', 'kube-ovn', '1.12.0'],
    ['docker.io/kubeovn/kube-ovn:v1.10.0-dpdk', 'kube-ovn', '1.10.0'],
    ['kubeovn/kube-ovn:v1.13.0-debug', 'kube-ovn', '1.13.0'],
    ['kubeovn/kube-ovn:v1.14.0-amd64-legacy', 'kube-ovn', '1.14.0'],
    ['index.alauda.cn/alaudak8s/kube-ovn:v1.1.0', 'kube-ovn', '1.1.0'],
    ['index.alauda.cn/alaudak8s/kube-ovn-cni:v1.0.0', 'kube-ovn', '1.0.0'],
    ['registry.example.com:5000/mirror/kubeovn/kube-ovn:v1.15.4@sha256:0123456789abcdef', 'kube-ovn', '1.15.4'],
    ['mcr.microsoft.com/containernetworking/azure-cni:v1.5.16', 'azure-cni', '1.5.16'],
    ['mcr.microsoft.com/containernetworking/azure-cni:v1.6.21@sha256:0123456789abcdef', 'azure-cni', '1.6.21'],
    ['myregistry.azurecr.io/containernetworking/azure-cni:v1.8.12', 'azure-cni', '1.8.12'],
    ['mcr.microsoft.com/containernetworking/azure-ipam:v0.4.1', 'azure-ipam', '0.4.1'],
    // Istio's install-cni (the chart's hub/image:tag[-variant]).
    ['docker.io/istio/install-cni:1.26.0', 'istio', '1.26.0'],
    ['gcr.io/istio-release/install-cni:1.22.3-distroless', 'istio', '1.22.3'],
    ['istio/install-cni:1.11.8', 'istio', '1.11.8'],
    // whereabouts: the git tag, multi-arch or -amd64/-arm64 (two-part tags, v0.4, are read as 0.4.0).
    ['ghcr.io/k8snetworkplumbingwg/whereabouts:v0.9.4', 'whereabouts', '0.9.4'],
    ['ghcr.io/k8snetworkplumbingwg/whereabouts:v0.5.3-amd64', 'whereabouts', '0.5.3'],
    ['docker.io/dougbtv/whereabouts:v0.4', 'whereabouts', '0.4'],
    // sriov-cni, ib-sriov-cni (v1.1.0 was pushed as `1.1.0`), ovs-cni (quay.io until 0.32, ghcr.io after).
    ['ghcr.io/k8snetworkplumbingwg/sriov-cni:v2.10.0', 'sriov-cni', '2.10.0'],
    ['ghcr.io/k8snetworkplumbingwg/sriov-cni:v2.8.1-ppc64le', 'sriov-cni', '2.8.1'],
    ['nfvpe/sriov-cni:v2.3', 'sriov-cni', '2.3'],
    ['ghcr.io/k8snetworkplumbingwg/ib-sriov-cni:1.1.0', 'ib-sriov-cni', '1.1.0'],
    ['mellanox/ib-sriov-cni:v1.0.0', 'ib-sriov-cni', '1.0.0'],
    ['quay.io/kubevirt/ovs-cni-plugin:v0.31.1', 'ovs-cni', '0.31.1'],
    ['ghcr.io/k8snetworkplumbingwg/ovs-cni-plugin:v0.39.0', 'ovs-cni', '0.39.0'],
  ])('%s → %s %s', (image, name, release) => {
    expect(read(image)).toEqual({ releases: [[name, release]], problems: [] });
  });

  it.each([
    ['antrea/antrea-agent-ubuntu:latest', "tag 'latest' names no release"],
    ['antrea/antrea-windows:latest', "tag 'latest' names no release"],
    ['kubeovn/kube-ovn:dev', "tag 'dev' names no release"],
    ['mcr.microsoft.com/containernetworking/azure-ipam:latest', "tag 'latest' names no release"],
    ['mcr.microsoft.com/containernetworking/azure-cni@sha256:0123456789abcdef', 'pinned by digest, no tag'],
    ['ghcr.io/k8snetworkplumbingwg/whereabouts:latest-amd64', "tag 'latest-amd64' names no release"],
  ])('%s → %s', (image, problem) => {
    expect(read(image)).toEqual({ releases: [], problems: [problem] });
  });

  it('images that install no plugin of a told release say nothing', () => {
    expect(
      read(
        'antrea/antrea-controller-ubuntu:v2.7.0',
        'kubeovn/vpc-nat-gateway:v1.12.0',
        'mcr.microsoft.com/containernetworking/azure-cns:v1.5.10',
        'mcr.microsoft.com/containernetworking/cni-dropgz:v0.1.1',
      ),
    ).toEqual({ releases: [], problems: [] });
  });

  it('the releases select data rows', () => {
    const versions = (type: string, name: string, release: string): readonly string[] | string => {
      const s = resolvePluginSupport(type, { releases: { [name]: release } }).support;
      return s.status === 'exact' ? s.versions : s.status;
    };
    expect(versions('antrea', 'antrea', '2.7.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(versions('antrea', 'antrea', '1.0.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(versions('kube-ovn', 'kube-ovn', '1.16.2')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(versions('kube-ovn', 'kube-ovn', '1.12.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    for (const type of ['azure-vnet', 'azure-vnet-ipam', 'azure-vnet-ipamv6', 'azure-cns']) {
      expect(versions(type, 'azure-cni', '1.5.16'), type).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
      expect(versions(type, 'azure-cni', '1.8.12'), type).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    }
    expect(versions('azure-ipam', 'azure-ipam', '0.4.1')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    // whereabouts vendors libcni v0.7.1/v0.8.1 before 0.7.0, v1.2.0-rc1 and later from it.
    expect(versions('whereabouts', 'whereabouts', '0.6.3')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(versions('whereabouts', 'whereabouts', '0.7.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(versions('sriov', 'sriov-cni', '2.6.3')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(versions('sriov', 'sriov-cni', '2.3')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    expect(versions('sriov', 'sriov-cni', '2.8.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
    expect(versions('ib-sriov', 'ib-sriov-cni', '1.2.1')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
    // v1.0.0 installed the binary as `ib-sriov-cni`; no `ib-sriov` binary then.
    expect(versions('ib-sriov-cni', 'ib-sriov-cni', '1.0.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    // ovs 0.26–0.33 pass a list of their own: no 0.1.0, 0.2.0 or 1.0.0.
    expect(versions('ovs', 'ovs-cni', '0.31.1')).toEqual(['0.3.0', '0.3.1', '0.4.0']);
    expect(versions('ovs-mirror-consumer', 'ovs-cni', '0.39.0')).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
  });
});

describe('releasesFromImages: tags, digests and templates', () => {
  it('strips architecture suffixes and says so in the references', () => {
    const { releases } = releasesFromImages([one('calico/cni:v3.26.0-amd64')]);
    expect(releases.map((r) => [r.name, r.release])).toEqual([['calico', '3.26.0'], ['cni-plugins', '1.1.1']]);
    expect(releases[0]?.references.some((r) => r.includes('-arm64'))).toBe(true);
    expect(read('calico/cni:v3.26.0-s390x').releases[0]).toEqual(['calico', '3.26.0']);
    expect(read('calico/cni:v3.26.0-ppc64le').releases[0]).toEqual(['calico', '3.26.0']);
    expect(read('calico/cni:v3.26.0').releases[0]).toEqual(['calico', '3.26.0']);
  });

  it('a tag pinned with a digest counts; a digest alone names no release', () => {
    expect(read('docker.io/calico/cni:v3.26.0@sha256:0123abcd')).toEqual({ releases: [['calico', '3.26.0'], ['cni-plugins', '1.1.1']], problems: [] });
    expect(read('docker.io/calico/cni@sha256:0123abcd')).toEqual({ releases: [], problems: ['pinned by digest, no tag'] });
    expect(read('localhost:5000/calico/cni@sha256:0123abcd')).toEqual({ releases: [], problems: ['pinned by digest, no tag'] });
  });

  it('no tag, or a tag that is no release, is a problem', () => {
    expect(read('calico/cni').problems).toEqual(['no tag']);
    expect(read('localhost:5000/calico/cni').problems).toEqual(['no tag']);
    expect(read('calico/cni:latest').problems).toEqual(["tag 'latest' names no release"]);
    expect(read('calico/cni:master').problems).toEqual(["tag 'master' names no release"]);
    expect(read('calico/cni:v3').problems).toEqual(["tag 'v3' names no release"]);
    expect(read('calico/cni:v3.27.0-0.dev-100-gabcdef').problems).toEqual(["tag 'v3.27.0-0.dev-100-gabcdef' names no release"]);
    expect(read('calico/cni:v3.26.0-thick').problems).toEqual(["tag 'v3.26.0-thick' names no release"]);
    expect(read('calico/cni:').problems).toEqual(["tag '' names no release"]);
  });

  it('templated images are a problem when they may be a CNI image', () => {
    expect(read('{{ .Values.image }}')).toEqual({ releases: [], problems: ['templated'] });
    expect(read('{{site.imageNames["cni"]}}:{{site.data.versions[page.version].first.components["calico/cni"].version}}').problems).toEqual(['templated']);
    expect(read('quay.io/calico/cni:{{site.data.versions[page.version].first.components["calico/cni"].version}}').problems).toEqual(['templated']);
    expect(read('${REGISTRY}/calico/cni:${CALICO_VERSION}').problems).toEqual(['templated']);
    expect(read('quay.io/calico/cni:{{ .Values.tag')).toEqual({ releases: [], problems: ['templated'] });
    expect(read('{% raw %}calico/cni:v3.26.0').problems).toEqual([]);
  });

  it('a templated registry in front of a known repository still tells the release', () => {
    expect(read('{{ .Values.registry }}/calico/cni:v3.26.0')).toEqual({ releases: [['calico', '3.26.0'], ['cni-plugins', '1.1.1']], problems: [] });
    expect(read('{{ .Values.registry }}/calico/cni@{{ .Values.digest }}').problems).toEqual(['pinned by digest, no tag']);
  });

  it('templated images of other repositories are ignored', () => {
    expect(read('quay.io/calico/node:{{ .Values.tag }}', '{{ .Values.registry }}/busybox:{{ .Values.tag }}', 'quay.io/coreos/flannel:{{ .Values.tag }}')).toEqual({
      releases: [],
      problems: [],
    });
  });

  it('unrelated images are ignored silently', () => {
    expect(read('busybox', 'busybox:latest', 'docker.io/cloudnativelabs/kube-router', 'antrea/antrea-controller-ubuntu:latest', 'nginx@sha256:0123')).toEqual({
      releases: [],
      problems: [],
    });
  });
});

describe('releasesFromImages: several images', () => {
  it('keeps the first of conflicting releases and reports the later one', () => {
    const r = releasesFromImages([
      one('docker.io/calico/cni:v3.26.0', 'DaemonSet kube-system/calico-node initContainer install-cni'),
      one('docker.io/calico/cni:v3.30.0', 'DaemonSet kube-system/other initContainer install-cni'),
    ]);
    expect(r.releases.map((x) => [x.name, x.release, x.where])).toEqual([
      ['calico', '3.26.0', 'DaemonSet kube-system/calico-node initContainer install-cni'],
      ['cni-plugins', '1.1.1', 'DaemonSet kube-system/calico-node initContainer install-cni'],
    ]);
    expect(r.problems).toEqual([
      {
        image: 'docker.io/calico/cni:v3.30.0',
        where: 'DaemonSet kube-system/other initContainer install-cni',
        problem:
          'conflicting tags: calico 3.30.0 here, 3.26.0 kept from docker.io/calico/cni:v3.26.0 (DaemonSet kube-system/calico-node initContainer install-cni)',
      },
    ]);
  });

  it('a conflicting calico does not add its bundled cni-plugins', () => {
    expect(read('calico/cni:v3.30.0', 'calico/cni:v3.24.0')).toEqual({
      releases: [['calico', '3.30.0'], ['calico-cni-plugins', '3.30.0']],
      problems: [expect.stringMatching(/^conflicting tags: calico 3\.24\.0 here, 3\.30\.0 kept from /)],
    });
  });

  it('conflicts are per name, across repositories of one project', () => {
    expect(read('amazon-k8s-cni-init:v1.18.3', 'amazon-k8s-cni:v1.18.2').problems).toEqual([
      expect.stringMatching(/^conflicting tags: aws-vpc-cni 1\.18\.2 here, 1\.18\.3 kept from amazon-k8s-cni-init:v1\.18\.3/),
    ]);
    expect(read('calico/cni:v3.26.0', 'calico/cni:v3.26.0-amd64', 'quay.io/calico/cni:v3.26.0@sha256:01')).toEqual({
      releases: [['calico', '3.26.0'], ['cni-plugins', '1.1.1']],
      problems: [],
    });
  });

  it('gathers releases of several projects, and a problem once per image and place', () => {
    const r = releasesFromImages([
      one('ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3'),
      one('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0-thick'),
      one('calico/cni:latest'),
      one('calico/cni:latest'),
      one('calico/cni:latest', 'elsewhere'),
    ]);
    expect(r.releases.map((x) => [x.name, x.release])).toEqual([['flannel-cni-plugin', '1.9.1-flannel3'], ['multus', '4.3.0']]);
    expect(r.problems.map((p) => [p.where, p.problem])).toEqual([
      [W, "tag 'latest' names no release"],
      ['elsewhere', "tag 'latest' names no release"],
    ]);
  });

  it('never throws on odd input', () => {
    const odd = [null, undefined, 1, 'calico/cni:v3.26.0', {}, { image: 1, where: W }, { image: 'calico/cni:v3.26.0' }, { image: 'calico/cni:v3.26.0', where: W }];
    expect(releasesFromImages(odd as unknown as ManifestImage[]).releases.map((r) => r.release)).toEqual(['3.26.0', '1.1.1']);
    expect(releasesFromImages([])).toEqual({ releases: [], problems: [] });
    expect(() => releasesFromImages(null as unknown as ManifestImage[])).not.toThrow();
  });
});

describe('image rules data', () => {
  it('every rule has repositories without registry hosts and sources', () => {
    for (const rule of IMAGE_RULES) {
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      for (const repo of rule.repositories) {
        expect(repo, rule.id).toBe(repo.toLowerCase());
        expect(repo.split('/')[0], rule.id).not.toMatch(/[.:]/);
      }
    }
  });

  it('every release name is a PluginFacts.releases key that selects data rows', () => {
    const aliases = new Set(Object.values(compat.plugins).flatMap((rows) => rows.map((r) => projectAlias(r.project))));
    for (const rule of IMAGE_RULES) if (rule.name !== null) expect(aliases, rule.id).toContain(rule.name);
    expect(aliases).toContain('cni-plugins');
  });

  it('no repository belongs to two rules', () => {
    const all = IMAGE_RULES.flatMap((r) => r.repositories);
    expect(new Set(all).size).toBe(all.length);
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus of upstream configs (fixtures/upstream)
// ---------------------------------------------------------------------------------------------

interface Expected {
  /** [name, release] in order. */
  readonly releases: readonly (readonly [string, string])[];
  /** [where, problem]. */
  readonly problems?: readonly (readonly [string, string])[];
}

const NONE: Expected = { releases: [] };
const calicoWith = (calico: string, plugins?: string | null): Expected => ({
  // By default the plugins are Calico's fork at the same Calico release; null: nothing known.
  releases: plugins === null ? [['calico', calico]] : plugins === undefined ? [['calico', calico], ['calico-cni-plugins', calico]] : [['calico', calico], ['cni-plugins', plugins]],
});

/** Every YAML file of the corpus, by hand from its image references. */
const EXPECTED: Readonly<Record<string, Expected>> = {
  // The repository's manifests say :latest; the release assets carry the release tag (prepare-assets.sh IMG_TAG).
  'antrea/v2.7.0/antrea-windows.yml': {
    releases: [],
    problems: [
      ['DaemonSet kube-system/antrea-agent-windows initContainer install-cni', "tag 'latest' names no release"],
      ['DaemonSet kube-system/antrea-agent-windows container antrea-agent', "tag 'latest' names no release"],
    ],
  },
  'antrea/v2.7.0/antrea.yml': {
    releases: [],
    problems: [
      ['DaemonSet kube-system/antrea-agent initContainer install-cni', "tag 'latest' names no release"],
      ['DaemonSet kube-system/antrea-agent container antrea-agent', "tag 'latest' names no release"],
      ['DaemonSet kube-system/antrea-agent container antrea-ovs', "tag 'latest' names no release"],
    ],
  },
  'calico/master-87c15906f20c/calico.yaml': {
    releases: [],
    problems: [
      ['DaemonSet kube-system/calico-node initContainer upgrade-ipam', "tag 'master' names no release"],
      ['DaemonSet kube-system/calico-node initContainer install-cni', "tag 'master' names no release"],
      ['Deployment kube-system/calico-kube-controllers container calico-kube-controllers', "tag 'master' names no release"],
    ],
  },
  'calico/master-87c15906f20c/charts_calico_templates_calico-config.yaml': NONE, // a Helm template, no workload
  'calico/v3.0.0/v1.6_hosted_calico.yaml': calicoWith('1.4.4', null), // calico/cni:v1.4.4 predates the data and CNI_VERSION
  'calico/v3.0.0/v2.0_hosted_calico.yaml': calicoWith('1.5.6', null),
  'calico/v3.0.0/v2.6_hosted_calico.yaml': {
    releases: [],
    problems: [['DaemonSet kube-system/calico-node container install-cni', 'templated']],
  },
  // `image: {{site.imageNames["cni"]}}:…` is not valid YAML: those documents fail to parse and are skipped.
  'calico/v3.0.0/v3.0_hosted_kubernetes-datastore_calico-networking_1.7_calico.yaml': NONE,
  'calico/v3.24.0/calico.yaml': calicoWith('3.24.0', '1.1.1'),
  'calico/v3.24.0/canal.yaml': calicoWith('3.24.0', '1.1.1'), // quay.io/coreos/flannel:v0.15.1 is the daemon
  'calico/v3.24.0/canal-etcd.yaml': calicoWith('3.24.0', '1.1.1'),
  'calico/v3.26.0/calico.yaml': calicoWith('3.26.0', '1.1.1'),
  'calico/v3.26.0/calico-typha.yaml': calicoWith('3.26.0', '1.1.1'),
  'calico/v3.27.0/calico.yaml': calicoWith('3.27.0', '1.1.1'),
  'calico/v3.27.0/calico-etcd.yaml': calicoWith('3.27.0', '1.1.1'),
  'calico/v3.30.0/calico.yaml': calicoWith('3.30.0'), // bundles projectcalico/containernetworking-plugins master
  'calico/v3.31.7/calico.yaml': calicoWith('3.31.7'),
  'calico/v3.32.1/calico.yaml': calicoWith('3.32.1'),
  'calico/v3.32.1/canal.yaml': calicoWith('3.32.1'),
  'flannel/v0.7.0/kube-flannel.yml': NONE, // quay.io/coreos/flannel-git only
  'flannel/v0.10.0/kube-flannel.yml': NONE,
  'flannel/v0.11.0/kube-flannel-aliyun.yml': NONE,
  'flannel/v0.12.0/kube-flannel.yml': NONE,
  'flannel/v0.20.0/kube-flannel.yml': { releases: [['flannel-cni-plugin', '1.1.0']] },
  'flannel/v0.28.9/kube-flannel.yml': { releases: [['flannel-cni-plugin', '1.9.1-flannel3']] },
  // Helm values: `flannel.flannel_cni.image: {repository, tag}` (the flanneld image has no rule).
  'flannel/v0.28.9/chart_kube-flannel_values.yaml': { releases: [['flannel-cni-plugin', '1.9.1-flannel3']] },
  'kube-router/v0.2.0/kubeadm-kuberouter.yaml': NONE,
  'kube-router/v2.11.1/kubeadm-kuberouter.yaml': NONE,
  'kube-router/v2.11.1/kubeadm-kuberouter-all-features-hostport.yaml': NONE,
  'microsoft-sdn/242fb0c3190d/Kubernetes_flannel_overlay_manifests_kube-flannel-example.yml': NONE,
  'minikube/v1.38.1/pkg_minikube_cni_flannel.yaml': { releases: [['flannel-cni-plugin', '1.9.0-flannel1']] },
  'multus/v3.0/multus-with-flannel.yml': NONE, // only quay.io/coreos/flannel:v0.10.0-amd64
  'multus/v3.4/macvlan-conf.yml': NONE,
  'multus/v3.4/npwg-demo-1_07_ptp_tuning_conflist.yml': NONE,
  'multus/v4.3.0/multus-daemonset.yml': {
    releases: [],
    problems: [
      ['DaemonSet kube-system/kube-multus-ds initContainer install-multus-binary', "tag 'snapshot' names no release"],
      ['DaemonSet kube-system/kube-multus-ds container kube-multus', "tag 'snapshot' names no release"],
    ],
  },
};

/** Releases whose project predates the built-in data (no row to select). */
const BEFORE_THE_DATA = new Set(['calico 1.4.4', 'calico 1.5.6']);

const corpus = new URL('../../fixtures/upstream/', import.meta.url);
const available = existsSync(corpus);

function yamlFiles(dir: URL, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`) : /\.ya?ml$/i.test(e.name) ? [`${prefix}${e.name}`] : []))
    .sort();
}

/** Parsed documents of a manifest; those that fail to parse are skipped, as a caller would. */
function documentsOf(file: string): { parsed: unknown[]; all: unknown[] } {
  const parsed: unknown[] = [];
  const all: unknown[] = [];
  for (const doc of parseAllDocuments(readFileSync(new URL(file, corpus), 'utf8'), { logLevel: 'error' })) {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    all.push(value);
    if (doc.errors.length === 0) parsed.push(value);
  }
  return { parsed, all };
}

describe('corpus manifests', () => {
  it('the corpus is present (required in CI)', () => {
    expect(available, `the corpus ${corpus.pathname} is part of the repository`).toBe(true);
  });

  it('the expected table covers exactly the YAML files of the corpus', () => {
    expect(yamlFiles(corpus)).toEqual(Object.keys(EXPECTED).sort());
  });

  describe('each file', () => {
    it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
      const { parsed, all } = documentsOf(file);
      expect(() => releasesFromImages(imagesOf(all))).not.toThrow();

      const images = imagesOf(parsed);
      const { releases, problems } = releasesFromImages(images);
      expect(releases.map((r) => [r.name, r.release])).toEqual(expected.releases);
      expect(problems.map((p) => [p.where, p.problem])).toEqual(expected.problems ?? []);

      for (const r of releases) {
        expect(r.references.length).toBeGreaterThan(0);
        expect(images).toContainEqual(expect.objectContaining({ image: r.image, where: r.where }));
        const types = Object.entries(compat.plugins)
          .filter(([, rows]) => rows.some((row) => projectAlias(row.project) === r.name))
          .map(([type]) => type);
        const selected = types.some((type) => resolvePluginSupport(type, { releases: { [r.name]: r.release } }).support.status === 'exact');
        expect(selected, `${r.name} ${r.release} selects a data row`).toBe(!BEFORE_THE_DATA.has(`${r.name} ${r.release}`));
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// mightNameKnownImage: the test before a document is parsed for its images
// ---------------------------------------------------------------------------------------------

describe('mightNameKnownImage', () => {
  /** Its definition: a template or escape, or a rule's repository in the lower-cased text, each looked for in turn. */
  const definition = (text: string): boolean =>
    text.includes('{{') || text.includes('{%') || text.includes('${') || text.includes('\\') || RULE_REPOSITORIES.some((repo) => text.toLowerCase().includes(repo));

  it('says yes for every repository a rule reads, however it is cased, and no for an application image', () => {
    for (const rule of IMAGE_RULES) {
      for (const repo of rule.repositories) {
        for (const written of [repo, repo.toUpperCase(), repo.replace(/^./, (c) => c.toUpperCase())]) {
          expect(mightNameKnownImage(`containers:\n  - name: c\n    image: quay.io/${written}:v1.2.3\n`), written).toBe(true);
        }
        // One character short of the repository is not it (unless it is another rule's).
        const short = repo.slice(0, -1).toLowerCase();
        expect(mightNameKnownImage(`image: ${short}`)).toBe(RULE_REPOSITORIES.some((r) => short.includes(r)));
      }
    }
    expect(mightNameKnownImage('containers:\n  - name: web\n    image: nginx:1.27\n')).toBe(false);
    expect(mightNameKnownImage('image: "{{ .Values.image }}"')).toBe(true);
  });

  it('agrees with its definition on every YAML document of the fixtures and on 3,000 mutated ones', () => {
    const root = new URL('../../fixtures/', import.meta.url);
    const documents = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .flatMap((f) => readFileSync(new URL(f, root), 'utf8').split(/^---/m));
    expect(documents.length).toBeGreaterThan(200);
    for (const doc of documents) expect(mightNameKnownImage(doc)).toBe(definition(doc));
    // Repositories (and near misses) written into documents, in any case, with characters whose
    // lower case is ASCII (the Kelvin sign is `k`; `İ` is `i` and a combining dot).
    const random = seededRandom(18);
    const pieces = [...RULE_REPOSITORIES, ...RULE_REPOSITORIES.map((r) => r.slice(1, -1)), '\u212A8s', 'az\u0130re-cni', 'CALICO/\u212Aube', '{{', '${', '\\'];
    let yes = 0;
    for (let i = 0; i < 3_000; i++) {
      const doc = documents[random(documents.length)]!.replace(/[\\{}$]/g, '');
      const piece = pieces[random(pieces.length)]!;
      const cased = random(3) === 0 ? piece.toUpperCase() : piece;
      const at = random(doc.length + 1);
      const text = random(3) ? `${doc.slice(0, at)}${cased}${doc.slice(at)}` : doc;
      expect(mightNameKnownImage(text), JSON.stringify(cased)).toBe(definition(text));
      if (definition(text)) yes++;
    }
    expect(yes).toBeGreaterThan(1_000);
    expect(yes).toBeLessThan(2_900);
  });
});
