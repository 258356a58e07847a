/**
 * CNI configs embedded in Kubernetes YAML (format k8s-yaml), through planFile: what is found,
 * what is reported, and that every edit is safe (see ./check.ts), on hand-written manifests and
 * on every YAML file of the corpus (fixtures/upstream).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeK8sYaml, NAMES_CHART, namesChart, planK8sYaml, setPlainReading, verifyK8sYaml } from '../../src/formats/k8s-yaml/k8s-yaml.js';
import { LAST_APPLIED, NAMES_CNI_KEY, namesCniKey, showsSignal, withoutLastApplied } from '../../src/formats/k8s-yaml/cni-signals.js';
import { parserRuns } from '../../src/formats/k8s-yaml/lenient-yaml.js';
import { planFile, resolveContext, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { crlf, dedent } from '../helpers/dedent.js';
import { codes, expectSafeEmbeddedEdit, OPTIONS, plan, yamlData, yamlDocuments as documents } from './check.js';
import { available, corpus, corpusEntries, indexUrl } from '../helpers/corpus.js';
import { seededRandom } from '../helpers/seeded.js';

const FLANNEL_CM = dedent`
  kind: ConfigMap
  apiVersion: v1
  metadata:
    name: kube-flannel-cfg
    namespace: kube-flannel   
    labels:
      tier: node  # trailing comment
      app: flannel
  data:
    cni-conf.json: |
      {
        "name": "cbr0",
        "plugins": [
          {
            "type": "flannel",
            "delegate": {
              "hairpinMode": true,
              "isDefaultGateway": true
            }
          },
          {
            "type": "portmap",
            "capabilities": {
              "portMappings": true
            }
          }
        ]
      }
    net-conf.json: |
      {
        "Network": "10.244.0.0/16",
        "Backend": {
          "Type": "vxlan"
        }
      }
`;

describe('k8s-yaml: string styles through planFile', () => {
  const conf = (version: string | null): string =>
    JSON.stringify({ ...(version ? { cniVersion: version } : {}), name: 'n', plugins: [{ type: 'bridge', bridge: "it's" }, { type: 'portmap' }] });
  const cases: { name: string; text: string; action: 'insert' | 'rewrite' }[] = [
    { name: 'literal |', text: `data:\n  a.conflist: |\n    ${conf(null)}\n`, action: 'insert' },
    { name: 'literal |-', text: `data:\n  a.conflist: |-\n    ${conf('1.1.0')}\n  b: x\n`, action: 'rewrite' },
    { name: 'literal |+ with trailing blank lines', text: `data:\n  a.conflist: |+\n    ${conf(null)}\n\n\n  b: x\n`, action: 'insert' },
    { name: 'literal |2', text: `data:\n  a.conflist: |2\n      ${conf(null)}\n`, action: 'insert' },
    { name: 'literal |- with a header comment', text: `data:\n  a.conflist: |-  # keep me\n    ${conf('1.1.0')}\n`, action: 'rewrite' },
    { name: 'double-quoted one line', text: `data:\n  a.conflist: ${JSON.stringify(conf(null))}\n`, action: 'insert' },
    { name: 'double-quoted rewrite', text: `data:\n  a.conflist: ${JSON.stringify(conf('1.1.0'))}\n`, action: 'rewrite' },
    {
      name: 'double-quoted with \\n escapes',
      text: `data:\n  a.conflist: ${JSON.stringify(JSON.stringify(JSON.parse(conf(null)), null, 2))}\n`,
      action: 'insert',
    },
    { name: 'single-quoted one line', text: `data:\n  a.conflist: '${conf('1.1.0').replace(/'/g, "''")}'\n`, action: 'rewrite' },
    {
      name: 'single-quoted multi-line',
      text: `data:\n  a.conflist: '{\n      "name": "it''s",\n      "plugins": [{"type": "bridge"}]\n    }'\n`,
      action: 'insert',
    },
  ];

  it.each(cases)('$name → $action', ({ text, action }) => {
    const p = plan('cm.yaml', text);
    expect(p.format).toBe('k8s-yaml');
    expect(p.networks.map((n) => n.decision.action)).toEqual([action]);
    expectSafeEmbeddedEdit(p);
  });

  it('double-quoted insert and rewrite re-escape the new text', () => {
    const insert = plan('cm.yaml', String.raw`cniConf: "{\"name\":\"x\",\"type\":\"bridge\"}"` + '\n');
    expect(insert.edits).toEqual([{ offset: 11, length: 0, content: String.raw`\"cniVersion\":\"1.0.0\",` }]);
    expect(insert.after).toBe(String.raw`cniConf: "{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"type\":\"bridge\"}"` + '\n');
    expectSafeEmbeddedEdit(insert);
    const rewrite = plan('cm.yaml', String.raw`cniConf: "{\"cniVersion\":\"1.1.0\",\"name\":\"x\",\"type\":\"bridge\"}"` + '\n');
    expect(rewrite.edits).toEqual([{ offset: 26, length: 9, content: String.raw`\"1.0.0\"` }]);
    expectSafeEmbeddedEdit(rewrite);
  });

  it('a multi-line single-quoted scalar cannot take a multi-line insertion: EMBEDDED_EDIT_UNSAFE, nothing written', () => {
    // An empty line inside makes the decoded JSON multi-line, so the insertion would need a line break.
    const text = `data:\n  a.conflist: '{\n\n      "name": "x",\n\n      "plugins": [{"type": "bridge"}]\n    }'\n`;
    const p = plan('cm.yaml', text);
    expect(p.fatal).toBe(false);
    expect(p.changed).toBe(false);
    expect(codes(p)).toContain('EMBEDDED_EDIT_UNSAFE');
    expect(p.diagnostics.find((d) => d.code === 'EMBEDDED_EDIT_UNSAFE')!.args).toEqual({ location: 'data.a.conflist', style: 'single-quoted' });
    expect(p.networks[0]!.decision.action).toBe('none');
  });

  it('CRLF: the insertion uses CRLF and the file gains no bare LF', () => {
    const text = crlf(FLANNEL_CM);
    const p = plan('kube-flannel.yml', text, { plugins: { releases: { 'cni-plugins': '1.1.1', flannel: '1.1.2' } } });
    expect(p.edits).toHaveLength(1);
    expect(p.edits[0]!.content).toBe('"cniVersion": "1.0.0",\r\n      ');
    expect(p.after.replace(/\r\n/g, '')).not.toContain('\n');
    expectSafeEmbeddedEdit(p, { plugins: { releases: { 'cni-plugins': '1.1.1', flannel: '1.1.2' } } });
  });

  it('a CNI string used again through a YAML alias is edited once, at its anchor, and each use is named', () => {
    const text = `base: &conf |\n  {"name": "n", "plugins": [{"type": "bridge"}]}\ndata:\n  a.conflist: *conf\n`;
    const p = plan('values.yaml', text, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]!.location).toBe('base (also used as *conf at data.a.conflist)');
    expect(p.after).toBe(text.replace('{"name"', '{"cniVersion": "1.0.0", "name"'));
  });

  describe('YAML aliases', () => {
    const CM = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: calico-config
      data:
        cni_network_config: |
          {"name": "k8s-pod-network", "plugins": [{"type": "bridge"}]}
    `;
    const yamlError = (text: string): { problem: string; at: number } => {
      const p = plan('cm.yaml', text);
      expect(p).toMatchObject({ format: 'k8s-yaml', fatal: true, changed: false });
      expect(codes(p)).toEqual(['YAML_PARSE_ERROR']);
      const d = p.diagnostics[0]!;
      return { problem: (d.args as { problem: string }).problem, at: d.position!.offset };
    };

    it('an undefined alias is a YAML error naming it, at the alias', () => {
      const text = `${CM}
  other: *nope
`;
      const e = yamlError(text);
      expect(e.problem).toMatch(/^undefined alias \*nope\b/);
      expect(e.problem).not.toMatch(/billion/);
      expect(e.at).toBe(text.indexOf('*nope'));
    });

    it('an alias used before its anchor is a YAML error at the alias, naming where the anchor is', () => {
      const text = `${CM}
  first: *later
  second: &later x
`;
      const e = yamlError(text);
      expect(e.problem).toMatch(/^alias \*later comes before its anchor &later \(line 10\)/);
      expect(e.at).toBe(text.indexOf('*later'));
    });

    it('an alias naming an anchor of an earlier document is a YAML error at the alias (anchors do not cross documents)', () => {
      const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: &shared hello\n---\n';
      const text = `${first}${CM}
  y: *shared
`;
      const e = yamlError(text);
      expect(e.problem).toMatch(/^alias \*shared names the anchor &shared of an earlier document \(line 6\)/);
      expect(e.at).toBe(text.indexOf('*shared'));
    });

    it('an undefined alias in YAML held in a string (a HelmChartConfig) is a YAML error at the alias in the file', () => {
      const text = dedent`
        apiVersion: helm.cattle.io/v1
        kind: HelmChartConfig
        metadata:
          name: rke2-calico
          namespace: kube-system
        spec:
          valuesContent: |-
            installation:
              cni_network_config: |
                {"name": "k8s-pod-network", "plugins": [{"type": "bridge"}]}
              other: *nope
      `;
      const e = yamlError(text);
      expect(e.problem).toMatch(/^HelmChartConfig kube-system\/rke2-calico spec\.valuesContent: undefined alias \*nope\b/);
      expect(e.at).toBe(text.indexOf('*nope'));
    });

    it('an anchored CNI string that an alias uses as a mapping key is left alone with EMBEDDED_EDIT_UNSAFE, never an internal error', () => {
      const text = `${CM.replace('cni_network_config: |', 'cni_network_config: &cfg |')}\n  other: { *cfg : 1 }\n`;
      const p = plan('cm.yaml', text, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
      expect(p.fatal).toBe(false);
      expect(p.changed).toBe(false);
      expect(codes(p)).toEqual(['EMBEDDED_EDIT_UNSAFE']);
      expect(p.diagnostics[0]!.args).toEqual({ location: 'ConfigMap calico-config data.cni_network_config', style: 'block-literal', reason: 'an alias uses it as a mapping key (data.other), which an edit would change too' });
    });

    it('a CNI string in YAML held in a string (a HelmChartConfig) and used again through an alias is edited once, at its anchor, and the use is named', () => {
      const text = dedent`
        apiVersion: helm.cattle.io/v1
        kind: HelmChartConfig
        metadata:
          name: rke2-calico
          namespace: kube-system
        spec:
          valuesContent: |-
            installation:
              cni_network_config: &cfg |
                {"name": "k8s-pod-network", "plugins": [{"type": "bridge"}]}
              other: *cfg
      `;
      const options = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };
      const p = plan('rke2-calico-config.yaml', text, options);
      expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
      expect(p.networks).toHaveLength(1);
      expect(p.networks[0]!.location).toMatch(/installation\.cni_network_config \(also used as \*cfg at installation\.other\)$/);
      expect(p.after).toBe(text.replace('{"name"', '{"cniVersion": "1.0.0", "name"'));
    });
  });

  it('a kind: List whose ConfigMap value is an alias of an anchored CNI string', () => {
    const text = dedent`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kube-flannel-cfg
          namespace: kube-system
        data:
          cni-conf.json: &cni |
            {
              "name": "cbr0",
              "cniVersion": "0.2.0",
              "plugins": [ { "type": "flannel" }, { "type": "portmap" } ]
            }
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kube-flannel-cfg-copy
          namespace: kube-system
        data:
          cni-conf.json: *cni
    `;
    const options: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1', flannel: '1.1.2' } }, targetVersion: '1.0.0' };
    const p = plan('list.yaml', text, options);
    expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]!.location).toContain('also used as *cni at items.1.data.cni-conf.json');
    expect(p.after).toBe(text.replace('"0.2.0"', '"1.0.0"'));
    expect(plan('list.yaml', p.after, options).changed).toBe(false);
  });
});

describe('k8s-yaml: manifests', () => {
  const FLANNEL_OPTIONS: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1', flannel: '1.1.2' } } };

  it('multi-document: only the CNI string changes; --- markers, comments, trailing spaces and other documents are kept', () => {
    const text = [
      '# kube-flannel, trimmed\n',
      '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-flannel  # ns   \n',
      `---\n${FLANNEL_CM}`,
      '--- # the daemon set\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube-flannel-ds\nspec:\n  template:\n    spec:\n      containers:\n      - name: kube-flannel\n        image: docker.io/flannel/flannel:v0.20.0\n',
      '---\n',
    ].join('');
    const p = plan('kube-flannel.yml', text, FLANNEL_OPTIONS);
    expect(p.format).toBe('k8s-yaml');
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]).toMatchObject({ name: 'cbr0', kind: 'conflist', currentVersion: null, location: 'ConfigMap kube-flannel/kube-flannel-cfg data.cni-conf.json' });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
    expectSafeEmbeddedEdit(p, FLANNEL_OPTIONS);

    const before = documents(p.before);
    const after = documents(p.after);
    expect(after).toHaveLength(before.length);
    expect(before).toHaveLength(5);
    for (const i of [0, 1, 3, 4]) expect(after[i]).toBe(before[i]);
    expect(after[2]).toContain('namespace: kube-flannel   \n');
    expect(after[2]).toContain('tier: node  # trailing comment\n');
    expect(after[2]).toContain('  cni-conf.json: |\n    {\n      "cniVersion": "1.0.0",\n      "name": "cbr0",\n');
    expect(after[2]!.slice(after[2]!.indexOf('net-conf.json'))).toBe(before[2]!.slice(before[2]!.indexOf('net-conf.json')));
  });

  it('a ConfigMap with two CNI keys: two networks, two edits', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cni
        namespace: kube-system
      data:
        10-first.conflist: |
          {
            "name": "first",
            "plugins": [{"type": "bridge"}, {"type": "portmap", "capabilities": {"portMappings": true}}]
          }
        note: plain text
        20-second.conf: |-
          {
            "cniVersion": "1.1.0",
            "name": "second",
            "type": "macvlan",
            "ipam": {"type": "host-local", "subnet": "10.1.0.0/16"}
          }
    `;
    const p = plan('cni.yaml', text);
    expect(p.networks.map((n) => [n.location, n.name, n.kind, n.decision.action])).toEqual([
      ['ConfigMap kube-system/cni data.10-first.conflist', 'first', 'conflist', 'insert'],
      ['ConfigMap kube-system/cni data.20-second.conf', 'second', 'conf', 'rewrite'],
    ]);
    expect(p.edits).toHaveLength(2);
    expect(codes(p)).toEqual(['CNI_VERSION_MISSING', 'CNI_VERSION_UNSUPPORTED', 'VERSION_DOWNGRADE_LIVE']);
    // Diagnostics point into the file, inside each block.
    expect(p.diagnostics.map((d) => d.position!.line)).toEqual([8, 15, 15]);
    const changed = expectSafeEmbeddedEdit(p);
    expect(changed.map((c) => c.path)).toEqual(['0.0.data.10-first.conflist', '0.0.data.20-second.conf']);
  });

  it.each([
    [
      'a Deployment',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        env:\n        - name: MODE\n          value: "{\\"type\\": \\"web\\"}"\n',
    ],
    [
      'a CRD with type: object',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ippools.crd.projectcalico.org\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              cniVersion:\n                type: string\n',
    ],
    ['a CRD written as JSON in YAML', '{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "spec": {"type": "object", "name": "x"}}\n'],
    ['CNI text only in a comment', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  # cni-conf.json: {"cniVersion": "0.3.1", "type": "bridge"}\n  x: y\n'],
    ['a ConfigMap holding a script with JSON-like text', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.js: |\n    const conf = {"type": "x", broken};\n'],
  ])('%s → not mine, no diagnostics', (_name, text) => {
    const p = plan('manifest.yaml', text);
    expect(p).toMatchObject({ format: null, fatal: false, changed: false, networks: [], edits: [], diagnostics: [] });
    expect(analyzeK8sYaml({ path: 'manifest.yaml', text })).toBeNull();
  });

  it('plugin offsets are file offsets of each type token, in every string style', () => {
    const block = plan('cm.yaml', `data:\n  a.conflist: |\n    {"name": "n", "plugins": [{"type": "bridge", "ipam": {"type": "host-local"}}]}\n`);
    expect(block.networks[0]!.plugins.map((x) => block.before.slice(x.offset, x.offset + x.type.length + 2))).toEqual(['"bridge"', '"host-local"']);
    const quoted = plan('cm.yaml', String.raw`cniConf: "{\"name\": \"n\", \"type\": \"bridge\"}"` + '\n');
    const ref = quoted.networks[0]!.plugins[0]!;
    expect(quoted.before.slice(ref.offset, ref.offset + 10)).toBe(String.raw`\"bridge\"`);
  });

  it('a Helm values file: `cniConf: |` with no kind is found, nested or not', () => {
    const text = dedent`
      podCidr: "10.244.0.0/16"
      flannel:
        image:
          repository: docker.io/flannel/flannel
        cniConf: |
          {
            "name": "cbr0",
            "cniVersion": "0.3.1",
            "plugins": [{"type": "bridge"}]
          }
    `;
    const p = plan('values.yaml', text, { ...OPTIONS, targetVersion: '1.0.0' });
    expect(p.networks.map((n) => n.location)).toEqual(['flannel.cniConf']);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '1.0.0' });
    expectSafeEmbeddedEdit(p, { ...OPTIONS, targetVersion: '1.0.0' });
  });

  it('a NetworkAttachmentDefinition spec.config is found', () => {
    const text = dedent`
      apiVersion: "k8s.cni.cncf.io/v1"
      kind: NetworkAttachmentDefinition
      metadata:
        name: macvlan-conf
        namespace: tenants
      spec:
        config: '{
            "cniVersion": "1.1.0",
            "type": "macvlan",
            "master": "eth0",
            "mode": "bridge",
            "ipam": {
              "type": "host-local",
              "subnet": "192.168.1.0/24"
            }
          }'
    `;
    // Multus runs the config with its own libcni: v4.0 executes up to 1.0.0.
    const options = { plugins: { releases: { ...OPTIONS.plugins!.releases, multus: '4.0.2' } } };
    const p = plan('nad.yaml', text, options);
    expect(p.networks).toHaveLength(1);
    expect(p.networks[0]).toMatchObject({ location: 'NetworkAttachmentDefinition tenants/macvlan-conf spec.config', kind: 'conf', currentVersion: '1.1.0' });
    expect(p.networks[0]!.plugins.map((x) => x.type)).toEqual(['macvlan', 'host-local']);
    expectSafeEmbeddedEdit(p, options);
    expect(p.after).toContain(`config: '{\n      "cniVersion": "1.0.0",\n      "type": "macvlan",`);
  });

  it('broken JSON under a .conflist key → fatal JSON_PARSE_ERROR at a line/column inside the block', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: broken
      data:
        foo.conflist: |
          {
            "name": "x",
            "plugins": [
              {"type": "bridge"}
          }
    `;
    const p = plan('cm.yaml', text);
    expect(p).toMatchObject({ format: 'k8s-yaml', fatal: true, changed: false, networks: [], edits: [] });
    expect(p.after).toBe(text);
    expect(codes(p)).toEqual(['JSON_PARSE_ERROR']);
    const d = p.diagnostics[0]!;
    expect(d.args).toEqual({ problem: expect.stringMatching(/^ConfigMap broken data\.foo\.conflist: /) as unknown as string });
    // The closing brace on line 11, past the block's indentation.
    expect(d.position).toMatchObject({ line: 11, column: 5 });
    expect(text.slice(d.position!.offset, d.position!.offset + 1)).toBe('}');
  });

  it('a broken YAML document that holds cni_network_config → fatal YAML_PARSE_ERROR', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: calico-config
      data:
        cni_network_config: |-
          {"name": "k8s-pod-network", "type": "calico"}
         typha_service_name: [none
    `;
    const p = plan('calico.yaml', text);
    expect(p).toMatchObject({ format: 'k8s-yaml', fatal: true, changed: false });
    expect(codes(p)).toEqual(['YAML_PARSE_ERROR']);
    expect(p.diagnostics[0]!.position!.line).toBeGreaterThanOrEqual(6);
  });

  it('a broken document that does not hold CNI text does not make the file unreadable', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: [oops\n---\n${FLANNEL_CM}`;
    const p = plan('m.yaml', text, FLANNEL_OPTIONS);
    expect(p.fatal).toBe(false);
    expectSafeEmbeddedEdit(p, FLANNEL_OPTIONS);
    expect(documents(p.after)[0]).toBe(documents(text)[0]);
  });

  it('a Helm template with {{ }} that is not valid YAML → TEMPLATE_NOT_PARSED', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: {{ .Release.Name }}-config
      data:
        cni_network_config: |-
          {"name": "k8s-pod-network", "cniVersion": "0.3.1", "type": "calico"}
      {{- if .Values.typha }}
        typha_service_name: {{ .Values.typha.name }}
      {{- end }}
    `;
    const p = plan('templates/calico-config.yaml', text);
    // Read with its directives masked: the literal version is checked, nothing is broken.
    expect(p).toMatchObject({ format: 'k8s-yaml', fatal: false, changed: false });
    expect(p.networks.map((n) => n.currentVersion)).toEqual(['0.3.1']);
    expect(codes(p)).not.toContain('TEMPLATE_NOT_PARSED');
  });

  it('a Helm template that is YAML only once rendered: TEMPLATE_NOT_PARSED, a warning naming its versions, never fatal', () => {
    const text = dedent`
      kind: ConfigMap
      apiVersion: v1
      metadata:
        name: calico-config
      data:
        cni_network_config: |-
          {"name": "k8s-pod-network", "cniVersion": "0.3.1", "type": "calico"}
        {{ .Values.extra }}: [
    `;
    const p = plan('templates/calico-config.yaml', text);
    expect(p).toMatchObject({ format: 'k8s-yaml', fatal: false, changed: false });
    expect(codes(p)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(p.diagnostics[0]!.severity).toBe('warning');
    expect(p.diagnostics[0]!.args).toMatchObject({ syntax: 'Go/Helm', cniVersions: [{ value: '0.3.1', line: 7 }] });
  });

  it("TEMPLATE_NOT_PARSED quotes the directive the parser stopped at as written, not as masked (multicloud-k8s's multus chart)", () => {
    const text = 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: {{ .Values.config.name }}\ndata:\n  cni-conf.json: | {{ .Values.config.data | toPrettyJson | nindent 4}}\n';
    const p = plan('templates/cni-conf.yaml', text);
    expect(codes(p)).toEqual(['TEMPLATE_NOT_PARSED']);
    const problem = (p.diagnostics[0]!.args as { problem: string }).problem;
    expect(problem).toContain('{{ .Values.config.data | toPrettyJson | nindent 4}}');
    expect(problem).not.toMatch(/___/);
  });

  it('Calico: the bare __CNI_MTU__ placeholder is kept and reported', () => {
    const text = dedent`
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
              {
                "type": "calico",
                "mtu": __CNI_MTU__,
                "ipam": {"type": "calico-ipam"},
                "kubernetes": {"kubeconfig": "__KUBECONFIG_FILEPATH__"}
              },
              {"type": "portmap", "snat": true, "capabilities": {"portMappings": true}}
            ]
          }
    `;
    const options = { ...OPTIONS, targetVersion: '1.0.0' };
    const p = plan('calico.yaml', text, options);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '1.0.0' });
    const placeholder = p.diagnostics.find((d) => d.code === 'TEMPLATE_PLACEHOLDER')!;
    expect(placeholder.args).toEqual({ tokens: ['__CNI_MTU__'] });
    expect(placeholder.position).toMatchObject({ line: 14 });
    expectSafeEmbeddedEdit(p, options);
    expect(p.after).toContain('"mtu": __CNI_MTU__,');
    expect(p.after).toContain('"cniVersion": "1.0.0",');
  });
});

describe('k8s-yaml: plugin releases from the manifest images', () => {
  const calico = (image: string): string => dedent`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: calico-config
      namespace: kube-system
    data:
      cni_network_config: |-
        {
          "name": "k8s-pod-network",
          "cniVersion": "0.3.1",
          "plugins": [
            {"type": "calico", "mtu": __CNI_MTU__, "ipam": {"type": "calico-ipam"}},
            {"type": "portmap", "snat": true, "capabilities": {"portMappings": true}}
          ]
        }
    ---
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: calico-node
      namespace: kube-system
    spec:
      template:
        spec:
          initContainers:
            - name: install-cni
              image: ${image}
          containers:
            - name: calico-node
              image: docker.io/calico/node:v3.22.0
  `;

  it('calico/cni:v3.22.0 and --target-version 1.0.0 → TARGET_VERSION_UNSUPPORTED naming calico', () => {
    const p = plan('calico.yaml', calico('docker.io/calico/cni:v3.22.0'), { targetVersion: '1.0.0' });
    expect(p.changed).toBe(false);
    expect(p.networks[0]!.decision.action).toBe('none');
    const d = p.diagnostics.find((x) => x.code === 'TARGET_VERSION_UNSUPPORTED');
    if (d?.code !== 'TARGET_VERSION_UNSUPPORTED') throw new Error('no TARGET_VERSION_UNSUPPORTED');
    expect(d.args).toMatchObject({ target: '1.0.0', supportedByAll: ['0.1.0', '0.2.0', '0.3.0', '0.3.1'] });
    expect(d.args.plugins.join(' ')).toMatch(/\bcalico\b/);
    // Where each release came from.
    const calicoSupport = p.networks[0]!.support.find((s) => s.type === 'calico')!;
    expect(calicoSupport).toMatchObject({ status: 'exact' });
    const sources = 'sources' in calicoSupport ? calicoSupport.sources : [];
    expect(sources).toEqual([
      expect.objectContaining({
        kind: 'data',
        release: '3.22.0',
        releaseFrom: 'image docker.io/calico/cni:v3.22.0 (DaemonSet kube-system/calico-node initContainer install-cni)',
      }),
    ]);
  });

  it('calico/cni:v3.26.0 → the 1.0.0 rewrite is accepted, and portmap gets the bundled cni-plugins release', () => {
    const options = { targetVersion: '1.0.0' };
    const p = plan('calico.yaml', calico('docker.io/calico/cni:v3.26.0'), options);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', from: '0.3.1', version: '1.0.0' });
    expect(codes(p)).toEqual(['TEMPLATE_PLACEHOLDER']);
    const portmap = p.networks[0]!.support.find((s) => s.type === 'portmap')!;
    expect('sources' in portmap ? portmap.sources[0] : null).toMatchObject({
      release: '1.1.1',
      releaseFrom: expect.stringContaining('calico/cni:v3.26.0') as unknown as string,
    });
    expectSafeEmbeddedEdit(p, options);
  });

  it('--plugin calico@3.26.0 overrides an image tag of v3.22.0', () => {
    const options: PlanOptions = { targetVersion: '1.0.0', plugins: { releases: { calico: '3.26.0' } } };
    const p = plan('calico.yaml', calico('docker.io/calico/cni:v3.22.0'), options);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'rewrite', version: '1.0.0' });
    const calicoSupport = p.networks[0]!.support.find((s) => s.type === 'calico')!;
    const source = 'sources' in calicoSupport ? calicoSupport.sources[0] : undefined;
    expect(source).toMatchObject({ kind: 'data', release: '3.26.0' });
    expect(source && 'releaseFrom' in source ? source.releaseFrom : undefined).toBeUndefined();
    expectSafeEmbeddedEdit(p, options);
  });

  it('a digest-pinned calico/cni image → IMAGE_TAG_UNUSABLE (info), releases unknown', () => {
    const image = `docker.io/calico/cni@sha256:${'ab'.repeat(32)}`;
    const p = plan('calico.yaml', calico(image), {});
    const d = p.diagnostics.find((x) => x.code === 'IMAGE_TAG_UNUSABLE')!;
    expect(d).toMatchObject({
      severity: 'info',
      args: { image, where: 'DaemonSet kube-system/calico-node initContainer install-cni', problem: 'pinned by digest, no tag' },
    });
    expect(p.networks[0]!.support.find((s) => s.type === 'calico')).toMatchObject({ status: 'release-unknown' });
    expect(p.networks[0]!.decision).toMatchObject({ action: 'keep', version: '0.3.1' });
  });
});

const entries = corpusEntries((e) => /\.ya?ml$/i.test(e.file));

const SWEEPS: readonly { readonly label: string; readonly options: PlanOptions }[] = [
  { label: 'cni-plugins@1.1.1', options: { plugins: { releases: { 'cni-plugins': '1.1.1' } } } },
  { label: 'cni-plugins@1.1.1, target 1.0.0', options: { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.1.1' } } } },
];

type Outcome = { readonly plan: FilePlan; readonly text: string } | { readonly error: unknown };

/** Planned once at collection time, so the summary can name its counts. */
const outcomes = new Map<string, Outcome>();
for (const sweep of SWEEPS) {
  for (const e of entries) {
    const text = readFileSync(new URL(e.file, corpus), 'utf8');
    try {
      outcomes.set(`${sweep.label}|${e.file}`, { plan: plan(e.file, text, sweep.options), text });
    } catch (error) {
      outcomes.set(`${sweep.label}|${e.file}`, { error });
    }
  }
}

function tally(label: string): { changed: number; unchanged: number; fatal: number; threw: number } {
  const t = { changed: 0, unchanged: 0, fatal: 0, threw: 0 };
  for (const e of entries) {
    const o = outcomes.get(`${label}|${e.file}`)!;
    if ('error' in o) t.threw++;
    else if (o.plan.fatal) t.fatal++;
    else if (o.plan.changed) t.changed++;
    else t.unchanged++;
  }
  return t;
}

describe('corpus: every YAML manifest', () => {
  it('is present (required in CI)', () => {
    if (!available && process.env['CI']) expect.fail(`corpus index ${indexUrl.pathname} is missing in CI`);
    if (available) expect(entries.length).toBeGreaterThan(20);
  });

  for (const sweep of SWEEPS) {
    const t = tally(sweep.label);
    describe(`with ${sweep.label}`, () => {
      it(`summary: ${entries.length} files, ${t.changed} changed, ${t.unchanged} unchanged, ${t.fatal} fatal, ${t.threw} threw`, () => {
        expect(t.threw).toBe(0);
        expect(t.changed + t.unchanged + t.fatal).toBe(entries.length);
        expect(t.changed).toBeGreaterThan(0);
        // Only templates that are not YAML until rendered may be unreadable.
        expect(t.fatal).toBeLessThanOrEqual(entries.filter((e) => e.flags.some((f) => /template/.test(f))).length);
      });

      it.each(entries.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
        const o = outcomes.get(`${sweep.label}|${entry.file}`)!;
        if ('error' in o) throw o.error;
        const { plan: p, text } = o;
        expect(p.format).toBe('k8s-yaml');
        expect(codes(p)).not.toContain('INTERNAL_VERIFY_FAILED');
        if (p.fatal) {
          expect(codes(p)).toHaveLength(1);
          expect(['YAML_PARSE_ERROR', 'TEMPLATE_NOT_PARSED', 'JSON_PARSE_ERROR']).toContain(codes(p)[0]);
          expect(p.after).toBe(text);
          return;
        }
        // The network the index describes is found, with its version and plugins.
        expect(p.networks.length).toBeGreaterThan(0);
        const net = p.networks.find((n) => n.currentVersion === entry.cniVersion);
        expect(net, `a network with cniVersion ${entry.cniVersion}`).toBeDefined();
        const types = new Set(p.networks.flatMap((n) => n.plugins.map((x) => x.type)));
        for (const type of entry.pluginTypes) expect(types.has(type), `plugin ${type}`).toBe(true);
        if (entry.flags.includes('no-cniVersion')) expect(codes(p)).toContain('CNI_VERSION_MISSING');
        if (entry.flags.includes('unquoted-placeholder')) expect(codes(p)).toContain('TEMPLATE_PLACEHOLDER');

        if (!p.changed) {
          expect(p.edits).toEqual([]);
          expect(p.after).toBe(text);
          // The documents that hold the networks are readable as YAML (once go-yaml leniency is
          // applied; a template once its directives are masked, which planning did above).
          if (!entry.flags.some((f) => /template/.test(f))) expect(yamlData(text).some((d) => Array.isArray(d) && d.length > 0)).toBe(true);
          return;
        }
        expectSafeEmbeddedEdit(p, sweep.options);
      });
    });
  }
});

describe('documents that name CNI keys', () => {
  it('a broken document naming cni_network_config is YAML_PARSE_ERROR even without a visible "type"', () => {
    const text = 'kind: ConfigMap\nmetadata:\n  name: calico-config\ndata:\n  cni_network_config: |-\n    {\n  bad: [\n';
    const plan = planFile({ path: 'cm.yaml', text });
    expect(plan.fatal).toBe(true);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['YAML_PARSE_ERROR']);
  });

  it('a ConfigMap key ending in .conf is not claimed: only CNI content makes it a CNI config', () => {
    const text = 'kind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.conf: |\n    {"type": "worker", "threads": 4\n';
    expect(planFile({ path: 'cm.yaml', text }).format).toBeNull();
  });
});

describe('verifyK8sYaml refuses a result that differs anywhere but the cniVersion', () => {
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
  const text = `${FLANNEL_CM}---\n${SERVICE}`;
  const input = { path: 'kube-flannel.yml', text };
  const data = analyzeK8sYaml(input);
  if (!data?.ok) throw new Error('fixture does not analyse');
  const formatPlan = planK8sYaml(input, data.data, resolveContext(OPTIONS));
  const after = planFile(input, OPTIONS).after;

  it('accepts the planned result', () => {
    expect(after).not.toBe(text);
    expect(verifyK8sYaml(input, after, formatPlan, data.data, () => analyzeK8sYaml({ path: input.path, text: after }))).toBeNull();
  });

  it.each([
    ['a value beside the CNI string, in the edited document', after.replace('namespace: kube-flannel', 'namespace: kube-system')],
    ['a value in a document no edit touched', after.replace('port: 80', 'port: 81')],
    ['a document split in two', after.replace('kind: Service', '---\nkind: Service')],
    ['a document separator removed', after.replace('---\napiVersion: v1\nkind: Service', 'apiVersion: v1\nkind: Service')],
  ])('%s', (_what, tampered) => {
    expect(tampered).not.toBe(after);
    expect(verifyK8sYaml(input, tampered, formatPlan, data.data, () => analyzeK8sYaml({ path: input.path, text: tampered }))).toMatch(/differs outside the CNI configs|different number of YAML documents|no longer parses|^the CNI config at /);
  });
});

describe('k8s-yaml: what reaches the YAML parser', () => {
  const deployment = (image: string, extra = ''): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ${image}\n${extra}`;
  const daemonSet = (image: string, extra = ''): string => deployment(image, extra).replace('kind: Deployment', 'kind: DaemonSet');
  // A `"type"` that is no CNI config: the document must be parsed to tell.
  const script = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.js: \'const conf = {"type": "x", broken};\'\n';
  // `kubectl get -o yaml` keeps the last applied object as JSON, `"type"` keys and all.
  const exportedService =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Service","spec":{"type":"ClusterIP"}}\nspec:\n  type: ClusterIP\n';
  // Documents read, counted as the parser's runs: the plain reading of CNI documents (below) is
  // turned off, or the documents it reads would not count.
  const parses = (path: string, text: string): { result: unknown; runs: number } => {
    const before = parserRuns.count;
    setPlainReading(false);
    try {
      const result = analyzeK8sYaml({ path, text });
      return { result, runs: parserRuns.count - before };
    } finally {
      setPlainReading(true);
    }
  };

  it('a quoted word that only starts with "type" is no member name: such a document is not parsed (kube-prometheus-stack values)', () => {
    const values = 'grafana:\n  sidecar:\n    secretFieldSelector: "type!=kubernetes.io/dockercfg,type!=helm.sh/release.v1"\n';
    expect(parses('values.yaml', values)).toEqual({ result: null, runs: 0 });
    const description = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  notes: \'the "type indicates the kind"\'\n';
    expect(parses('notes.yaml', description)).toEqual({ result: null, runs: 0 });
    // A member name, in a block or escaped in a double-quoted scalar, with white space before its colon: read.
    expect(parses('a.yaml', 'data:\n  conf: |\n    { "name": "n", "type" : "bridge" }\n').runs).toBe(1);
    expect(parses('b.yaml', 'data:\n  conf: "{ \\"name\\": \\"n\\", \\"type\\"\\n : \\"bridge\\" }"\n').runs).toBe(1);
  });

  it('a file of Deployments with no CNI signal is never parsed', () => {
    expect(parses('deploy.yaml', `${deployment('nginx:1.25')}---\n${deployment('redis:7')}`)).toEqual({ result: null, runs: 0 });
  });

  it('a Deployment beside a document with a CNI signal but no CNI config: only that document is parsed, not the Deployment', () => {
    expect(parses('app.yaml', `${deployment('nginx:1.25')}---\n${script}`)).toEqual({ result: null, runs: 1 });
    // A Deployment the parser would refuse (an unclosed flow sequence) is not judged either: no error.
    const broken = deployment('nginx:1.25', '        args: [--port, 8080\n');
    expect(parses('app.yaml', `${broken}---\n${script}`)).toEqual({ result: null, runs: 1 });
    // The same in a Helm template, whose directives are masked before the pre-check.
    const templated = deployment('{{ .Values.image }}', '{{- if .Values.debug }}\n        args: [--debug]\n{{- end }}\n');
    expect(parses('templates/web.yaml', `${templated}---\n${script}`)).toEqual({ result: null, runs: 1 });
  });

  it('the JSON of a last-applied-configuration annotation is no CNI signal: an exported Deployment and Service are not parsed', () => {
    const inline = exportedService.replace(/\|\n +/, "'").replace('}}\n', "}}'\n");
    expect(inline).toContain(`configuration: '{"apiVersion"`);
    for (const service of [exportedService, inline]) expect(parses('exported.yaml', `${deployment('nginx:1.25')}---\n${service}`)).toEqual({ result: null, runs: 0 });
    // A ConfigMap exported the same way still shows its own data: found as before.
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cni\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","data":{"cni-conf.json":"{\\"name\\": \\"cbr0\\", \\"type\\": \\"flannel\\"}"},"kind":"ConfigMap"}\ndata:\n  cni-conf.json: |\n    {"name": "cbr0", "type": "flannel"}\n';
    const found = parses('exported.yaml', cm);
    expect(found.runs).toBe(1);
    expect((found.result as { data: { networks: { location: string }[] } }).data.networks.map((n) => n.location)).toEqual(['ConfigMap cni data.cni-conf.json']);
  });

  it('a CRD that quotes the Go struct tag of metav1.Condition (patchMergeKey:\\"type\\") is not parsed; a quoted "type" key is', () => {
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          conditions:\n            description: "Conditions []metav1.Condition `json:\\"conditions,omitempty\\"\n              patchStrategy:\\"merge\\" patchMergeKey:\\"type\\" protobuf:\\"bytes,1,rep,name=conditions\\"`"\n            type: array\n';
    expect(parses('crds.yaml', crd)).toEqual({ result: null, runs: 0 });
    // Keys, escaped or not, still count: this document is parsed (and holds no config).
    for (const value of ['\'{"type": "x"}\'', '"{\\"type\\": \\"x\\"}"']) expect(parses('app.yaml', `kind: ConfigMap\ndata:\n  a: ${value}\n`).runs).toBe(1);
  });

  it('in a file that holds a CNI config, the images of its other documents still name releases, in document order', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cni\ndata:\n  10-calico.conflist: |\n    {"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [{"type": "calico"}]}\n';
    const deployment = daemonSet;
    const text = `${deployment('docker.io/calico/cni:v3.22.0')}---\n${cm}---\n${deployment('nginx:1.25')}`;
    const { result, runs } = parses('calico.yaml', text);
    // The ConfigMap is parsed to be found; the workloads only when the file is planned.
    expect(runs).toBe(1);
    const before = parserRuns.count;
    const workloads = (result as { data: { workloads: () => { spec: { template: { spec: { containers: { image: string }[] } } } }[] } }).data.workloads();
    // nginx names no image a rule reads: its Deployment is not read at all; the calico one is
    // read without the parser (block-yaml.ts).
    expect(parserRuns.count - before).toBe(0);
    expect(workloads.map((w) => w.spec.template.spec.containers[0]!.image)).toEqual(['docker.io/calico/cni:v3.22.0']);
    const templated = `${deployment('{{ .Values.image }}')}---\n${cm}`;
    const templatedImages = (parses('calico.yaml', templated).result as { data: { workloads: () => unknown[] } }).data.workloads();
    expect(templatedImages).toHaveLength(1);
    const p = plan('calico.yaml', text, {});
    expect(p.networks[0]!.support.find((s) => s.type === 'calico')).toMatchObject({ sources: [expect.objectContaining({ release: '3.22.0', releaseFrom: expect.stringContaining('calico/cni:v3.22.0') })] });
    // Planning, verifying and planning the edited file again parse a Deployment the block reader
    // leaves to the parser (an anchor) once.
    const unversioned = cm.replace('"cniVersion": "0.3.1", ', '');
    const runsOf = (t: string): number => {
      const from = parserRuns.count;
      expect(plan('calico.yaml', t, {}).changed).toBe(true);
      return parserRuns.count - from;
    };
    expect(runsOf(`${deployment('&cni docker.io/calico/cni:v3.22.1')}---\n${unversioned}`) - runsOf(unversioned)).toBe(1);
    expect(runsOf(`${deployment('docker.io/calico/cni:v3.22.2')}---\n${unversioned}`) - runsOf(unversioned)).toBe(0);
  });
});

describe('k8s-yaml: only the DaemonSets beside a CNI config name the releases of its plugins', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cni\ndata:\n  10-calico.conflist: |\n    {"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [{"type": "calico"}]}\n';
  /** The releases the plan's plugins were judged by. */
  const releasesOf = (p: FilePlan): string[] => [...new Set(p.networks.flatMap((n) => n.support.flatMap((x) => ('sources' in x ? x.sources : []).flatMap((src) => ('release' in src && src.release ? [src.release] : [])))))];
  const workload = (kind: string, image: string): string =>
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: ${image}\n`;

  it("a Deployment, StatefulSet or Job running a plugin image (Calico's unified image in calico-kube-controllers) installs nothing on the nodes: no release, no IMAGE_TAG_UNUSABLE, not read", () => {
    for (const kind of ['Deployment', 'StatefulSet', 'Job']) {
      for (const image of ['quay.io/calico/calico:v3.30.0', 'quay.io/calico/calico:master', '{{ .Values.image }}']) {
        const p = plan('calico.yaml', `${workload(kind, image)}---\n${cm}`, {});
        expect(codes(p), `${kind} ${image}`).not.toContain('IMAGE_TAG_UNUSABLE');
        expect(releasesOf(p), `${kind} ${image}`).toEqual([]);
      }
    }
    const installer = plan('calico.yaml', `${workload('DaemonSet', 'quay.io/calico/calico:master')}---\n${cm}`, {});
    expect(codes(installer)).toContain('IMAGE_TAG_UNUSABLE');
    const released = plan('calico.yaml', `${workload('DaemonSet', 'quay.io/calico/cni:v3.26.0')}---\n${workload('Deployment', 'quay.io/calico/cni:v3.20.0')}---\n${cm}`, {});
    expect(releasesOf(released)).toEqual(['3.26.0']);
  });
});

describe('withoutLastApplied takes out what LAST_APPLIED matches', () => {
  it('on every YAML fixture with annotations put in at every indentation, and on mutations of them', () => {
    const dir = new URL('../../fixtures/', import.meta.url);
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f));
    const fixtures = files.map((f) => readFileSync(new URL(f, dir), 'utf8'));
    expect(fixtures.length).toBeGreaterThan(100);
    const random = seededRandom(5);
    const key = 'kubectl.kubernetes.io/last-applied-configuration:';
    const annotation = (indent: string, eol: string): string =>
      `${indent}${key} |${eol}${indent}  {"kind":"Deployment","spec":{"strategy":{"type":"RollingUpdate"}}}${eol}${indent}\t${eol}`;
    const pieces = [key, ` ${key}`, `\t${key}`, '\n', '\r\n', '\r', '\u2028', ' ', '  ', '\t', 'x', '"type": "x"', 'cniVersion'];
    // Built: `^` after each kind of line terminator, a key that is not at a line's start, one
    // inside an annotation's own lines, a continuation indented less, CRLF.
    const texts = [
      `a: 1\r${key} x\r\n  y\nb: 2\n`,
      `a: 1\u2028  ${key} x\n    y\n`,
      `a: 1\u2029${key}\n`,
      `x: ${key} y\n  z\n`,
      `  ${key} |\n    {}\n      ${key} again\n  next: 1\n`,
      `    ${key} |\n      {}\n  less: 1\n      ${key} later\n`,
      `${key}`,
      ...fixtures,
    ];
    for (let n = 0; n < 3000; n++) {
      let text = fixtures[random(fixtures.length)]!;
      for (let k = 1 + random(3); k > 0; k--) {
        const lineStart = text.lastIndexOf('\n', random(text.length + 1)) + 1;
        const eol = random(4) === 0 ? '\r\n' : '\n';
        text = text.slice(0, lineStart) + annotation(' '.repeat(random(7)), eol) + text.slice(lineStart);
      }
      for (let k = random(4); k > 0; k--) {
        const at = random(text.length + 1);
        text = text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at);
      }
      texts.push(text);
    }
    let changed = 0;
    for (const text of texts) {
      const expected = text.replace(LAST_APPLIED, '');
      if (expected !== text) changed++;
      expect(withoutLastApplied(text), JSON.stringify(text.slice(0, 200))).toBe(expected);
    }
    expect(changed).toBeGreaterThan(2900);
    expect(texts.slice(0, 7).map((t) => withoutLastApplied(t) !== t)).toEqual([true, true, true, false, true, true, true]);
  }, 60_000);
});

/** The fixtures' texts of these extensions, and with `documents` each `---` document of them too. */
function fixtureTexts(extensions: RegExp, documents: boolean): string[] {
  const dir = new URL('../../fixtures/', import.meta.url);
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => extensions.test(f));
  return files.flatMap((f) => {
    const text = readFileSync(new URL(f, dir), 'utf8');
    return documents ? [text, ...text.split(/^---/m)] : [text];
  });
}

/** 5,000 texts of 1 to `most` pieces each, in a seeded order. */
function builtTexts(seed: number, pieces: readonly string[], most: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: 5000 }, () => Array.from({ length: 1 + random(most) }, () => pieces[random(pieces.length)]).join(''));
}

/** Asserts `fast` answers each text as `definition` does; how many the definition takes. */
function sameAnswers(texts: readonly string[], fast: (text: string) => boolean, definition: (text: string) => boolean): number {
  let taken = 0;
  for (const text of texts) {
    const expected = definition(text);
    if (expected) taken++;
    expect(fast(text), JSON.stringify(text.slice(0, 200))).toBe(expected);
  }
  return taken;
}

describe('namesChart finds what NAMES_CHART matches', () => {
  it('on every YAML fixture, each document of it, and texts built to test the line starts', () => {
    const texts = fixtureTexts(/\.(ya?ml|tpl)$/, true);
    expect(texts.length).toBeGreaterThan(1000);
    texts.push(...builtTexts(17, ['chart:', 'chart', ':', 'sub', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u00a0', '- ', 'x', '#'], 6));
    const matched = sameAnswers(texts, namesChart, (text) => NAMES_CHART.test(text));
    expect(matched).toBeGreaterThan(100);
    expect(matched).toBeLessThan(texts.length - 1000);
  });
});

describe('namesCniKey finds what NAMES_CNI_KEY matches', () => {
  it('on every YAML fixture, and on texts built to test the word boundaries and the colon', () => {
    const texts = fixtureTexts(/\.(ya?ml|json|conflist|conf|j2)$/, false);
    expect(texts.length).toBeGreaterThan(300);
    texts.push(...builtTexts(3, ['cni_network_config', 'cni-conf.json', 'cniConf', '.conflist', '10-calico', '-', '.', '_', 'x', ' ', '\n', '\t', '\u00a0', ':', '"', 'é', 'ConfigMap'], 8));
    expect(sameAnswers(texts, namesCniKey, (text) => NAMES_CNI_KEY.test(text))).toBeGreaterThan(50);
  });
});

describe('showsSignal: a cniVersion or a "type" used as a key, or a CNI key name, in three searches', () => {
  // The definition, as expressions: a key is followed (past an optional closing quote, escaped or
  // not, and white space, written as escapes too) by a colon; a "type" right after a colon is a value.
  const VERSION_KEY = /cniVersion(?:"|\\"|')?(?:[ \t\r\n]|\\[ntr])*:/;
  const TYPE_KEY = /(?:(?<=\\)(?<!:\\)|(?<!\\)(?<!:))"type\\?"(?:[ \t\r\n]|\\[ntr])*:/;
  it('on every fixture, each document of it, and texts built from the signals\' parts', () => {
    const texts = fixtureTexts(/\.(ya?ml|json|conflist|conf|j2|tpl)$/, true);
    expect(texts.length).toBeGreaterThan(1000);
    texts.push(...builtTexts(5, ['cni', 'cniVersion', 'cni_network_config', 'cni-conf.json', 'cniConf', '.conflist', '"type', '"type"', '\\"type\\"', '\\"', '\\n', '\\', "'", 'x', '-', '.', ':', ' ', '\n', '"', 'Version', '("cniVersion")'], 8));
    const shown = sameAnswers(texts, showsSignal, (text) => VERSION_KEY.test(text) || TYPE_KEY.test(text) || namesCniKey(text));
    expect(shown).toBeGreaterThan(500);
    expect(shown).toBeLessThan(texts.length - 1000);
  });
});

describe('k8s-yaml: the plain reading of CNI documents agrees with the parser', () => {
  /** A network as data: where it is, what it reads, and where each character of its text lies in the file. */
  const described = (n: { location: string; path: readonly unknown[]; document: number; range: readonly number[]; nameFromOwner?: boolean; text: { style: string; decoded: string; toFile: (i: number) => number; toFileEnd: (i: number) => number; encode: (s: string) => string | null }; prepared: { masked: string } }) => ({
    location: n.location,
    path: n.path,
    document: n.document,
    range: n.range,
    nameFromOwner: n.nameFromOwner,
    style: n.text.style,
    decoded: n.text.decoded,
    toFile: Array.from({ length: n.text.decoded.length + 1 }, (_, i) => n.text.toFile(i)),
    toFileEnd: Array.from({ length: n.text.decoded.length + 1 }, (_, i) => n.text.toFileEnd(i)),
    encoded: n.text.encode('"cniVersion": "1.0.0",\n  "x": 1'),
    masked: n.prepared.masked,
  });
  const both = (path: string, text: string) => {
    const read = (enabled: boolean) => {
      setPlainReading(enabled);
      try {
        const runs = parserRuns.count;
        const analysis = analyzeK8sYaml({ path, text });
        const networks = analysis?.ok ? analysis.data.networks.map(described) : null;
        const workloads = analysis?.ok ? analysis.data.workloads() : null;
        const parsed = parserRuns.count - runs;
        const planned = JSON.parse(JSON.stringify(planFile({ path, text }, OPTIONS))) as unknown;
        return { analysis: analysis ? { ok: analysis.ok, diagnostics: analysis.ok ? analysis.data.diagnostics : analysis.diagnostics } : null, networks, workloads, planned, parsed };
      } finally {
        setPlainReading(true);
      }
    };
    return { plain: read(true), parser: read(false) };
  };

  const yamlFixtures = (readdirSync(new URL('../../fixtures/', import.meta.url), { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: f, text: readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8') }));

  it('on every YAML fixture: the same networks, placed the same, and the same plans; most CNI documents are never parsed', () => {
    let withNetworks = 0;
    let parsedLess = 0;
    for (const { path, text } of yamlFixtures) {
      // With CRLF line ends too: every offset then shifts by a character a line.
      const { plain: crlfPlain, parser: crlfParser } = both(path, text.replace(/\r?\n/g, '\r\n'));
      expect({ ...crlfPlain, parsed: 0 }, `${path} (CRLF)`).toEqual({ ...crlfParser, parsed: 0 });
      const { plain, parser } = both(path, text);
      const { parsed: a, ...plainResult } = plain;
      const { parsed: b, ...parserResult } = parser;
      expect(plainResult, path).toEqual(parserResult);
      if (parserResult.networks?.length) withNetworks++;
      if (a < b) parsedLess++;
    }
    expect(withNetworks).toBeGreaterThan(90);
    expect(parsedLess).toBeGreaterThan(withNetworks * 0.8);
  });

  it("templates: their CNI documents, and each document read only for its images, are read without the parser, strings holding a directive as written, as from the parser's reading", () => {
    const templates = yamlFixtures.filter(({ text }) => text.includes('{{'));
    expect(templates.length).toBeGreaterThanOrEqual(10);
    let withImages = 0;
    let parsedPlain = 0;
    let parsedAll = 0;
    for (const { path, text } of templates) {
      const { plain, parser } = both(path, text);
      parsedPlain += plain.parsed;
      parsedAll += parser.parsed;
      expect({ ...plain, parsed: 0 }, path).toEqual({ ...parser, parsed: 0 });
      if (JSON.stringify(parser.workloads ?? []).includes('{{')) withImages++;
    }
    expect(withImages).toBeGreaterThan(3);
    expect(parsedPlain).toBeLessThan(parsedAll);
    // Mutated: directives put where a template puts them, in every kind of place.
    const random = seededRandom(5);
    const pieces = ['{{ .Values.image }}', '"{{ .Values.tag }}"', '\n{{- if .Values.x }}\n', '\n{{- end }}\n', '{{ toYaml .Values.r | nindent 12 }}', ' ', '\n  ', '- ', ': ', "'", '|', '#'];
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      const { path, text } = templates[random(templates.length)]!;
      const at = random(text.length);
      const mutated = text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at);
      const { plain, parser } = both(path, mutated);
      expect({ ...plain, parsed: 0 }, mutated.slice(Math.max(0, at - 100), at + 100)).toEqual({ ...parser, parsed: 0 });
      if (parser.workloads?.length) compared++;
    }
    expect(compared).toBeGreaterThan(100);
  }, 120_000);

  it("Multus's example NetworkAttachmentDefinition, its config indented with tabs and closed at column 0 (go-yaml reads it), is planned without the parser, as the parser's lenient reading plans it", () => {
    const path = 'multus/npwg-demo-1_07_ptp_tuning_conflist.yml';
    const text = readFileSync(new URL('../../fixtures/upstream/multus/v3.4/npwg-demo-1_07_ptp_tuning_conflist.yml', import.meta.url), 'utf8');
    expect(text).toMatch(/^\t"cniVersion"/m);
    expect(text).toMatch(/^\}'$/m);
    const { plain, parser } = both(path, text);
    expect(plain.parsed).toBe(0);
    expect(parser.parsed).toBeGreaterThan(0);
    expect({ ...plain, parsed: 0 }).toEqual({ ...parser, parsed: 0 });
    const before = parserRuns.count;
    const p = planFile({ path, text }, { plugins: { releases: { ...OPTIONS.plugins!.releases, multus: '4.0.2' } }, targetVersion: '1.0.0' });
    expect(parserRuns.count - before).toBe(0);
    expect(p.changed).toBe(true);
    expect(p.after).toBe(text.replace('"cniVersion": "0.3.1"', '"cniVersion": "1.0.0"'));
  });

  it('a CNI ConfigMap in block style is read, planned, edited and proven without the parser; one with an anchor is parsed', () => {
    const runs = (text: string): { runs: number; plan: FilePlan } => {
      const before = parserRuns.count;
      const p = planFile({ path: 'cm.yaml', text }, OPTIONS);
      return { runs: parserRuns.count - before, plan: p };
    };
    const unversioned = FLANNEL_CM;
    const plain = runs(unversioned);
    expect(plain.plan.changed).toBe(true);
    expect(plain.runs).toBe(0);
    const anchored = runs(unversioned.replace('cni-conf.json: |', 'cni-conf.json: &conf |'));
    expect(anchored.plan.changed).toBe(true);
    expect(anchored.runs).toBeGreaterThan(0);
    // The same edit either way.
    expect(anchored.plan.after).toBe(plain.plan.after.replace('cni-conf.json: |', 'cni-conf.json: &conf |'));
    // In a template, a document with no directive of its own is read the same way, and the
    // workload beside it, directives and all, by the plain reader too.
    const workload = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}-flannel\nspec:\n  template:\n    spec:\n      containers:\n      - name: flannel\n        image: "docker.io/flannel/flannel-cni-plugin:{{ .Values.tag }}"\n{{- if .Values.debug }}\n        args: ["--v=5"]\n{{- end }}\n';
    const templated = runs(`${workload}---\n${unversioned}`);
    expect(templated.runs).toBe(0);
    expect(templated.plan.after).toBe(`${workload}---\n${plain.plan.after}`);
    expect(templated.plan.diagnostics.map((d) => d.code)).toContain('IMAGE_TAG_UNUSABLE');
    // A directive inside the CNI document itself: read back as written, as the parser's reading does.
    const chart = '{{- if .Values.cni }}\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cni\ndata:\n  cni-conf.json: |\n    {\n      "name": "cbr0",\n      "plugins": [{"type": "flannel", "delegate": {"mtu": {{ .Values.mtu }}}}]\n    }\n{{- end }}\n';
    const read = runs(chart);
    expect(read.runs).toBe(0);
    expect(read.plan.networks.map((n) => n.location)).toEqual(['ConfigMap {{ .Release.Name }}-cni data.cni-conf.json']);
    // A key given twice (a template's two branches): both configs are planned, as from the parser's reading.
    const branches = 'kind: ConfigMap\nmetadata:\n  name: cni\ndata:\n{{- if .Values.v1 }}\n  cni-conf.json: |\n    {"name": "a", "cniVersion": "1.0.0", "type": "bridge"}\n{{- else }}\n  cni-conf.json: |\n    {"name": "a", "type": "bridge"}\n{{- end }}\n';
    const twice = runs(branches);
    expect(twice.runs).toBe(0);
    expect(twice.plan.networks).toHaveLength(2);
    setPlainReading(false);
    try {
      expect(JSON.parse(JSON.stringify(read.plan))).toEqual(JSON.parse(JSON.stringify(planFile({ path: 'cm.yaml', text: chart }, OPTIONS))));
      expect(JSON.parse(JSON.stringify(twice.plan))).toEqual(JSON.parse(JSON.stringify(planFile({ path: 'cm.yaml', text: branches }, OPTIONS))));
    } finally {
      setPlainReading(true);
    }
  });

  it("a Grafana dashboard in a ConfigMap (Cilium's), decided from the string as read, and mutations of its top level: as the parser's reading", () => {
    // Its first document, the ConfigMap (the Job after it runs curl with JSON in its arguments).
    const file = readFileSync(new URL('../../fixtures/repositories/cilium/v1.4.0/examples/kubernetes/addons/prometheus/templates/06-grafana-config.yaml', import.meta.url), 'utf8');
    const text = file.slice(0, file.indexOf('\n---\n', 4) + 1);
    expect(text).toMatch(/^kind: ConfigMap$/m);
    expect(text).toMatch(/^ {10}"type": "graph"/m);
    const { plain, parser } = both('grafana-config.yaml', text);
    expect(plain.networks ?? []).toEqual([]);
    expect(plain.parsed).toBe(0);
    expect({ ...plain, parsed: 0 }).toEqual({ ...parser, parsed: 0 });
    // Where a member of the dashboard's top level starts: a CNI key there makes it a config.
    const tops = [...text.matchAll(/^ {6}"/gm)].map((m) => m.index);
    expect(tops.length).toBeGreaterThan(20);
    const random = seededRandom(13);
    const pieces = ['"cniVersion": "1.0.0", ', '"type": "bridge", "name": "net", ', '"cniVersion": "0.3.1", "name": "net", "type": "bridge", ', '"name": "net", "plugins": [{"type": "bridge"}], ', '"Type"\u00a0: "bridge", ', '"type"$1: "bridge", ', '"a": ${x}, ', '"a": __MTU__, ', '{{ .Values.x }}', '"', '{', '}', '// c\n'];
    let said = 0;
    for (let n = 0; n < 30; n++) {
      const at = tops[random(tops.length)]!;
      const mutated = text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at);
      const { plain: p, parser: q } = both('grafana-config.yaml', mutated);
      expect({ ...p, parsed: 0 }, mutated.slice(at - 50, at + 100)).toEqual({ ...q, parsed: 0 });
      // Its legends (`{{pod}}`) make it a template: a config there is said unread.
      if (q.networks?.length || (q.planned as FilePlan).diagnostics.length) said++;
    }
    expect(said).toBeGreaterThan(5);
  }, 120_000);

  it('on thousands of mutations of the CNI documents of the fixtures', () => {
    const random = seededRandom(11);
    const pieces = [' ', '\n', '\n  ', '-', '- ', ':', ': ', '#', '"', "'", "''", '|', '|-', '|+', '>', '[', ']', '{', '}', ',', '\t', '~', 'null', '\\', '"cniVersion": "0.3.1",', '"type": "x"', 'literals:', 'cniVersion: 1.0.0', '{{ .Values.x }}'];
    const cniDocs = yamlFixtures.flatMap(({ text }) => text.split(/^---$/m)).filter((d) => /cniVersion|"type"/.test(d) && d.length < 8_000);
    expect(cniDocs.length).toBeGreaterThan(50);
    let planned = 0;
    for (let n = 0; n < 1500; n++) {
      const doc = cniDocs[random(cniDocs.length)]!;
      const at = random(doc.length);
      const mutated = random(3) === 0 ? doc.slice(0, at) + doc.slice(at + 1 + random(3)) : doc.slice(0, at) + pieces[random(pieces.length)]! + doc.slice(at);
      const { plain, parser } = both('m.yaml', mutated);
      const { parsed: _a, ...plainResult } = plain;
      const { parsed: _b, ...parserResult } = parser;
      expect(plainResult, mutated.slice(Math.max(0, at - 100), at + 100)).toEqual(parserResult);
      if (parserResult.networks?.length) planned++;
    }
    expect(planned).toBeGreaterThan(500);
  }, 120_000);
});

describe('k8s-yaml: TEMPLATE_DIRECTIVES counts every directive of the config as written', () => {
  const block = (lead: string): string =>
    `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: canal-config\ndata:\n{{- if .Values.x }}\n  cni_network_config: |-\n    {\n      "name": "k8s-pod-network",\n      "cniVersion": "0.3.1",\n      "plugins": [\n        {\n          "type": "calico",\n          "ipam": {\n              "type": "host-local",\n              "ranges": [\n${lead}{{- if .Values.podCidr }}\n                  [ { "subnet": "usePodCidr" } ]\n${lead}{{- end }}\n              ]\n          }\n        }\n      ]\n    }\n{{- else }}\n  other: x\n{{- end }}\n`;

  it.each([true, false])('at a block\'s column 0 as indented inside it; not the YAML\'s own around it (plain reading %s)', (plain) => {
    setPlainReading(plain);
    try {
      for (const lead of ['', '                  ']) {
        const text = block(lead);
        const p = plan('templates/config.yaml', text, {});
        const found = p.diagnostics.filter((d) => d.code === 'TEMPLATE_DIRECTIVES');
        expect(found.map((d) => d.args), JSON.stringify(lead)).toEqual([{ count: 2, first: '{{- if .Values.podCidr }}' }]);
        expect(found[0]!.position?.offset).toBe(text.indexOf('{{- if .Values.podCidr }}'));
      }
    } finally {
      setPlainReading(true);
    }
  });
});

describe('k8s-yaml: a CNI key whose whole config one placeholder stands for', () => {
  it.each([
    ['${CNI_CONF}', 'shell/envsubst'],
    ['$CNI_CONF', 'shell/envsubst'],
    ['__CNI_NETWORK_CONFIG__', 'placeholder'],
  ])('%s (an installer substitutes it): said unread, never passed over, nothing changed', (token, syntax) => {
    for (const value of [token, `|\n    ${token}`]) {
      const text = `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\ndata:\n  cni_network_config: ${value}\n  typha_service_name: none\n`;
      for (const plain of [true, false]) {
        setPlainReading(plain);
        try {
          const p = planFile({ path: 'calico-config.yaml', text });
          expect(codes(p), value).toEqual(['TEMPLATE_NOT_PARSED']);
          expect(p.diagnostics[0]!.args).toMatchObject({ syntax, problem: `ConfigMap calico-config data.cni_network_config: the whole config is written by the template (${token})` });
          expect(p.changed).toBe(false);
        } finally {
          setPlainReading(true);
        }
      }
    }
    // Under another key it is not a CNI config: nothing said.
    expect(planFile({ path: 'x.yaml', text: `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\ndata:\n  cni-conf.json: '{"cniVersion": "0.3.1", "name": "n", "type": "bridge"}'\n  other: ${token}\n` }).diagnostics.map((d) => d.code)).not.toContain('TEMPLATE_NOT_PARSED');
  });
});
