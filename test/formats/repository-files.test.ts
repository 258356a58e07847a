/**
 * Real files from whole config repositories (fixtures/repositories, each at its upstream path
 * under <project>/<ref>/, sources in its SOURCES.md), checked where earlier readings went wrong:
 * every plugin a rendering may run is judged, and findings match what the file really is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { codes } from './check.js';
import { setPlainReading } from '../../src/formats/k8s-yaml/k8s-yaml.js';
import { cli } from '../helpers/cli.js';
import { describeDiagnostic } from '../../src/render/messages.js';
import { CLI_VOCABULARY } from '../../src/core/vocabulary.js';

const root = new URL('../../fixtures/repositories/', import.meta.url);

function planOf(file: string, options: PlanOptions): FilePlan {
  return planFile({ path: file, text: readFileSync(new URL(file, root), 'utf8') }, options);
}

const pluginsOf = (p: FilePlan): string[] => [...new Set(p.networks.flatMap((n) => n.plugins.map((ref) => ref.type)))].sort();

/** host-local stated old enough to refuse 1.0.0: a plan that judged it cannot write 1.0.0. */
const HOST_LOCAL_OLD: PlanOptions = {
  targetVersion: '1.0.0',
  plugins: { releases: { 'cni-plugins': '1.6.0', calico: '3.28.0' }, supported: { 'host-local': { versions: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'], source: { kind: 'flag', flag: '--plugin host-local=0.1.0,0.2.0,0.3.0,0.3.1' } } } },
};

describe('the branches of a template are read as their union', () => {
  it.each([
    // `{% if calico_ipam_host_local %} "ipam": { "type": "host-local" … } {% else %} "ipam": { "type": "calico-ipam" … } {% endif %}`
    ['kubespray/46dbdd3994b3/roles/network_plugin/calico/templates/calico-config.yml.j2', ['bandwidth', 'calico', 'calico-ipam', 'host-local', 'portmap']],
    ['kubespray/v2.16.0/roles/network_plugin/calico/templates/cni-calico.conflist.j2', ['calico', 'calico-ipam', 'host-local', 'portmap']],
    // `"ipam": { … {{- if IsIPv6Only }} "type": "host-local", … {{- else }} "type": "calico-ipam" {{- end }} }`: one key in both branches
    ['kops/268927e26409/upup/models/cloudup/resources/addons/networking.projectcalico.org/k8s-1.25.yaml.template', ['calico', 'calico-ipam', 'host-local', 'portmap']],
  ])('%s: every IPAM plugin of either branch is judged', (file, plugins) => {
    const p = planOf(file, HOST_LOCAL_OLD);
    expect(p.fatal).toBe(false);
    expect(pluginsOf(p)).toEqual(plugins);
    // 1.0.0 is refused for host-local's sake, and nothing is written.
    expect(codes(p)).toContain('TARGET_VERSION_UNSUPPORTED');
    const refusal = p.diagnostics.find((d) => d.code === 'TARGET_VERSION_UNSUPPORTED');
    expect(refusal?.args).toMatchObject({ plugins: ['host-local (accept 0.1.0–0.3.1)'] });
    expect(p.changed).toBe(false);
    // With host-local able to run it, 1.0.0 is written, in the literal cniVersion only.
    const able = planOf(file, { ...HOST_LOCAL_OLD, plugins: { releases: { 'cni-plugins': '1.6.0', calico: '3.28.0' } } });
    expect(codes(able)).not.toContain('TARGET_VERSION_UNSUPPORTED');
    expect(able.changed).toBe(true);
    expect(able.after.replace(/("cniVersion":\s*)"1\.0\.0"/g, '$1"0.3.1"')).toBe(able.before);
  });
});

describe('what a generator writes', () => {
  const chained = 'azure-container-networking/cbd7560cfc18/cns/cniconflist/testdata/fixtures/azure-chained-cilium.conflist';

  it('Azure CNS chained Cilium: `"ipam": {"type": ""}` (an unset IPAM struct) names no plugin, and is no finding', () => {
    for (const options of [{}, { plugins: { releases: { 'azure-cni': '1.6.0', cilium: '1.16.0' } } }]) {
      const p = planOf(chained, options);
      expect(pluginsOf(p)).toEqual(['azure-cns', 'azure-vnet', 'cilium-cni']);
      expect(codes(p)).toEqual([]);
      expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.3.0' });
    }
    // A plugin's own empty type is still one libcni refuses.
    const text = readFileSync(new URL(chained, root), 'utf8').replace('"type": "cilium-cni"', '"type": ""');
    expect(codes(planFile({ path: '10-azure.conflist', text }))).toContain('PLUGIN_TYPE_INVALID');
  });
});

describe('a file whose name says no kind (named on the command line, or matched by --include)', () => {
  const rendered = 'kops/268927e26409/tests/integration/update_cluster/privateflannel/data/aws_s3_object_privateflannel.example.com-addons-networking.flannel-k8s-1.25_content';

  it("kops's rendered Flannel addon (`…-k8s-1.25_content`): read as the manifest it starts as", () => {
    const p = planOf(rendered, {});
    expect(p.format).not.toBeNull();
    expect(p.networks.map((n) => n.location)).toEqual(['ConfigMap kube-flannel/kube-flannel-cfg data.cni-conf.json']);
    // Flannel's delegate names no type: flannel runs bridge, with host-local, at the network's version.
    expect(pluginsOf(p)).toEqual(['bridge', 'flannel', 'host-local', 'portmap']);
  });

  it('a shell script whose heredoc holds a manifest is not YAML: not read as YAML, so never a YAML_PARSE_ERROR', () => {
    const text = readFileSync(new URL(rendered, root), 'utf8');
    const script = `#!/bin/sh\nset -e\nkubectl apply -f - <<EOF\n${text}EOF\necho applied\n`;
    for (const path of ['install-flannel', 'install-flannel.sh']) {
      const p = planFile({ path, text: script });
      expect(p.format, path).toBeNull();
      expect(p.diagnostics).toEqual([]);
    }
    // A comment, a blank line and a document marker before `apiVersion:` still start a manifest.
    expect(planFile({ path: 'flannel', text: `# rendered by kops\n\n---\n${text}` }).networks).toHaveLength(1);
  });

  it("the SR-IOV operator's rendering test output (`chained.golden`: a NetworkAttachmentDefinition as JSON): read as the JSON object it starts as", () => {
    const golden = 'sriov-network-operator/249e20012faf/api/v1/testdata/TestRendering/chained.golden';
    const p = planOf(golden, {});
    expect(p.networks.map((n) => n.location)).toEqual(['NetworkAttachmentDefinition testnamespace/test spec.config']);
    expect(pluginsOf(p)).toEqual(['sriov', 'vrf']);
    expect(codes(p)).toEqual(['CNI_VERSION_UNCONFIRMED']);
  });

  it('the same NetworkAttachmentDefinition at 1.0.0 on containerd 1.5 (libcni up to 0.4.0): kept, since Multus runs it and the runtime reads its result only as a default network', () => {
    const golden = 'sriov-network-operator/249e20012faf/api/v1/testdata/TestRendering/chained.golden';
    const stated = { releases: { multus: '4.0.2', sriov: '2.8.0', 'cni-plugins': '1.1.1' } };
    const p = planOf(golden, { runtime: 'containerd@1.5.18', plugins: stated });
    expect(codes(p)).toEqual(['ATTACHMENT_NEWER_THAN_RUNTIME']);
    expect(p.changed).toBe(false);
    expect(p.networks[0]?.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    // What Multus itself cannot execute is still rewritten: Multus 3.9 vendors libcni v0.8.1.
    const old = planOf(golden, { runtime: 'containerd@1.5.18', plugins: { releases: { ...stated.releases, multus: '3.9.3' } } });
    expect(codes(old)).toEqual(['CNI_VERSION_UNSUPPORTED']);
    expect(old.networks[0]?.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    // A version inserted or asked for is still one the runtime executes too.
    expect(codes(planOf(golden, { runtime: 'containerd@1.5.18', plugins: stated, targetVersion: '1.0.0' }))).toEqual(['ATTACHMENT_NEWER_THAN_RUNTIME']);
    expect(codes(planOf(golden, { runtime: 'containerd@1.5.18', plugins: stated, targetVersion: '0.4.0' }))).toEqual([]);
  });

  it('a JSON object is read by its content, as before', () => {
    const conf = '{ "cniVersion": "0.3.1", "name": "net", "type": "bridge" }\n';
    expect(planFile({ path: 'bridge-net', text: conf }).networks.map((n) => n.name)).toEqual(['net']);
  });

  it('the CLI finds it named, and through --include', () => {
    const dir = new URL(rendered.slice(0, rendered.lastIndexOf('/') + 1), root).pathname;
    const named = cli(['check', '--format', 'json', rendered.slice(rendered.lastIndexOf('/') + 1)], dir);
    const included = cli(['check', '--format', 'json', '--include', '*_content', '.'], dir);
    for (const r of [named, included]) {
      const report = JSON.parse(r.stdout) as { summary: { cniFiles: number } };
      expect(report.summary.cniFiles, r.stderr).toBe(1);
    }
  });
});

describe('a CNI key whose whole config a template writes is said unread, never skipped', () => {
  const raw = 'cluster-network-operator/2a6a57fef3ac/bindata/network/additional-networks/raw/network-attachment.yaml';

  it.each([true, false])("OpenShift CNO's raw NetworkAttachmentDefinition (`config: |-` then `{{.AdditionalNetworkConfig | indent 4}}`), plain reading %s", (plain) => {
    setPlainReading(plain);
    try {
      const p = planOf(raw, {});
      expect(codes(p)).toEqual(['TEMPLATE_NOT_PARSED']);
      expect(p.diagnostics[0]!.args).toMatchObject({ syntax: 'Go/Helm', cniVersions: [] });
      expect((p.diagnostics[0]!.args as { problem: string }).problem).toMatch(/spec\.config: the whole config is written by the template \(\{\{\.AdditionalNetworkConfig \| indent 4\}\}\)$/);
      expect(p.diagnostics[0]!.severity).toBe('warning');
      expect(p.changed).toBe(false);
    } finally {
      setPlainReading(true);
    }
  });

  it('a Calico ConfigMap key or a NetworkAttachmentDefinition config a directive writes; nothing for a literal or an empty config outside templates', () => {
    const cm = 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\ndata:\n  cni_network_config: {{ toJson .Values.cni | quote }}\n  typha_service_name: none\n';
    const nad = (config: string): string => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: macvlan\nspec:\n  config: ${config}\n`;
    for (const [text, expected] of [
      [cm, ['TEMPLATE_NOT_PARSED']],
      [nad("'{{ .Values.config }}'"), ['TEMPLATE_NOT_PARSED']],
      [nad('{{ .Values.config | quote }}'), ['TEMPLATE_NOT_PARSED']],
    ] as const) {
      for (const plain of [true, false]) {
        setPlainReading(plain);
        try {
          expect(codes(planFile({ path: 'templates/cni.yaml', text })), text).toEqual(expected);
        } finally {
          setPlainReading(true);
        }
      }
    }
    // Not a template: an empty or blank config is not a config written elsewhere.
    expect(planFile({ path: 'nad.yaml', text: nad("''") }).format).toBeNull();
    expect(planFile({ path: 'nad.yaml', text: nad('"{}"') }).format).toBeNull();
    // A template whose config is literal is read as before.
    const literal = nad("'{ \"cniVersion\": \"0.3.1\", \"type\": \"macvlan\", \"master\": \"{{ .Values.master }}\" }'");
    expect(planFile({ path: 'templates/nad.yaml', text: literal }).networks).toHaveLength(1);
  });
});

describe('--target-version on a real manifest whose cniVersion the runtime rejects', () => {
  it("OpenShift CNO's Multus daemon-config.json at 1.1.0 on containerd 1.6.4: CNI_VERSION_UNSUPPORTED stays under --target-version 1.0.0", () => {
    const file = 'cluster-network-operator/2a6a57fef3ac/bindata/network/multus/multus.yaml';
    const plain = planOf(file, {});
    const targeted = planOf(file, { targetVersion: '1.0.0' });
    for (const p of [plain, targeted]) {
      expect(codes(p)).toContain('CNI_VERSION_UNSUPPORTED');
      expect(p.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED')!.args).toMatchObject({ version: '1.1.0', replacement: '1.0.0' });
    }
    expect(targeted.after).toBe(plain.after);
  });
});

describe('a templated cniVersion is advised as a literal one is checked', () => {
  const template = 'multus-cni/95a0932350f0/e2e/templates/simple-macvlan1.yml.j2';

  it("Multus's e2e NAD (\"{{ CNI_VERSION }}\", rendered as 0.4.0 by its generate_yamls.sh): what it may render to is what a literal value is kept at without a warning", () => {
    const text = readFileSync(new URL(template, root), 'utf8');
    const p = planOf(template, {});
    const templated = p.diagnostics.find((d) => d.code === 'CNI_VERSION_TEMPLATED');
    const args = templated?.args as { accepted: readonly string[]; render: string | null };
    // The standard plugins of unknown release: every release from the warning floor on accepts 0.4.0.
    expect(args.accepted).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0']);
    // `static`, first shipped in containernetworking/plugins v0.8.0, puts macvlan and tuning in
    // v0.8.0 or later too, where every release accepts 0.4.0; so does every Multus release, which
    // runs the NAD. What upstream's generate_yamls.sh renders.
    expect(args.render).toBe('0.4.0');
    for (const version of ['0.1.0', '0.3.1', '0.4.0', '1.0.0']) {
      const rendered = planFile({ path: 'e2e/yamls/simple-macvlan1.yml', text: text.replace('{{ CNI_VERSION }}', version) });
      const quiet = !codes(rendered).some((c) => c === 'CNI_VERSION_UNCONFIRMED' || c === 'CNI_VERSION_UNSUPPORTED');
      expect(quiet, version).toBe(args.accepted.includes(version));
    }
  });
});

describe('more real shapes, read as they should be', () => {
  it("k0s's Calico DaemonSet: the config is an initContainer's CNI_NETWORK_CONFIG env value, with {{/* */}} comments and a templated MTU; its images are templated", () => {
    const p = planOf('k0s/dff90cee9a6e/static/manifests/calico/DaemonSet/calico-node.yaml', {});
    expect(p.networks.map((n) => [n.location, n.currentVersion, n.decision.action])).toEqual([['DaemonSet kube-system/calico-node spec.template.spec.initContainers.0.env.1.value', '0.3.1', 'keep']]);
    expect(pluginsOf(p)).toEqual(['bandwidth', 'calico', 'calico-ipam', 'portmap']);
    // In file order: each templated image where it is written (the install-cni initContainer's
    // before the config it writes, calico-node's after).
    expect(codes(p)).toEqual(['IMAGE_TAG_UNUSABLE', 'TEMPLATE_DIRECTIVES', 'IMAGE_TAG_UNUSABLE']);
    const text = readFileSync(new URL('k0s/dff90cee9a6e/static/manifests/calico/DaemonSet/calico-node.yaml', root), 'utf8');
    for (const d of p.diagnostics.filter((x) => x.code === 'IMAGE_TAG_UNUSABLE')) {
      expect(text.slice(d.position!.offset, d.position!.offset + d.position!.length)).toBe((d.args as { image: string }).image);
    }
    expect(p.diagnostics.find((d) => d.code === 'TEMPLATE_DIRECTIVES')!.args).toMatchObject({ count: 5, first: '{{ .MTU }}' });
  });

  it("k0s's Calico ConfigMap, held whole in a {{/* … */}} comment: no config, nothing said", () => {
    const p = planOf('k0s/dff90cee9a6e/static/manifests/calico/ConfigMap/calico-config.yaml', {});
    expect([p.format, p.diagnostics]).toEqual([null, []]);
  });

  it("RKE2's e2e NetworkAttachmentDefinition: a config without a name in a multi-line single-quoted string (Multus names it after the object)", () => {
    const p = planOf('rke2/6ce1a8019e9d/tests/e2e/resource_files/multus-pods.yaml', {});
    expect(p.networks.map((n) => [n.location, n.currentVersion])).toEqual([['NetworkAttachmentDefinition macvlan-conf spec.config', '0.3.1']]);
    expect(codes(p)).toEqual([]);
  });

  it("Kilo's kubeadm manifest: 0.4.0 with the standard plugins is kept without a warning (warning floors)", () => {
    const p = planOf('kilo/944dff5745d7/manifests/kilo-kubeadm.yaml', {});
    expect(p.networks.map((n) => [n.location, n.currentVersion, n.decision.action])).toEqual([['ConfigMap kube-system/kilo data.cni-conf.json', '0.4.0', 'keep']]);
    expect(codes(p)).toEqual([]);
  });

  it("whereabouts' sample_config.json, two objects back to back: a real JSON_PARSE_ERROR at the second, fatal", () => {
    const p = planOf('whereabouts/3a262bd0cd87/doc/sample_config.json', {});
    expect(p.fatal).toBe(true);
    expect(p.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column])).toEqual([['JSON_PARSE_ERROR', 35, 1]]);
  });
});

describe('a directive YAML folds out of a config string still writes plugins', () => {
  it.each([true, false])("the SR-IOV operator's release-4.5 NAD template (`{{.SriovCniIpam}}` alone on a line of the quoted config, rendered as \"ipam\": {…}): nothing is chosen, plain reading %s", (plain) => {
    setPlainReading(plain);
    try {
      const stated: PlanOptions = { targetVersion: '1.0.0', plugins: { supported: { sriov: { versions: ['0.3.1', '0.4.0', '1.0.0'], source: { kind: 'flag', flag: '--plugin sriov=0.3.1,0.4.0,1.0.0' } } } } };
      const p = planOf('sriov-network-operator/986709ac1db4/bindata/manifests/cni-config/sriov-cni-config.yaml', stated);
      expect(pluginsOf(p)).toEqual(['sriov', '{{.SriovCniIpam}}'].sort());
      expect(p.diagnostics.find((d) => d.code === 'PLUGIN_UNKNOWN')?.args).toEqual({ type: '{{.SriovCniIpam}}', templated: true });
      expect(p.networks[0]!.decision.action).toBe('none');
      expect(p.changed).toBe(false);
    } finally {
      setPlainReading(true);
    }
  });
});

describe('files that only look like CNI configs are not reported', () => {
  it.each([
    // `{"type": "Mesh", "name": "mesh-1"}`: a name and a type no plugin has (a Kuma API payload).
    ['kuma/348b6528bc23/pkg/api-server/testdata/resources/crud/put_meshes_02.request.json'],
    // An Envoy bootstrap whose metadata holds a JSON string with a "name" and a "type".
    ['kuma/348b6528bc23/pkg/xds/bootstrap/testdata/generator.custom-config.golden.yaml'],
    // An HTTP response transcript named .yaml: not YAML, and its problem body's "type" is no CNI sign.
    ['kuma/348b6528bc23/test/e2e_env/multizone/validation/testdata/zone-uni.meshtimeout.zone-other.golden.yaml'],
    // A CRD bundle the yaml package cannot read (continuation lines at the key's column, which
    // go-yaml accepts), whose descriptions read "type indicates…": nothing says CNI.
    ['spiderpool/a7fbd3b2968d/test/yamls/grafanadashboards.yaml'],
    // A Grafana datasource (`{"name": "prometheus", "type": "prometheus", …}`) in a ConfigMap.
    ['cilium/v1.4.0/examples/kubernetes/addons/prometheus/templates/06-grafana-config.yaml'],
    // An Ansible template of a P4 device config, rendered to a `.conf`: JSON with no CNI key
    // (`cniVersion` was inserted into it).
    ['container-experience-kits/7e91f39b8e2c/roles/ipu/acc/templates/es2k_skip_p4.conf.j2'],
    // kubekey's Go-templated Ansible-like tasks: `when: (index .cni "type") | has "calico"` in plain
    // YAML, and `url: "{{ tpl … (dict \"version\" .item) }}"` (was TEMPLATE_NOT_PARSED).
    ['kubekey/1c3204b11d57/builtin/core/roles/download/tasks/helm.yaml'],
    // A Helm template of a shell script that greps for `"type":` (was TEMPLATE_NOT_PARSED, "Jinja").
    ['openstack-helm/0ee5adeffcae/ceph-client/templates/bin/_helm-tests.sh.tpl'],
  ])('%s: no config, no finding', (file) => {
    const p = planOf(file, {});
    expect([p.format, p.fatal, p.networks, p.diagnostics]).toEqual([null, false, [], []]);
  });

  it('the same directory through the CLI: nothing scanned is a CNI config, exit 0', () => {
    const r = cli(['check', '--format', 'json', 'kuma', 'spiderpool', 'cilium', 'container-experience-kits', 'kubekey', 'openstack-helm'], new URL('.', root).pathname);
    const report = JSON.parse(r.stdout) as { files: unknown[]; summary: { filesScanned: number } };
    expect(r.code, r.stderr).toBe(0);
    expect(report.files).toEqual([]);
    expect(report.summary.filesScanned).toBe(8);
  });
});

describe('a cloud-init template whose directive lines open block scalars', () => {
  // aks-engine's node cloud-init: `content: |` then `    {{GetSysctlDConfigKeyVals …}}` then
  // `    #EOF`. Masked as spaces, the directive's line is a leading empty line longer than the
  // block's first line, which YAML refuses; the kubenet conflist in another block was then said
  // as TEMPLATE_NOT_PARSED and never checked.
  const file = 'aks-engine/f634f52ff4f6/parts/k8s/cloud-init/nodecustomdata.yml';

  it('the kubenet conflist is read, judged and rewritten in place, nothing else changed', () => {
    const kept = planOf(file, {});
    expect([kept.fatal, codes(kept)]).toEqual([false, ['TEMPLATE_DIRECTIVES']]);
    expect(kept.networks.map((n) => [n.name, n.currentVersion])).toEqual([['kubenet', '0.3.1']]);
    expect(pluginsOf(kept)).toEqual(['bridge', 'host-local', 'portmap']);
    const raised = planOf(file, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(raised.changed).toBe(true);
    expect(raised.after.replace('"cniVersion": "1.0.0"', '"cniVersion": "0.3.1"')).toBe(raised.before);
    // A release that refuses 1.0.0 is still judged: nothing written.
    const old = planOf(file, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '0.9.1' } } });
    expect([old.changed, codes(old)]).toEqual([false, expect.arrayContaining(['TARGET_VERSION_UNSUPPORTED'])]);
  });
});

describe("Multus's companions: whereabouts, sriov, ib-sriov and ovs are judged by their release", () => {
  // Each NetworkAttachmentDefinition as its project ships it; the releases bound what Multus may run.
  const MULTUS = { multus: '4.1.0', 'cni-plugins': '1.6.0' };
  const raised = (file: string, releases: Record<string, string>): FilePlan => planOf(file, { targetVersion: '1.0.0', plugins: { releases: { ...MULTUS, ...releases } } });

  it.each([
    // whereabouts vendored libcni v0.7.1/v0.8.1 until 0.7.0 (January 2024).
    ['whereabouts/3a262bd0cd87/yamls/whereaboutsScaleNAD.yaml', ['macvlan', 'whereabouts'], { whereabouts: '0.6.3' }, { whereabouts: '0.7.0' }],
    ['sriov-network-device-plugin/40b6f507e74c/deployments/sriov-crd.yaml', ['host-local', 'sriov'], { 'sriov-cni': '2.6.3' }, { 'sriov-cni': '2.7.0' }],
    ['ib-sriov-cni/v1.3.0/deployment/examples/ib-crd.yaml', ['host-local', 'ib-sriov'], { 'ib-sriov-cni': '1.0.3' }, { 'ib-sriov-cni': '1.1.0' }],
    // ovs 0.26–0.33 pass their own list (0.3.0–0.4.0), though the libcni they pin knows 1.0.0.
    ['ovs-cni/v0.39.0/examples/ovs-net-vlan100.yml', ['ovs'], { 'ovs-cni': '0.33.0' }, { 'ovs-cni': '0.34.0' }],
    ['ovs-cni/v0.39.0/examples/mirror-producer.yaml', ['ovs', 'ovs-mirror-producer'], { 'ovs-cni': '0.31.1' }, { 'ovs-cni': '0.39.0' }],
  ])('%s', (file, plugins, old, current) => {
    const kept = planOf(file, {});
    expect(pluginsOf(kept)).toEqual(plugins);
    // As shipped, every release in the data accepts the version written: nothing to say.
    expect([kept.changed, codes(kept)]).toEqual([false, []]);
    // A release whose libcni stops before 1.0.0 refuses it, whatever the others accept.
    const refused = raised(file, old);
    expect([refused.changed, codes(refused)]).toEqual([false, ['TARGET_VERSION_UNSUPPORTED']]);
    // Not stated: 1.0.0 waits for the release.
    const unstated = raised(file, {});
    expect(unstated.changed).toBe(false);
    const project = Object.keys(old)[0]!;
    const refusal = unstated.diagnostics.find((d) => d.code === 'TARGET_VERSION_UNSUPPORTED');
    const unconfirmed = refusal?.code === 'TARGET_VERSION_UNSUPPORTED' ? (refusal.args.unconfirmed ?? []) : [];
    expect(unconfirmed.map((u) => [u.type, u.projects])).toEqual(plugins.filter((t) => !['host-local', 'macvlan'].includes(t)).map((t) => [t, [project]]));
    const written = raised(file, current);
    expect([written.changed, codes(written)]).toEqual([true, []]);
    expect(written.after.replace(/("cniVersion":\s*)"1\.0\.0"/, (_, key: string) => `${key}"${kept.networks[0]!.currentVersion}"`)).toBe(written.before);
  });
});

describe('template suffixes of other tools', () => {
  it("AgentBaker's `kubenet-cni.json.gtpl` (a Go template its node controller renders to the node's conflist) is walked and read", () => {
    const file = 'AgentBaker/06836ee2301e/aks-node-controller/parser/templates/kubenet-cni.json.gtpl';
    const p = planOf(file, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.6.0' } } });
    expect(pluginsOf(p)).toEqual(['bridge', 'host-local', 'portmap']);
    expect(p.after.replace('"cniVersion": "1.0.0"', '"cniVersion": "0.3.1"')).toBe(p.before);
    const r = cli(['check', '--format', 'json', 'AgentBaker'], new URL('.', root).pathname);
    expect((JSON.parse(r.stdout) as { summary: { cniFiles: number } }).summary.cniFiles).toBe(1);
  });
});

describe("GKE netd's @name placeholders, filled by its install-cni.sh", () => {
  // `"type": "@cniType"`, `"mtu": @mtu`, `[@ipv4Subnet@ipv6SubnetOptional]`, `{…}@ipv6RouteOptional`,
  // `}@cniCiliumPlugin`: was JSON_PARSE_ERROR (exit 2) on a manifest that is valid YAML.
  const manifest = 'netd/e11d1570ddc4/netd.yaml';
  const template = 'netd/e11d1570ddc4/scripts/testdata/spec-template.json';

  it('the ConfigMap\'s cni_spec_template is read: its literal plugins judged, the templated type said, nothing broken', () => {
    const p = planOf(manifest, {});
    expect(p.fatal).toBe(false);
    expect(p.networks.map((n) => [n.name, n.currentVersion])).toEqual([['gke-pod-network', '0.3.1']]);
    expect(pluginsOf(p)).toEqual(expect.arrayContaining(['host-local', 'portmap']));
    expect(codes(p)).toEqual(expect.arrayContaining(['TEMPLATE_PLACEHOLDER', 'TEMPLATE_DIRECTIVES', 'PLUGIN_UNKNOWN']));
    expect(codes(p)).not.toContain('JSON_PARSE_ERROR');
    expect(codes(p)).not.toContain('PLUGIN_TYPE_INVALID');
  });

  it('the test template is rewritten in its literal cniVersion only, placeholders kept', () => {
    const p = planOf(template, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect([p.fatal, pluginsOf(p)]).toEqual([false, ['host-local', 'portmap', 'ptp']]);
    expect(p.changed).toBe(true);
    expect(p.after.replace('"cniVersion": "1.0.0"', '"cniVersion": "0.3.1"')).toBe(p.before);
    expect(p.after).toContain('"mtu": @mtu,');
  });
});

describe('a plugin the manifest installs itself', () => {
  // kubespray's flannel manifest: its images are templated (`{{ flannel_init_image_repo }}:…`),
  // and its install-cni-plugin init container runs `cp -f /flannel /opt/cni/bin/flannel`.
  const file = 'kubespray/46dbdd3994b3/roles/network_plugin/flannel/templates/cni-flannel.yml.j2';

  it('is not PLUGIN_NOT_SHIPPED by a stated cni-plugins release that no longer ships it', () => {
    const p = planOf(file, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(p.fatal).toBe(false);
    expect(pluginsOf(p)).toEqual(['bridge', 'flannel', 'host-local', 'portmap']);
    expect(codes(p)).not.toContain('PLUGIN_NOT_SHIPPED');
    // The same config without the DaemonSet beside it: the stated release would leave nodes without flannel.
    const text = readFileSync(new URL(file, root), 'utf8');
    const configOnly = text.slice(0, text.indexOf('\n---', text.indexOf('kube-flannel-cfg')));
    const alone = planFile({ path: 'cni-flannel-config.yml.j2', text: configOnly }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(codes(alone)).toContain('PLUGIN_NOT_SHIPPED');
  });
});

describe("a Helm chart's values name the images its DaemonSets run", () => {
  // flannel's own chart: `flannel.flannel_cni.image: {repository: ghcr.io/flannel-io/flannel-cni-plugin,
  // tag: v1.9.1-flannel3}` beside `cniConf`; its daemonset.yaml copies /flannel into /opt/cni/bin.
  // The corpus copy of flannel v0.28.9's chart values (fixtures/upstream/SOURCES.md).
  const file = '../upstream/flannel/v0.28.9/chart_kube-flannel_values.yaml';

  it('the flannel-cni-plugin release is read from them: flannel is not judged by the stated cni-plugins release', () => {
    const p = planOf(file, { plugins: { releases: { 'cni-plugins': '1.6.0' } } });
    expect(p.fatal).toBe(false);
    expect(pluginsOf(p)).toEqual(['bridge', 'flannel', 'host-local', 'portmap']);
    expect(codes(p)).not.toContain('PLUGIN_NOT_SHIPPED');
    const flannel = p.networks[0]!.support?.find((s) => s.type === 'flannel');
    expect(flannel?.status).toBe('exact');
    expect(JSON.stringify(flannel && 'sources' in flannel ? flannel.sources : null)).toContain('flannel-cni-plugin:v1.9.1-flannel3');
  });
});

describe('a `.conf` of another program whose JSON has a `type` deeper down', () => {
  const kea = 'cnf-testbed/6cc294f6482e/comparison/box-by-box-kvm-docker/vDNS/build/kea-dhcp4_no_hook.conf';

  it("a Kea DHCP server's config (`#` comments, `\"lease-database\": {\"type\": \"memfile\"}`) is not a CNI config, broken or not", () => {
    const p = planOf(kea, {});
    expect(p.format).toBeNull();
    expect(p.diagnostics).toEqual([]);
    // Without its comments it parses: still not one.
    const text = readFileSync(new URL(kea, root), 'utf8').replace(/^#.*$/gm, '');
    expect(planFile({ path: 'kea-dhcp4.conf', text }).format).toBeNull();
    // The CLI walks past it: no finding, exit 0.
    const r = cli(['check', '.'], new URL('cnf-testbed/', root).pathname);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 file scanned, 0 CNI configs/);
  });

  it('a `.conf` is one when a CNI key stands at its top level, broken or not, or where runtimes load configs', () => {
    const nested = '{ "a": { "type": "memfile" } }\n';
    expect(planFile({ path: 'store.conf', text: nested }).format).toBeNull();
    expect(planFile({ path: 'etc/cni/net.d/store.conf', text: nested }).format).toBe('conf');
    expect(planFile({ path: '10-store.conf', text: nested }).format).toBe('conf');
    // A broken config still shows its keys: an error, never passed over.
    const broken = '{\n  "cniVersion": "0.3.1",\n  "name": "net"\n  "type": "bridge"\n}\n';
    expect(codes(planFile({ path: 'bridge.conf', text: broken }))).toEqual(['JSON_PARSE_ERROR']);
    expect(codes(planFile({ path: 'bridge.json', text: broken }))).toEqual(['JSON_PARSE_ERROR']);
    const brokenNested = '{\n  "store": {\n  "type": "memfile"\n  # a comment\n  }\n}\n';
    for (const path of ['store.conf', 'store.json']) expect(planFile({ path, text: brokenNested }).format, path).toBeNull();
    // One nested deeper than any parser's stack is refused as before, never parsed to look for the key.
    const deep = `{"type": "bridge", "a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const refused = planFile({ path: 'deep.conf', text: deep });
    expect(codes(refused)).toEqual(['JSON_PARSE_ERROR']);
    expect(refused.diagnostics[0]!.args).toMatchObject({ problem: expect.stringMatching(/^nesting \d+ levels deep/) });
  });
});

describe('a plugin its stated project had not shipped yet', () => {
  const dra = 'multus-cni/95a0932350f0/e2e/templates/dra-integration.yml.j2';

  it("Multus's DRA test NetworkAttachmentDefinition runs `dummy`, first in cni-plugins 1.2.0: an error with 1.1.1, none with 1.2.0", () => {
    const before = planOf(dra, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    const finding = before.diagnostics.find((d) => d.code === 'PLUGIN_NOT_SHIPPED');
    expect(finding?.args).toEqual({ type: 'dummy', project: 'cni-plugins', release: '1.1.1', addedIn: '1.2.0' });
    expect(finding?.severity).toBe('error');
    expect(finding?.position?.line).toBe(24);
    expect(codes(planOf(dra, { plugins: { releases: { 'cni-plugins': '1.2.0' } } }))).not.toContain('PLUGIN_NOT_SHIPPED');
  });
});

describe('an IPAM block a template writes, asked for a target version', () => {
  const macvlan = 'cluster-network-operator/2a6a57fef3ac/bindata/network/additional-networks/simplemacvlan/simplemacvlan.yaml';

  it("OpenShift CNO's simple macvlan NetworkAttachmentDefinition (`\"ipam\": {{.IPAMConfig | indent 6}}`): the target is refused for what the template writes, said as that, not as a plugin", () => {
    const p = planOf(macvlan, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1', multus: '4.1.0' } } });
    expect(p.changed).toBe(false);
    const refusal = p.diagnostics.find((d) => d.code === 'TARGET_VERSION_UNSUPPORTED');
    expect(refusal?.args).toMatchObject({ unknown: ['{{.IPAMConfig | indent 6}}'], templated: ['{{.IPAMConfig | indent 6}}'] });
    const said = describeDiagnostic(refusal!, CLI_VOCABULARY);
    expect(said).toContain('whether the plugins the template writes ({{.IPAMConfig | indent 6}}) accept it is known only once it is rendered');
    expect(said).not.toContain('PLUGIN_UNKNOWN says how to tell');
    // A plugin nothing is known about is still said as one.
    const text = readFileSync(new URL(macvlan, root), 'utf8').replace('"type": "macvlan"', '"type": "acme-net"');
    const both = planFile({ path: 'nad.yaml', text }, { targetVersion: '1.0.0', plugins: { releases: { multus: '4.1.0' } } }).diagnostics.find((d) => d.code === 'TARGET_VERSION_UNSUPPORTED');
    expect(describeDiagnostic(both!, CLI_VOCABULARY)).toMatch(/whether acme-net accepts it is not known \(PLUGIN_UNKNOWN says how to tell\); and whether the plugins the template writes/);
  });
});

describe('a CNI manifest deployed from a URL (a kustomization resource, a Talos CNI URL)', () => {
  const remote = (p: FilePlan) => p.diagnostics.filter((d) => d.code === 'REMOTE_MANIFEST_NOT_READ');

  it("gardener's kind setup: a kustomization whose resource is Calico's v3.32.1 manifest is said not read, at the URL", () => {
    const p = planOf('gardener/b312835d1784/dev-setup/kind/calico/base/kustomization.yaml', {});
    expect(p.networks).toEqual([]);
    expect(remote(p)).toHaveLength(1);
    expect(remote(p)[0]).toMatchObject({
      severity: 'warning',
      position: { line: 5, column: 3 },
      args: { url: 'https://raw.githubusercontent.com/projectcalico/calico/v3.32.1/manifests/calico.yaml', where: 'kustomization resources', file: 'calico.yaml', project: 'Calico' },
    });
    expect(p.changed).toBe(false);
  });

  it("metal3's ClusterResourceSet kustomization (Calico v3.26.1): the same", () => {
    const p = planOf('metal3-dev-env/ac77fc921802/PoCs/kamaji/ClusterResourceSets/calico/kustomization.yaml', {});
    expect(codes(p)).toEqual(['REMOTE_MANIFEST_NOT_READ']);
    expect(remote(p)[0]?.args).toMatchObject({ url: 'https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico.yaml' });
  });

  it("Talos's machine config test data: every URL of cluster.network.cni.urls is a CNI manifest Talos applies", () => {
    const p = planOf('talos/ad8823176e75/pkg/machinery/config/types/v1alpha1/testdata/stability/v1.11/overrides-controlplane.yaml', {});
    expect(remote(p).map((d) => d.args)).toEqual([{ url: 'https://example.com/cni.yaml', where: 'Talos cluster.network.cni.urls', file: 'cni.yaml' }]);
    expect(remote(p)[0]?.position).toMatchObject({ line: 61 });
  });

  it('nothing else: a kustomization with other remote resources, a local calico.yaml, or a URL elsewhere in a document', () => {
    const kustomization = (body: string) => planFile({ path: 'overlays/prod/kustomization.yaml', text: body });
    expect(kustomization('resources:\n- https://github.com/cert-manager/cert-manager/releases/download/v1.15.0/cert-manager.yaml\n- calico.yaml\n').format).toBeNull();
    expect(kustomization('resources:\n- ../../base\n# see https://docs.projectcalico.org/manifests/calico.yaml\n').format).toBeNull();
    const values = 'cni:\n  plugin: calico\nurls:\n- https://docs.projectcalico.org/manifests/calico.yaml\n';
    expect(planFile({ path: 'values.yaml', text: values }).format).toBeNull();
    // The same URL in a kustomization's resources, with a query, is read.
    const withRef = kustomization('resources:\n  - "https://raw.githubusercontent.com/flannel-io/flannel/v0.28.9/Documentation/kube-flannel.yml?x=1"\n');
    expect(remote(withRef).map((d) => d.args.project)).toEqual(['flannel']);
  });

  it('a kustomization that also patches a CNI config inline: both are said', () => {
    const text = [
      'resources:',
      '- https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico.yaml',
      'patches:',
      '- patch: |-',
      '    apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata:',
      '      name: calico-config',
      '    data:',
      '      cni_network_config: |-',
      '        { "name": "k8s-pod-network", "plugins": [ { "type": "calico" } ] }',
      '',
    ].join('\n');
    const p = planFile({ path: 'kustomization.yaml', text }, { plugins: { releases: { calico: '3.26.1' } } });
    expect(codes(p)).toEqual(expect.arrayContaining(['REMOTE_MANIFEST_NOT_READ', 'CNI_VERSION_MISSING']));
    expect(p.networks).toHaveLength(1);
  });
});
