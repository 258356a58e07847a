/**
 * Issue 12: CNI configs as config repositories hold them. Each input has the shape of a real
 * upstream file of its class (named in each test); every edit is checked with
 * expectSafeEmbeddedEdit (bytes outside the edits kept, only cniVersion changed at every level,
 * idempotent), and what is not a CNI config is never reported.
 */
import { describe, expect, it } from 'vitest';
import type { PlanOptions } from '../../src/core/plan.js';
import { formatDiagnostic } from '../../src/render/messages.js';
import { dedent } from '../helpers/dedent.js';
import { codes, expectSafeEmbeddedEdit, plan } from './check.js';

const RELEASES: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1', flannel: '1.1.2', multus: '4.1.0', calico: '3.26.0' } } };

describe('YAML that holds YAML that holds a CNI config', () => {
  it('RKE2 HelmChartConfig spec.valuesContent (rke2-multus daemon_conf-style values)', () => {
    const text = dedent`
      apiVersion: helm.cattle.io/v1
      kind: HelmChartConfig
      metadata:
        name: rke2-canal
        namespace: kube-system
      spec:
        valuesContent: |-
          flannel:
            iface: "eth1"
          calico:
            cniConf: |
              {
                "name": "k8s-pod-network",
                "cniVersion": "0.3.0",
                "plugins": [
                  { "type": "flannel", "delegate": { "isDefaultGateway": true } },
                  { "type": "portmap", "capabilities": { "portMappings": true } }
                ]
              }
    `;
    const p = plan('manifests/rke2-canal-config.yaml', text, { ...RELEASES, targetVersion: '1.0.0' });
    expect(p.fatal).toBe(false);
    expect(p.networks.map((n) => n.location)).toEqual(['HelmChartConfig kube-system/rke2-canal spec.valuesContent > calico.cniConf']);
    expectSafeEmbeddedEdit(p, { ...RELEASES, targetVersion: '1.0.0' });
    expect(p.after).toBe(text.replace('"0.3.0"', '"1.0.0"'));
  });

  it('Argo CD Application spec.source.helm.values', () => {
    const text = dedent`
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: flannel
        namespace: argocd
      spec:
        project: default
        source:
          repoURL: https://flannel-io.github.io/flannel/
          chart: flannel
          targetRevision: v0.26.0
          helm:
            values: |
              podCidr: "10.244.0.0/16"
              flannel:
                cniConf: |
                  {
                    "name": "cbr0",
                    "plugins": [
                      { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },
                      { "type": "portmap", "capabilities": { "portMappings": true } }
                    ]
                  }
        destination:
          server: https://kubernetes.default.svc
          namespace: kube-flannel
    `;
    const p = plan('apps/flannel.yaml', text, RELEASES);
    expect(p.networks).toHaveLength(1);
    expect(codes(p)).toContain('CNI_VERSION_MISSING');
    expectSafeEmbeddedEdit(p, RELEASES);
    expect(p.after).toBe(text.replace(/(\{\n)( +)("name": "cbr0")/, '$1$2"cniVersion": "1.0.0",\n$2$3'));
  });

  it('Flux HelmRelease spec.values (an object) and valuesContent-style strings alike', () => {
    const text = dedent`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: flannel
        namespace: flux-system
      spec:
        interval: 10m
        chart:
          spec:
            chart: flannel
            sourceRef: { kind: HelmRepository, name: flannel }
        values:
          podCidr: 10.244.0.0/16
          flannel:
            cniConf: |
              {
                "name": "cbr0",
                "cniVersion": "0.3.1",
                "plugins": [
                  { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },
                  { "type": "portmap", "capabilities": { "portMappings": true } }
                ]
              }
    `;
    const options: PlanOptions = { ...RELEASES, targetVersion: '1.0.0' };
    const p = plan('clusters/prod/flannel.yaml', text, options);
    expect(p.networks.map((n) => n.location)).toEqual(['HelmRelease flux-system/flannel spec.values.flannel.cniConf']);
    expectSafeEmbeddedEdit(p, options);
  });

  it('a cluster-api ClusterResourceSet ConfigMap holding a whole Calico manifest: the inner config is found, the images inform it', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cni-calico
        namespace: default
      data:
        resources: |
          ---
          kind: ConfigMap
          apiVersion: v1
          metadata:
            name: calico-config
            namespace: kube-system
          data:
            cni_network_config: |-
              {
                "name": "k8s-pod-network",
                "cniVersion": "0.3.1",
                "plugins": [
                  { "type": "calico", "ipam": { "type": "calico-ipam" } },
                  { "type": "portmap", "snat": true, "capabilities": {"portMappings": true} }
                ]
              }
          ---
          kind: DaemonSet
          apiVersion: apps/v1
          metadata:
            name: calico-node
            namespace: kube-system
          spec:
            template:
              spec:
                initContainers:
                  - name: install-cni
                    image: docker.io/calico/cni:v3.26.1
    `;
    const options: PlanOptions = { targetVersion: '1.0.0' };
    const p = plan('templates/addons/calico-resource-set.yaml', text, options);
    expect(p.networks[0]!.location).toBe('ConfigMap default/cni-calico data.resources > ConfigMap kube-system/calico-config data.cni_network_config');
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expectSafeEmbeddedEdit(p, options);
  });

  it("a NetworkAttachmentDefinition in an Ansible task's stdin (kubespray tests/testcases)", () => {
    const text = dedent`
      - name: Create macvlan network conf
        command:
          cmd: "kubectl create -f -"
          stdin: |
            apiVersion: "k8s.cni.cncf.io/v1"
            kind: NetworkAttachmentDefinition
            metadata:
              name: macvlan-conf
            spec:
              config: '{
                "cniVersion": "0.4.0",
                "type": "macvlan",
                "master": "eth0",
                "mode": "bridge",
                "ipam": {
                  "type": "host-local",
                  "subnet": "192.168.1.0/24"
                }
              }'
    `;
    const p = plan('tests/testcases/040_check-network-adv.yml', text, RELEASES);
    expect(p.fatal).toBe(false);
    expect(p.networks.map((n) => [n.location, n.currentVersion])).toEqual([
      ['0.command.stdin > NetworkAttachmentDefinition macvlan-conf spec.config', '0.4.0'],
    ]);
    expect(p.changed).toBe(false);
  });
});

describe('strings that are not CNI configs are never reported', () => {
  it('a ConfigMap script that writes a conflist with a heredoc', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cni-setup-script
      data:
        setup.sh: |
          #!/bin/sh
          cat > /etc/cni/net.d/10-chain.conflist <<EOF
          { "cniVersion": "{{ CNI_VERSION }}", "name": "chain", "plugins": [ { "type": "bridge" ] }
          EOF
    `;
    for (const path of ['e2e/templates/setup.yml.j2', 'setup.yaml']) {
      const p = plan(path, text);
      expect(p.format, path).toBeNull();
      expect(p.diagnostics).toEqual([]);
    }
  });

  it('prose that mentions cniVersion (a charm option description)', () => {
    const text = dedent`
      options:
        network-attachment-definitions:
          type: string
          default: ""
          description: |
            YAML of NetworkAttachmentDefinitions to create, for example:
              spec:
                config: '{ "cniVersion": "0.3.1", "type": "macvlan" '
    `;
    const p = plan('charmcraft.yaml', text);
    expect(codes(p)).not.toContain('JSON_PARSE_ERROR');
    expect(p.fatal).toBe(false);
  });

  it('a Go template value starting with {{- is a template, not a broken config', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: x
      data:
        helpers.tpl: |
          {{- define "cni.type" -}}"type": "bridge"{{- end }}
    `;
    const p = plan('cm.yaml', text);
    expect(p.fatal).toBe(false);
    expect(codes(p)).not.toContain('JSON_PARSE_ERROR');
  });
});

describe('kustomize configMapGenerator literals', () => {
  it('cni-conf.json={…} is read from the =, and edited in place', () => {
    const text = dedent`
      configMapGenerator:
      - name: kube-flannel-cfg
        namespace: kube-flannel
        literals:
        - cni-conf.json={"name":"cbr0","cniVersion":"0.2.0","plugins":[{"type":"flannel","delegate":{"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}
    `;
    const p = plan('kustomization.yaml', text, { ...RELEASES, targetVersion: '1.0.0' });
    expect(p.networks.map((n) => n.location)).toEqual(['configMapGenerator.0.literals.0']);
    expect(p.after).toBe(text.replace('"0.2.0"', '"1.0.0"'));
  });

  it('a version inserted into a plain literal keeps it one plain scalar', () => {
    const text = 'configMapGenerator:\n- name: cni\n  literals:\n  - 10-x.conflist={"name":"n","plugins":[{"type":"bridge"},{"type":"portmap"}]}\n';
    const p = plan('kustomization.yaml', text, RELEASES);
    expect(p.after).toBe(text.replace('{"name"', '{"cniVersion":"1.0.0","name"'));
    expect(plan('kustomization.yaml', p.after, RELEASES).changed).toBe(false);
  });
});

describe('Multus', () => {
  it('delegates are networks of their own, each planned at its own version', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: multus-cni-config
        namespace: kube-system
      data:
        cni-conf.json: |
          {
            "name": "multus-cni-network",
            "type": "multus",
            "cniVersion": "0.3.1",
            "delegates": [
              {
                "name": "default-cni-network",
                "plugins": [
                  { "type": "flannel", "delegate": { "isDefaultGateway": true } },
                  { "type": "portmap", "capabilities": { "portMappings": true } }
                ]
              }
            ],
            "kubeconfig": "/etc/cni/net.d/multus.d/multus.kubeconfig"
          }
    `;
    const p = plan('multus.yaml', text, RELEASES);
    expect(p.networks.map((n) => [n.location, n.name, n.currentVersion, n.decision.action])).toEqual([
      ['ConfigMap kube-system/multus-cni-config data.cni-conf.json', 'multus-cni-network', '0.3.1', 'keep'],
      ['ConfigMap kube-system/multus-cni-config data.cni-conf.json delegates.0', 'default-cni-network', null, 'insert'],
    ]);
    expect(p.networks[1]!.plugins.map((x) => [x.type, x.role, x.implied ?? false])).toEqual([
      ['flannel', 'plugin', false],
      ['bridge', 'delegate', true],
      ['host-local', 'ipam', true],
      ['portmap', 'plugin', false],
    ]);
    expectSafeEmbeddedEdit(p, RELEASES);
  });

  /** Multus's thick-plugin daemon configuration in its ConfigMap, as multus-daemonset-thick.yml ships it; `extra`: members before `socketDir`. */
  const daemonConfigMap = (version: string, extra = '"multusConfigFile": "auto",'): string => dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: multus-daemon-config
        namespace: kube-system
      data:
        daemon-config.json: |
          {
              "chrootDir": "/hostroot",
              "cniVersion": "${version}",
              "logLevel": "verbose",
              "cniConfigDir": "/host/etc/cni/net.d",
              "multusAutoconfigDir": "/host/etc/cni/net.d",
              ${extra}
              "socketDir": "/host/run/multus/"
          }
    `;

  it("the thick plugin's daemon-config.json: its cniVersion is the generated config's, checked against multus-shim", () => {
    const text = daemonConfigMap('1.1.0');
    const options: PlanOptions = { plugins: { releases: { multus: '4.0.2' } } };
    const p = plan('multus-daemonset-thick.yml', text, options);
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['multus-shim']);
    expect(codes(p)).not.toContain('NAME_MISSING');
    expect(codes(p)).not.toContain('PLUGIN_UNKNOWN');
    // Multus 4.0.x vendors libcni 1.1.2: its shim accepts up to 1.0.0, so 1.1.0 is rewritten.
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expectSafeEmbeddedEdit(p, options);
  });

  it("raising the daemon's cniVersion to 0.4.0 or newer says that its daemon then refuses a primary config below 0.4.0", () => {
    const daemon = (version: string, configFile?: string): string => daemonConfigMap(version, configFile === undefined ? '' : `"multusConfigFile": "${configFile}",`);
    const raise = (text: string, target: string): ReturnType<typeof plan> => plan('daemon-config.yaml', text, { targetVersion: target, plugins: { releases: { multus: '4.1.0' } } });
    // multusConfigFile absent (its default is "auto") or "auto": the caveat, at the version, and the change is made.
    for (const text of [daemon('0.3.1'), daemon('0.3.1', 'auto')]) {
      const p = raise(text, '1.0.0');
      expect([p.changed, codes(p)]).toEqual([true, ['MULTUS_PRIMARY_VERSION']]);
      expect(p.diagnostics[0]!.args).toEqual({ from: '0.3.1', to: '1.0.0' });
      expect(p.before.slice(p.diagnostics[0]!.position!.offset).startsWith('"0.3.1"')).toBe(true);
      // Once written, it still holds (the primary config must follow): it stays among what remains, at the new version.
      expect(p.remaining.map((d) => d.code)).toEqual(['MULTUS_PRIMARY_VERSION']);
      expect(p.after.slice(p.remaining[0]!.position!.offset).startsWith('"1.0.0"')).toBe(true);
    }
    expect(codes(raise(daemon('0.3.1'), '0.4.0'))).toEqual(['MULTUS_PRIMARY_VERSION']);
    // Not across 0.4.0, or a config file of the user's own (the daemon copies it, checks nothing): nothing to say.
    expect(codes(raise(daemon('0.4.0'), '1.0.0'))).toEqual([]);
    expect(codes(raise(daemon('0.3.1'), '0.3.1'))).toEqual([]);
    const own = raise(daemon('0.3.1', '/tmp/multus-conf/00-multus.conf'), '1.0.0');
    expect([own.changed, codes(own)]).toEqual([true, []]);
    // forceCNIVersion: Multus 4.1.0 and later rewrite the primary config's version first; 4.0.x do not.
    const forced = daemonConfigMap('0.3.1', '"forceCNIVersion": true,');
    expect(codes(raise(forced, '1.0.0'))).toEqual([]);
    const forcedOld = plan('daemon-config.yaml', forced, { targetVersion: '1.0.0', plugins: { releases: { multus: '4.0.2' } } });
    expect(codes(forcedOld)).toEqual(['MULTUS_PRIMARY_VERSION']);
    const forcedUnknown = plan('daemon-config.yaml', forced, { targetVersion: '1.0.0', plugins: { releases: {} } });
    expect(codes(forcedUnknown)).toContain('MULTUS_PRIMARY_VERSION');
  });
});

describe("What Multus runs, it runs with its own libcni", () => {
  const nad = (version: string): string => dedent`
    apiVersion: k8s.cni.cncf.io/v1
    kind: NetworkAttachmentDefinition
    metadata:
      name: macvlan-conf
    spec:
      config: '{
          "cniVersion": "${version}",
          "type": "macvlan",
          "master": "eth0",
          "ipam": { "type": "host-local", "subnet": "192.168.1.0/24" }
        }'
  `;
  const withMultus = (release: string | null, extra: PlanOptions = {}): PlanOptions => ({
    ...extra,
    plugins: { releases: { 'cni-plugins': '1.6.0', ...(release ? { multus: release } : {}) } },
  });
  const unsupported = (p: ReturnType<typeof plan>) => p.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED');

  it('a NetworkAttachmentDefinition at a version its Multus release cannot execute is rewritten, Multus named as what runs it', () => {
    // Multus v3.x vendors libcni v0.7.1/v0.8.1, whose result types stop at 0.4.0.
    const p = plan('nad.yaml', nad('1.0.0'), withMultus('3.9.3'));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.0.0', version: '0.4.0' });
    expect(p.networks[0]!.support.find((s) => s.type === 'multus')).toMatchObject({ status: 'exact', executor: true });
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['macvlan', 'host-local']);
    expect(unsupported(p)?.args).toMatchObject({ version: '1.0.0', plugins: [], runtime: null, executor: 'multus (executes up to 0.4.0)' });
    expect(formatDiagnostic(unsupported(p)!)).toContain(`which runs this config with its own libcni: attaching the network fails with 'unsupported CNI result version "1.0.0"'`);
    expectSafeEmbeddedEdit(p, withMultus('3.9.3'));
  });

  it('the same config is kept on a Multus release that executes it', () => {
    for (const [release, version] of [['4.0.2', '1.0.0'], ['4.1.0', '1.1.0']] as const) {
      const p = plan('nad.yaml', nad(version), withMultus(release, { runtime: 'containerd@2.1.0' }));
      expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version });
      expect(p.diagnostics).toEqual([]);
    }
  });

  it('without a stated Multus release, a version only some releases execute is kept with a warning, never downgraded on a guess', () => {
    const p = plan('nad.yaml', nad('1.0.0'), withMultus(null));
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    expect(codes(p)).toEqual(['CNI_VERSION_UNCONFIRMED']);
    expect(p.diagnostics[0]!.args).toMatchObject({ version: '1.0.0', plugins: [expect.objectContaining({ type: 'multus' })] });
    // Asking for 1.0.0 is refused until the release is stated: Multus 3.x would fail the pod.
    const asked = plan('nad.yaml', nad('0.3.1'), withMultus(null, { targetVersion: '1.0.0' }));
    expect(asked.changed).toBe(false);
    expect(codes(asked)).toEqual(['TARGET_VERSION_UNSUPPORTED']);
    expect(plan('nad.yaml', nad('0.3.1'), withMultus('4.0.2', { targetVersion: '1.0.0' })).after).toBe(nad('1.0.0'));
  });

  it("a Multus DaemonSet's image in the same file states the release", () => {
    const text = `${nad('1.0.0')}\n---\n${dedent`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: kube-multus-ds
      spec:
        template:
          spec:
            containers:
              - name: kube-multus
                image: ghcr.io/k8snetworkplumbingwg/multus-cni:v3.9.3
    `}\n`;
    const p = plan('multus.yaml', text, withMultus(null));
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    expect(unsupported(p)?.args.executor).toBe('multus (executes up to 0.4.0)');
  });

  it("a Multus config's delegates are run by Multus; the config itself by the runtime", () => {
    const text = JSON.stringify(
      { cniVersion: '1.0.0', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [{ cniVersion: '1.0.0', name: 'cbr0', plugins: [{ type: 'bridge' }, { type: 'portmap' }] }] },
      null,
      2,
    );
    const p = plan('00-multus.conf', text, withMultus('3.9.3'));
    // Multus 3.9.3 itself accepts up to 0.4.0 as a plugin; its delegate is bounded by its libcni.
    expect(p.networks.map((n) => [n.location ?? '', n.decision.action, 'version' in n.decision ? n.decision.version : null])).toEqual([
      ['', 'rewrite', '0.4.0'],
      ['delegates.0', 'rewrite', '0.4.0'],
    ]);
    expect(p.networks[0]!.support.some((s) => s.executor)).toBe(false);
    expect(p.networks[1]!.support.find((s) => s.executor)?.type).toBe('multus');
  });

  it('a NetworkAttachmentDefinition in a List (kubectl get -o yaml / -o json of several), its config without a name: Multus names it, and runs it', () => {
    // ovs-cni's mirror-producer NAD: no "name" in its config.
    const config = '{"cniVersion":"1.0.0","plugins":[{"type":"bridge","bridge":"br1"}]}';
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'mirror' }, spec: { config } }] };
    const yaml = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: k8s.cni.cncf.io/v1\n  kind: NetworkAttachmentDefinition\n  metadata:\n    name: mirror\n  spec:\n    config: '${config}'\n`;
    for (const [path, text] of [['list.json', JSON.stringify(list, null, 2)], ['list.yaml', yaml]] as const) {
      const p = plan(path, text, withMultus('4.0.2'));
      expect(p.networks).toHaveLength(1);
      expect(codes(p), path).not.toContain('NAME_MISSING');
      expect(p.networks[0]!.support.find((x) => x.executor)?.type, path).toBe('multus');
    }
    // A ConfigMap's list in a List is no NetworkAttachmentDefinition: its name is its own to give.
    const configMaps = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cni' }, data: { '10-x.conflist': config } }] };
    expect(codes(plan('cms.json', JSON.stringify(configMaps), withMultus('4.0.2')))).toContain('NAME_MISSING');
  });

  it('a NetworkAttachmentDefinition as kubectl prints it in JSON is judged the same; a ConfigMap conflist is not run by Multus', () => {
    const json = JSON.stringify(
      { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'macvlan-conf' }, spec: { config: '{"cniVersion":"1.0.0","type":"macvlan","master":"eth0","ipam":{"type":"host-local","subnet":"10.1.0.0/24"}}' } },
      null,
      2,
    );
    const p = plan('nad.json', json, withMultus('3.9.3'));
    expect(p.format).toBe('k8s-json');
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.4.0' });
    const configMap = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cni
      data:
        10-bridge.conflist: '{"cniVersion":"1.0.0","name":"cbr0","plugins":[{"type":"bridge"}]}'
    `;
    const cm = plan('cm.yaml', configMap, withMultus('3.9.3'));
    expect(cm.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    expect(cm.networks[0]!.support.some((s) => s.type === 'multus')).toBe(false);
  });
});

describe('what flannel runs without naming it', () => {
  // flannel-io/cni-plugin flannel_linux.go: the delegate is "bridge" unless it has a type; its IPAM
  // is the flannel config's own, "host-local" unless that names a type; both at cniVersion.
  const conflist = (flannel: Record<string, unknown>): string => JSON.stringify({ name: 'cbr0', cniVersion: '1.1.0', plugins: [{ type: 'flannel', ...flannel }, { type: 'portmap', capabilities: { portMappings: true } }] }, null, 2);
  const FLEET: PlanOptions = { runtime: 'containerd@2.1.0', plugins: { releases: { 'flannel-cni-plugin': '1.5.1', 'cni-plugins': '1.1.1' } } };

  it("kube-flannel's own delegate (hairpinMode, isDefaultGateway; no type): bridge and host-local are judged, and 1.1.0, which they refuse, is rewritten", () => {
    const p = plan('10-flannel.conflist', conflist({ delegate: { hairpinMode: true, isDefaultGateway: true } }), FLEET);
    expect(p.networks[0]!.plugins.map((x) => [x.type, x.role, x.implied ?? false])).toEqual([
      ['flannel', 'plugin', false],
      ['bridge', 'delegate', true],
      ['host-local', 'ipam', true],
      ['portmap', 'plugin', false],
    ]);
    // Implied plugins point at the flannel entry that runs them.
    expect(new Set(p.networks[0]!.plugins.slice(0, 3).map((x) => x.offset)).size).toBe(1);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.1.0', version: '1.0.0' });
    expect(p.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED')?.args).toMatchObject({ plugins: ['bridge, host-local, portmap (accept 0.1.0–1.0.0)'] });
  });

  it('a delegate or an IPAM that names its type replaces the default; a template that writes the delegate decides it', () => {
    const named = plan('10-flannel.conflist', conflist({ delegate: { type: 'ipvlan', master: 'eth0' }, ipam: { type: 'whereabouts' } }), FLEET);
    expect(named.networks[0]!.plugins.map((x) => [x.type, x.implied ?? false])).toEqual([
      ['flannel', false],
      ['whereabouts', false],
      ['ipvlan', false],
      ['portmap', false],
    ]);
    const templated = plan('10-flannel.conflist.tmpl', '{ "name": "cbr0", "cniVersion": "1.0.0", "plugins": [ { "type": "flannel", "delegate": {{ toJson .Values.delegate }} } ] }\n', FLEET);
    expect(templated.networks[0]!.plugins.map((x) => x.type)).toEqual(['{{ toJson .Values.delegate }}', 'flannel']);
  });

  it("flannel in a chain says nothing of the standard plugins' release (flannel-cni-plugin ships it now): 1.0.0 is kept, with a warning, not rewritten", () => {
    // charm-flannel's 10-flannel.conflist at 1.0.0, flannel-cni-plugin stated, cni-plugins not.
    const text = JSON.stringify({ name: 'CDK-flannel-network', cniVersion: '1.0.0', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] }, null, 2);
    const p = plan('10-flannel.conflist', text, { plugins: { releases: { 'flannel-cni-plugin': '1.5.1' } } });
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '1.0.0' });
    expect(codes(p)).toEqual(['CNI_VERSION_UNCONFIRMED']);
  });

  it("flannel's Windows delegate (sdnbridge) at 0.3.1, which no release of windows-container-networking accepts, is an error", () => {
    const conf = '{\n  "cniVersion": "0.3.1",\n  "name": "cbr0",\n  "type": "flannel",\n  "delegate": { "type": "sdnbridge", "optionalFlags": { "forceBridgeGateway": true } }\n}\n';
    const p = plan('10-flannel.conf', conf, { plugins: { releases: { 'flannel-cni-plugin': '1.5.1', 'cni-plugins': '1.1.1', 'windows-cni': '0.3.1' } } });
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['flannel', 'sdnbridge', 'host-local']);
    expect(p.diagnostics.find((d) => d.code === 'CNI_VERSION_UNSUPPORTED')?.args).toMatchObject({ plugins: ['sdnbridge (accept 0.2.0, 0.3.0, 0.4.0, 1.0.0)'] });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '1.0.0' });
  });

  it('a single flannel .conf too, and the edit is proven as any other', () => {
    const conf = '{\n  "name": "cbr0",\n  "type": "flannel",\n  "delegate": { "isDefaultGateway": true }\n}\n';
    const p = plan('10-flannel.conf', conf, FLEET);
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['flannel', 'bridge', 'host-local']);
    expect(p.after).toBe(conf.replace('{\n', '{\n  "cniVersion": "1.0.0",\n'));
    expect(plan('10-flannel.conf', p.after, FLEET).changed).toBe(false);
  });
});

describe('YAML that kubectl accepts', () => {
  it("a NetworkAttachmentDefinition config whose closing }' is at column 0 (multus-cni e2e/static-pod-nad.yml shape)", () => {
    const text = [
      'apiVersion: "k8s.cni.cncf.io/v1"',
      'kind: NetworkAttachmentDefinition',
      'metadata:',
      '  name: bridge-nad',
      'spec: ',
      "  config: '{",
      '    "cniVersion": "0.3.1",',
      '    "name": "testnet",',
      '    "type": "bridge",',
      '    "bridge": "testnet0",',
      '    "ipam": {',
      '        "type": "host-local",',
      '        "subnet": "10.10.0.0/16"',
      '    }',
      "}'",
      '',
    ].join('\n');
    const options: PlanOptions = { ...RELEASES, targetVersion: '1.0.0' };
    const p = plan('e2e/static-pod-nad.yml', text, options);
    expect(p.fatal).toBe(false);
    expect(p.networks[0]!.currentVersion).toBe('0.3.1');
    expect(p.after).toBe(text.replace('"0.3.1"', '"1.0.0"'));
  });

  it('the closing line at the indentation of the key (kubeburner density-macvlan-nad shape)', () => {
    const text = "spec:\n  config: '{\n      \"cniVersion\": \"0.3.1\",\n      \"type\": \"macvlan\",\n      \"master\": \"eth0\"\n  }'\n";
    const p = plan("nad.yml", text);
    expect(p.fatal).toBe(false);
    expect(p.networks[0]!.currentVersion).toBe('0.3.1');
  });
});

describe('template files', () => {
  it('a kubespray-style conflist.j2 is read as a conflist and its literal version fixed', () => {
    const text = dedent`
      {
        "name": "cni0",
        "cniVersion":"0.3.0",
        "plugins": [
          {
      {% if calico_datastore == "kdd" %}
            "datastore_type": "kubernetes",
      {% endif %}
            "type": "calico",
            "mtu": {{ calico_veth_mtu }},
            "ipam": { "type": "calico-ipam" }
          },
          { "type": "portmap", "capabilities": { "portMappings": true } }
        ]
      }
    `;
    const p = plan('roles/network_plugin/calico/templates/cni-calico.conflist.j2', text, { ...RELEASES, targetVersion: '0.3.1' });
    expect(p.format).toBe('conflist');
    expect(p.after).toBe(text.replace('"cniVersion":"0.3.0"', '"cniVersion":"0.3.1"'));
    expect(codes(p)).not.toContain('JSON_NOT_STRICT');
  });

  it('a YAML Jinja template (calico-config.yml.j2 shape) with directives at column 0 inside the block', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: calico-config
        namespace: kube-system
      data:
        cni_network_config: |-
          {
            "name": "{{ calico_cni_name }}",
            "cniVersion": "0.3.1",
            "plugins": [
              {
      {% if calico_datastore == "kdd" %}
                "datastore_type": "kubernetes",
      {% else %}
                "etcd_endpoints": "{{ etcd_access_addresses }}",
      {% endif %}
                "type": "calico"
              },
              { "type": "portmap", "capabilities": { "portMappings": true } }
            ]
          }
    `;
    const p = plan('roles/network_plugin/calico/templates/calico-config.yml.j2', text, RELEASES);
    expect(p.format).toBe('k8s-yaml');
    expect(p.fatal).toBe(false);
    expect(p.networks.map((n) => [n.name, n.currentVersion])).toEqual([['{{ calico_cni_name }}', '0.3.1']]);
    expect(codes(p)).not.toContain('NAME_INVALID');
  });

  it('a Helm template with if/else branches of a plugin list reads as their union, without structure findings', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: {{ .Release.Name }}-config
      data:
        cni_network_config: |-
          {
            "name": "k8s-pod-network",
            "cniVersion": "0.3.1",
            "plugins": [
              {
                "type": "calico",
                "ipam": {
                  "type": "host-local",
                  "ranges": [
      {{- if .Values.podCidr }}
                    [ { "subnet": "usePodCidr" } ],
      {{- else }}
                    [ { "subnet": "usePodCidrIPv6" } ]
      {{- end }}
                  ]
                }
              },
              { "type": "portmap", "snat": true, "capabilities": {"portMappings": true} }
            ]
          }
    `;
    const p = plan('charts/rke2-canal/templates/config.yaml', text, { ...RELEASES, targetVersion: '1.0.0' });
    expect(p.networks[0]!.location).toBe('ConfigMap {{ .Release.Name }}-config data.cni_network_config');
    expect(codes(p)).not.toContain('JSON_NOT_STRICT');
    expect(codes(p)).not.toContain('PLUGIN_TYPE_INVALID');
    expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
    // The template is not YAML until rendered, so the check is on bytes: one token changed.
    expect(p.after).toBe(text.replace('"cniVersion": "0.3.1"', '"cniVersion": "1.0.0"'));
    expect(plan('charts/rke2-canal/templates/config.yaml', p.after, { ...RELEASES, targetVersion: '1.0.0' }).changed).toBe(false);
  });

  it('a metadata name made of directives stays one plain scalar', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: {{ .Release.Name }}-{{ .Chart.Version }}-config
      data:
        cni-conf.json: |-
          { "name": "multus-cni-network", "type": "multus", "cniVersion": "0.3.1", "kubeconfig": "/x" }
    `;
    const p = plan('templates/configMap.yaml', text, RELEASES);
    expect(codes(p)).not.toContain('TEMPLATE_NOT_PARSED');
    expect(p.networks[0]!.currentVersion).toBe('0.3.1');
  });
});

describe('CNI configs written as YAML mappings (Helm values rendered with toJson)', () => {
  const values = (version: string): string => dedent`
    config:
      cni_conf:
        name: multus-cni-network
        type: multus
        cniVersion: ${version}
        kubeconfig: /etc/cni/net.d/multus.d/multus.kubeconfig
      daemon_conf:
        "chrootDir": "/hostroot"
        "cniVersion": "0.3.1"
        "logLevel": "verbose"
        "cniConfigDir": "/host/etc/cni/net.d"
        "multusAutoconfigDir": "/host/etc/cni/net.d"
        "socketDir": "/host/run/multus/"
    manifests:
      configMap: true
  `;

  it('rke2-multus values: both mappings are networks; rewrites keep the value style', () => {
    const options: PlanOptions = { plugins: { releases: { multus: '4.1.0' } }, targetVersion: '1.0.0' };
    const text = values("'0.3.1'");
    const p = plan('charts/rke2-multus/values.yaml', text, options);
    expect(p.networks.map((n) => [n.location, n.currentVersion, n.plugins.map((x) => x.type).join()])).toEqual([
      ['config.cni_conf', '0.3.1', 'multus'],
      ['config.daemon_conf', '0.3.1', 'multus-shim'],
    ]);
    expect(p.after).toBe(text.replace("cniVersion: '0.3.1'", "cniVersion: '1.0.0'").replace('"cniVersion": "0.3.1"', '"cniVersion": "1.0.0"'));
    expect(plan('charts/rke2-multus/values.yaml', p.after, options).changed).toBe(false);
    // The daemon's mapping, raised past 0.4.0, carries the caveat about the node's primary config.
    expect(p.diagnostics.filter((d) => d.code === 'MULTUS_PRIMARY_VERSION').map((d) => d.position!.line)).toEqual([9]);
    const plain = plan('values.yaml', values('0.3.1'), options);
    expect(plain.after).toContain('    cniVersion: 1.0.0\n');
  });

  it('a mapping with cniVersion and a later cniversion: the later one, which libcni reads, is rewritten', () => {
    const text = 'config:\n  cni_conf:\n    name: n\n    type: multus\n    cniVersion: 1.0.0\n    cniversion: 0.3.0\n';
    const options: PlanOptions = { plugins: { releases: { multus: '4.1.0' } }, targetVersion: '1.0.0' };
    const p = plan('values.yaml', text, options);
    expect(p.networks.map((n) => n.currentVersion)).toEqual(['0.3.0']);
    expect(p.diagnostics.map((d) => d.code)).toContain('KEY_CASE_VARIANT');
    expect(p.after).toBe(text.replace('cniversion: 0.3.0', 'cniversion: 1.0.0'));
  });

  it("a Multus config whose delegates are YAML mappings too (multicloud-k8s helm/multus-cni values): one network, each delegate's version rewritten in its own style", () => {
    const text = dedent`
      config:
        data:
          {
            "cniVersion": "0.3.1",
            "name": "multus-cni-network",
            "type": "multus",
            "delegates": [ { "cniVersion": "0.3.1", "name": "d", "type": "bridge" } ]
          }
      block:
        cniVersion: 0.3.1
        name: multus
        type: multus
        delegates:
          - cniVersion: '0.3.1'
            name: pods
            type: bridge
    `;
    const options: PlanOptions = { plugins: { releases: { multus: '4.1.0', 'cni-plugins': '1.4.0' } }, targetVersion: '1.0.0' };
    const p = plan('values.yaml', text, options);
    // Each delegate once, as part of its Multus network (judged with Multus as what runs it).
    expect(p.networks.map((n) => [n.location, n.name])).toEqual([
      ['config.data', 'multus-cni-network'],
      ['config.data delegates.0', 'd'],
      ['block', 'multus'],
      ['block delegates.0', 'pods'],
    ]);
    expect(p.networks[1]!.support.map((s) => s.type)).toContain('multus');
    expect(codes(p)).toEqual([]);
    expect(p.after).toBe(text.replaceAll('"0.3.1"', '"1.0.0"').replace('cniVersion: 0.3.1', 'cniVersion: 1.0.0').replace("cniVersion: '0.3.1'", "cniVersion: '1.0.0'"));
    expect(plan('values.yaml', p.after, options).changed).toBe(false);
  });

  it('a mapping an alias shares (a delegate written as *d) is judged, and not edited: an edit would reach the other place', () => {
    const text = 'base: &d\n  cniVersion: 0.3.1\n  name: pods\n  type: bridge\nmultus:\n  cniVersion: 0.3.1\n  name: m\n  type: multus\n  delegates:\n  - *d\n';
    const options: PlanOptions = { plugins: { releases: { multus: '4.1.0', 'cni-plugins': '1.4.0' } }, targetVersion: '1.0.0' };
    const p = plan('values.yaml', text, options);
    expect(p.changed).toBe(false);
    expect(codes(p)).toEqual(['EMBEDDED_EDIT_UNSAFE', 'EMBEDDED_EDIT_UNSAFE', 'EMBEDDED_EDIT_UNSAFE']);
    expect(p.diagnostics.map((d) => (d.code === 'EMBEDDED_EDIT_UNSAFE' ? d.args.reason : '')).join('\n')).toMatch(/an alias uses part of it elsewhere \(multus\.delegates\.0\)[^]*holds an alias \(\*d\)/);
    // Nothing to write: nothing said.
    expect(codes(plan('values.yaml', text, { plugins: options.plugins! }))).toEqual([]);
  });

  it('a values key named cniVersion without a plugin type is a template parameter, not a network', () => {
    const p = plan('values.yaml', 'cni:\n  cniVersion: 0.3.1\n  chainingMode: none\n');
    expect(p.format).toBeNull();
  });
});

describe('a template whose JSON only rendering completes', () => {
  it('a daemon config with an {{ if }} that opens an object the {{ end }} does not close (CNO multus.yaml shape): named, not skipped, not broken', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: multus-daemon-config
      data:
        daemon-config-lm-ovn.json: |
          {
              "cniVersion": "0.3.1",
              "chrootDir": "/hostroot",
      {{ if .NETWORK_NODE_IDENTITY_ENABLE }}
              "perNodeCertificate": {
                "enabled": true
      {{ end }}
              "cniConfigDir": "/host/etc/cni/net.d",
              "socketDir": "/host/run/multus/socket"
          }
    `;
    const p = plan('bindata/network/multus/multus.yaml', text);
    expect(p.fatal).toBe(false);
    expect(codes(p)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(p.diagnostics[0]!.args).toMatchObject({ cniVersions: [{ value: '0.3.1', line: 8 }] });
    expect(p.after).toBe(text);
  });

  it('a JSON template that writes one of several whole configs ({% if %}{…}{% else %}{…}{% endif %}): both named, none read, nothing changed', () => {
    const text = dedent`
      {% if use_bridge %}
      {
        "cniVersion": "0.3.1",
        "name": "a",
        "plugins": [{ "type": "bridge", "ipam": { "type": "host-local" } }]
      }
      {% else %}
      {
        "name": "b",
        "plugins": [{ "type": "ptp", "ipam": { "type": "host-local" } }]
      }
      {% endif %}
    `;
    for (const options of [{}, { targetVersion: '1.0.0', ...RELEASES }]) {
      const p = plan('roles/cni/templates/10-net.conflist.j2', text, options);
      expect(p.fatal).toBe(false);
      expect(p.diagnostics.map((d) => [d.code, d.severity])).toEqual([['TEMPLATE_NOT_PARSED', 'warning']]);
      expect(p.diagnostics[0]!.args).toMatchObject({ syntax: 'Jinja', cniVersions: [{ value: '0.3.1', line: 3 }] });
      expect(formatDiagnostic(p.diagnostics[0]!)).toContain('it writes one of several configs');
      expect(p.after).toBe(text);
    }
    // One config with a directive after it is read as before.
    const one = plan('roles/cni/templates/10-net.conflist.j2', `${text.slice(text.indexOf('{'), text.indexOf('{% else %}'))}{# end #}\n`);
    expect(one.networks.map((n) => n.name)).toEqual(['a']);
  });

  it('the same in a JSON template file', () => {
    const text = '{\n  "cniVersion": "0.3.1",\n  "logLevel": "debug",\n{% if x %}\n  "extra": {\n{% endif %}\n  "name": "n"\n}\n';
    const p = plan('templates/daemon.json.j2', text);
    expect(p.fatal).toBe(false);
    expect(p.diagnostics.map((d) => [d.code, d.severity])).toEqual([['TEMPLATE_NOT_PARSED', 'warning']]);
  });
});

describe('what a hunt over real repositories found', () => {
  it('a Go template comment over several lines inside the JSON block (k0s calico-node shape): read, no JSON_NOT_STRICT', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: calico-config
      data:
        10-calico.conflist: |
          {
            "name": "k8s-pod-network",
            "cniVersion": "0.3.1",
            "plugins": [ {
                {{/* bandwidth shaping is
                on by default */}}
                "type": "bandwidth", "capabilities": {"bandwidth": true} } ]
          }
    `;
    const p = plan('templates/calico-config.yaml', text);
    expect(p.networks.map((n) => n.currentVersion)).toEqual(['0.3.1']);
    expect(codes(p)).not.toContain('JSON_NOT_STRICT');
  });

  it('plugins a template writes in are unknown: no version is chosen, even for a --target-version', () => {
    const text = dedent`
      apiVersion: k8s.cni.cncf.io/v1
      kind: NetworkAttachmentDefinition
      metadata:
        name: {{ include "xrd.fullname" $ }}-0
      spec:
        config: |-
          {
            "cniVersion": "0.3.1",
            "name": "{{ include "xrd.fullname" $ }}-0",
            "plugins": {{- prepend ( $intf.additionalCNIConfig | default list ) $intf.config | toPrettyJson | nindent 8 }}
          }
    `;
    const p = plan('templates/_network-attachments.tpl', text, { targetVersion: '1.0.0' });
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.decision.action).toBe('none');
    expect(codes(p)).toContain('PLUGIN_UNKNOWN');
    for (const json of ['{"cniVersion":"0.3.1","name":"x","plugins": {{ .Values.plugins | toJson }} }', '{"cniVersion":"0.3.1","name":"x","plugins":[ {{ p | to_json }}, {"type":"portmap"} ]}', '{"cniVersion":"0.3.1","name":"x","type":"bridge","ipam": {{ ipam | to_json }} }']) {
      const q = plan('x.json.j2', json, { targetVersion: '1.0.0' });
      expect(q.changed, json).toBe(false);
      expect(codes(q), json).toContain('PLUGIN_UNKNOWN');
    }
    // A control directive writes no plugin: the literal chain is still judged.
    const control = plan('x.conflist.j2', '{"cniVersion":"0.3.1","name":"x","plugins":[ {% for p in extra %}{"type":"tuning"},{% endfor %} {"type":"bridge"} ]}', RELEASES);
    expect(codes(control)).not.toContain('PLUGIN_UNKNOWN');
  });

  it("kops's *.yaml.template is read as YAML", () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: kube-flannel-cfg
        namespace: kube-system
      data:
        cni-conf.json: |
          {
            "cniVersion": "0.2.0",
            "name": "cbr0",
            "plugins": [ { "type": "flannel", "delegate": { "forceAddress": true, "isDefaultGateway": true, "hairpinMode": true } }, { "type": "portmap", "capabilities": { "portMappings": true } } ]
          }
        net-conf.json: |
          { "Network": "{{ .KubeControllerManager.ClusterCIDR }}", "Backend": { "Type": "{{ FlannelBackendType }}" } }
    `;
    const p = plan('addons/networking.flannel/k8s-1.12.yaml.template', text, { ...RELEASES, targetVersion: '0.3.1' });
    expect(p.format).toBe('k8s-yaml');
    expect(p.after).toBe(text.replace('"0.2.0"', '"0.3.1"'));
  });

  it('a templated image is IMAGE_TAG_UNUSABLE, and messages show the template as written', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: multus-cni-config
        namespace: {{ .Namespace }}
      data:
        cni-conf.json: |
          { "name": "multus-cni-network", "type": "multus", "cniVersion": "0.3.1", "kubeconfig": "/x" }
      ---
      kind: DaemonSet
      apiVersion: apps/v1
      metadata:
        name: kube-multus-ds
      spec:
        template:
          spec:
            containers:
              - name: kube-multus
                image: {{ .MultusImage }}
    `;
    const p = plan('data/multus/001-multus.yaml', text);
    const image = p.diagnostics.find((d) => d.code === 'IMAGE_TAG_UNUSABLE');
    expect(image?.args).toMatchObject({ image: '{{ .MultusImage }}', anyImage: true });
    // It may be any image: the finding does not speak of its plugins as if it had some.
    expect(formatDiagnostic(image!)).toContain('templated, so whether it installs CNI plugins, and of which release, is not known here');
    const literal = plan('calico.yaml', 'kind: DaemonSet\napiVersion: apps/v1\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: install-cni\n          image: calico/cni:latest\n---\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\ndata:\n  cni_network_config: \'{"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [{"type": "calico"}]}\'\n');
    const tag = literal.diagnostics.find((d) => d.code === 'IMAGE_TAG_UNUSABLE')!;
    expect(tag.args).not.toHaveProperty('anyImage');
    expect(formatDiagnostic(tag)).toContain("tag 'latest' names no release; the plugins it installs are judged without a release");
    expect(p.networks[0]!.location).toBe('ConfigMap {{ .Namespace }}/multus-cni-config data.cni-conf.json');
  });

  it("linkerd-cni's plugin entry needs no cniVersion of its own (CHAINED_PLUGIN_ENTRY)", () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: linkerd-cni-config
      data:
        cni_network_config: |-
          {
            "name": "linkerd-cni",
            "type": "linkerd-cni",
            "log_level": "info",
            "kubernetes": { "kubeconfig": "__KUBECONFIG_FILEPATH__" }
          }
    `;
    const p = plan('cni-plugin.yaml', text);
    expect(codes(p)).toEqual(['TEMPLATE_PLACEHOLDER', 'CHAINED_PLUGIN_ENTRY'].filter((c) => codes(p).includes(c)));
    expect(codes(p)).toContain('CHAINED_PLUGIN_ENTRY');
    expect(codes(p)).not.toContain('CNI_VERSION_MISSING');
    expect(p.changed).toBe(false);
  });

  it("a node's list with istio-cni appended: istio-cni is judged by its release's libcni, not unknown", () => {
    const list = (version: string): string => JSON.stringify({ cniVersion: version, name: 'k8s-pod-network', plugins: [{ type: 'calico', ipam: { type: 'calico-ipam' } }, { type: 'istio-cni', log_level: 'info', kubernetes: { kubeconfig: '/etc/cni/net.d/ZZZ-istio-cni-kubeconfig' } }] }, null, 2);
    const unstated = plan('10-calico.conflist', list('1.0.0'), { plugins: { releases: { calico: '3.28.0' } } });
    expect(codes(unstated)).toEqual(['CNI_VERSION_UNCONFIRMED']);
    expect(unstated.diagnostics[0]!.args).toMatchObject({ plugins: [expect.objectContaining({ type: 'istio-cni' })] });
    // Istio 1.11 vendors libcni v0.8.1 (up to 0.4.0); 1.23 and later v1.2+ (up to 1.1.0).
    const old = plan('10-calico.conflist', list('1.0.0'), { plugins: { releases: { calico: '3.28.0', istio: '1.11.8' } } });
    expect(old.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '1.0.0', version: '0.4.0' });
    const current = plan('10-calico.conflist', list('1.0.0'), { plugins: { releases: { calico: '3.28.0', istio: '1.26.0' } } });
    expect([current.changed, codes(current)]).toEqual([false, []]);
    // kuma-cni likewise: Kuma 1.8–2.7 vendors libcni v1.1.2 (up to 1.0.0), 2.8 and later v1.2+.
    const kuma = (version: string, release: string): ReturnType<typeof plan> =>
      plan('10-bridge.conflist', JSON.stringify({ cniVersion: version, name: 'pods', plugins: [{ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'kuma-cni', log_level: 'info' }] }), { runtime: 'containerd@2.1.0', plugins: { releases: { 'cni-plugins': '1.6.0', kuma: release } } });
    expect(kuma('1.1.0', '2.7.0').networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(codes(kuma('1.1.0', '2.9.0'))).toEqual([]);
    // linkerd-cni in either numbering: linkerd2's stable releases built it to 2.12.4 (libcni v0.6
    // before 2.11.2), linkerd2-proxy-init's cni-plugin/v1.x tags since (v1.2+ of libcni from 1.5.1).
    const linkerd = (version: string, releases: Record<string, string>): ReturnType<typeof plan> =>
      plan('10-bridge.conflist', JSON.stringify({ cniVersion: version, name: 'pods', plugins: [{ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'linkerd-cni', log_level: 'info', kubernetes: { kubeconfig: '/etc/cni/net.d/ZZZ-linkerd-cni-kubeconfig' } }] }), { runtime: 'containerd@2.1.0', plugins: { releases: { 'cni-plugins': '1.6.0', ...releases } } });
    const unknownLinkerd = linkerd('1.0.0', {});
    expect(codes(unknownLinkerd)).toEqual(['CNI_VERSION_UNCONFIRMED']);
    expect(unknownLinkerd.diagnostics[0]!.args).toMatchObject({ plugins: [expect.objectContaining({ type: 'linkerd-cni' })] });
    expect(linkerd('1.0.0', { linkerd: '2.11.1' }).networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '0.3.1' });
    expect(codes(linkerd('1.0.0', { linkerd: '2.12.4' }))).toEqual([]);
    expect(linkerd('1.1.0', { 'linkerd-cni-plugin': '1.5.0' }).networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    expect(codes(linkerd('1.1.0', { 'linkerd-cni-plugin': '1.6.8' }))).toEqual([]);
  });

  it("kuma-cni's entry too: Kuma's installer appends it to the node's list (app/cni/pkg/install/transform.go)", () => {
    const entry = '{\n  "type": "kuma-cni",\n  "name": "kuma-cni",\n  "log_level": "info",\n  "kubernetes": { "kubeconfig": "__KUBECONFIG_FILEPATH__", "cni_bin_dir": "/opt/cni/bin" }\n}\n';
    const p = plan('kuma-cni.conf.tmpl', entry);
    expect(codes(p)).toContain('CHAINED_PLUGIN_ENTRY');
    expect(p.diagnostics.find((d) => d.code === 'CHAINED_PLUGIN_ENTRY')?.args).toEqual({ type: 'kuma-cni', project: 'kumahq/kuma' });
    expect(codes(p)).not.toContain('CNI_VERSION_MISSING');
    expect(p.changed).toBe(false);
  });
});

describe('the JSON manifest format shares the rule', () => {
  it('a kubectl -o json ConfigMap holding a script that mentions "cniVersion" is not reported', () => {
    const text = `${JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cni-setup', namespace: 'kube-system' },
        data: { 'install.sh': '#!/bin/sh\ncat > /etc/cni/net.d/10-x.conflist <<EOF\n{ "cniVersion": "0.3.1", "name": "x", "plugins": [ {"type": "bridge" ] }\nEOF\n' },
      },
      null,
      2,
    )}\n`;
    const p = plan('cm.json', text);
    expect(p.format).toBeNull();
    expect(p.diagnostics).toEqual([]);
  });
});
