/**
 * Issue 12 items 1 and 8: a templated `cniVersion` is the template's parameter and is never
 * edited; a refused --target-version never leaves a network without a version.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { isTemplatedString } from '../../src/network/templated.js';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { formatDiagnostic } from '../../src/render/messages.js';
import { codes, planChecked } from '../helpers/verify.js';

const cniPlugins: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };

function conflistWithRawVersion(raw: string): string {
  return `{\n  "cniVersion": ${raw},\n  "name": "net",\n  "plugins": [\n    { "type": "bridge", "bridge": "cni0" },\n    { "type": "portmap", "capabilities": { "portMappings": true } }\n  ]\n}\n`;
}

function templated(p: FilePlan): Extract<Diagnostic, { code: 'CNI_VERSION_TEMPLATED' }> {
  const d = p.diagnostics.find((x): x is Extract<Diagnostic, { code: 'CNI_VERSION_TEMPLATED' }> => x.code === 'CNI_VERSION_TEMPLATED');
  if (!d) throw new Error(`no CNI_VERSION_TEMPLATED in ${codes(p).join(', ')}`);
  return d;
}

describe('templated cniVersion values are reported, never edited', () => {
  const cases: [string, string][] = [
    ['Helm', '"{{ .Values.cni.version }}"'],
    ['Helm with a pipeline', '"{{ .Values.cniVersion | default "0.3.1" }}"'],
    ['Jinja (kubespray)', '"{{ cni_version }}"'],
    ['Jinja, upper case', '"{{ CNI_VERSION }}"'],
    ['envsubst braces', '"${CNI_VERSION}"'],
    ['shell variable', '"$CNI_VERSION"'],
    ['shell default', '"${CNI_VERSION:-0.3.1}"'],
    ['quoted placeholder', '"__CNI_VERSION__"'],
    ['bare placeholder', '__CNI_VERSION__'],
    ['bare shell variable', '$CNI_VERSION'],
    ['bare Helm expression', '{{ .Values.cniVersion | quote }}'],
    ['bare Jinja expression', '{{ cni_version | to_json }}'],
    ['Make / Azure Pipelines', '"$(CNI_VERSION)"'],
    ['autoconf', '"@CNI_VERSION@"'],
    ['Windows', '"%CNI_VERSION%"'],
    ['ERB', '"<%= @cni_version %>"'],
    ['Ruby / Octopus', '"#{cniVersion}"'],
    ['Go template with [[ ]] delimiters', '"[[ .CNIVersion ]]"'],
    ['Jinja with a default', `"{{ x | default('0.3.1') }}"`],
    ['a version part templated', '"0.3.{{ minor }}"'],
  ];
  for (const [name, raw] of cases) {
    it(`${name}: ${raw}`, () => {
      const text = conflistWithRawVersion(raw);
      const p = planFile({ path: '10-net.conflist', text }, cniPlugins);
      expect(p.fatal).toBe(false);
      expect(p.changed).toBe(false);
      expect(p.after).toBe(text);
      expect(p.edits).toEqual([]);
      expect(codes(p)).not.toContain('CNI_VERSION_INVALID');
      expect(codes(p)).not.toContain('CNI_VERSION_MISSING');
      const d = templated(p);
      expect(d.severity).toBe('info');
      expect(d.args.template).toBe(raw);
      expect(d.args.render).toBe('1.0.0');
      expect(d.args.accepted).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0']);
      expect(p.networks[0]!.decision.action).toBe('none');
      // The finding points at the template, line 2.
      expect(d.position?.line).toBe(2);
      expect(formatDiagnostic(d)).toContain('"1.0.0" recommended');
    });
  }

  it('says which value the template must render for the requested target', () => {
    const p = planFile({ path: 'x.conflist', text: conflistWithRawVersion('"{{ .Values.v }}"') }, { ...cniPlugins, targetVersion: '0.4.0' });
    expect(templated(p).args).toMatchObject({ render: '0.4.0', targetRefused: null });
    expect(p.changed).toBe(false);
  });

  it('says when the requested target is refused, and what to render instead', () => {
    const p = planFile({ path: 'x.conflist', text: conflistWithRawVersion('"{{ .Values.v }}"') }, { ...cniPlugins, targetVersion: '1.1.0', runtime: 'containerd@2.1.0' });
    const d = templated(p);
    expect(d.args).toMatchObject({ render: '1.0.0', targetRefused: '1.1.0' });
    expect(formatDiagnostic(d)).toContain('"1.0.0" recommended; the requested 1.1.0 is not one of them');
    expect(p.changed).toBe(false);
  });

  it('what it may render to reaches past what it is advised to render to when only long-superseded releases refuse it (a 5G chart\'s whereabouts NAD)', () => {
    const text = '{\n  "cniVersion": "{{ .Values.n3.cniVersion }}",\n  "name": "n3",\n  "type": "macvlan",\n  "ipam": { "type": "whereabouts", "range": "10.0.3.0/24" }\n}\n';
    const d = templated(planFile({ path: 'n3.conf.tmpl', text }, { targetVersion: '1.0.0' }));
    expect(d.args).toMatchObject({ accepted: ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'], render: '0.3.1', targetRefused: '1.0.0' });
    // Never "0.3.1 being the newest" beside a list that ends at 0.4.0.
    expect(formatDiagnostic(d)).toContain('"0.4.0" for these plugins and this runtime, "0.3.1" recommended; the requested 1.0.0 is not one of them');
  });

  it('cannot say what to render while a plugin is unknown, and says so', () => {
    const text = `{ "cniVersion": "{{ cni_version }}", "name": "n", "plugins": [ { "type": "no-such-plugin-xyz" } ] }\n`;
    const d = templated(planFile({ path: 'x.conflist', text }));
    expect(d.args.accepted).toBeNull();
    expect(formatDiagnostic(d)).toContain('cannot be said');
  });

  it('a literal value next to templated members is still checked and fixed', () => {
    const text = `{\n  "cniVersion": "0.2.0",\n  "name": "{{ .Values.name }}",\n  "plugins": [ { "type": "bridge", "mtu": {{ .Values.mtu }} }, { "type": "portmap" } ]\n}\n`;
    const p = planChecked('x.conflist', text, cniPlugins);
    expect(p.changed).toBe(false); // 0.2.0 is accepted: kept
    const q = planChecked('x.conflist', text.replace('0.2.0', '9.9.9'), cniPlugins);
    expect(q.after).toContain('"cniVersion": "1.0.0"');
    expect(q.after).toContain('{{ .Values.mtu }}');
  });

  it('recognises template syntax, and only template syntax, in a string', () => {
    for (const s of ['{{ x }}', '{%- if a %}1{% endif %}', '${V}', '$V', 'x-$VERSION', '__V__']) expect(isTemplatedString(s), s).toBe(true);
    for (const s of ['0.3.1', '1.0.0', '', 'v1.0.0', '$', '$1', '__', '_V_', '{ }', '@', '100%', '#1', 'a@b.c']) expect(isTemplatedString(s), s).toBe(false);
  });
});

describe('a refused --target-version never leaves a network without a version', () => {
  const noVersion = `{\n  "name": "net",\n  "plugins": [\n    { "type": "bridge" },\n    { "type": "portmap" }\n  ]\n}\n`;

  it('inserts the newest accepted version instead, and says both', () => {
    const p = planChecked('10-net.conflist', noVersion, { ...cniPlugins, targetVersion: '1.1.0', runtime: 'containerd@2.1.0' });
    expect(p.after).toContain('"cniVersion": "1.0.0"');
    expect(codes(p)).toEqual(expect.arrayContaining(['TARGET_VERSION_UNSUPPORTED', 'CNI_VERSION_MISSING']));
    const missing = p.diagnostics.find((d) => d.code === 'CNI_VERSION_MISSING')!;
    expect(formatDiagnostic(missing)).toContain('inserting "1.0.0"');
    expect(formatDiagnostic(missing)).not.toContain('1.1.0');
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '1.0.0' });
    expect((p.networks[0]!.decision as { reason: string }).reason).toMatch(/^the requested target version 1\.1\.0 is not accepted; 1\.0\.0 is the newest/);
  });

  it('rewrites an empty or invalid version the same way', () => {
    for (const v of ['""', '"1.0"']) {
      const text = noVersion.replace('{\n', `{\n  "cniVersion": ${v},\n`);
      const p = planChecked('10-net.conflist', text, { ...cniPlugins, targetVersion: '1.1.0', runtime: 'containerd@2.1.0' });
      expect(p.after, v).toContain('"cniVersion": "1.0.0"');
      const said = p.diagnostics.filter((d) => d.code === 'CNI_VERSION_MISSING' || d.code === 'CNI_VERSION_INVALID').map(formatDiagnostic).join('\n');
      expect(said).toContain('"1.0.0"');
      expect(said).not.toContain('"1.1.0"');
    }
  });

  it('leaves a valid version alone when the target is refused', () => {
    const text = noVersion.replace('{\n', `{\n  "cniVersion": "0.3.1",\n`);
    const p = planFile({ path: '10-net.conflist', text }, { ...cniPlugins, targetVersion: '1.1.0', runtime: 'containerd@2.1.0' });
    expect(p.changed).toBe(false);
    expect(codes(p)).toContain('TARGET_VERSION_UNSUPPORTED');
  });

  it('with no accepted version at all, changes nothing and says nothing was inserted', () => {
    const text = `{ "name": "n", "plugins": [ { "type": "bridge" }, { "type": "portmap" } ] }`;
    const flag = (v: string) => ({ versions: [v], source: { kind: 'flag' as const, flag: `--plugin x=${v}` } });
    const p = planFile({ path: 'x.conflist', text }, { plugins: { supported: { bridge: flag('0.1.0'), portmap: flag('0.3.0') } }, targetVersion: '1.0.0' });
    expect(p.changed).toBe(false);
    const missing = p.diagnostics.find((d) => d.code === 'CNI_VERSION_MISSING');
    expect(missing && formatDiagnostic(missing)).not.toContain('inserting');
  });
});

describe('decisions carry what the front ends say in their own words', () => {
  it('a release hint is structured; the CLI names --plugin and --bin-dir, Ansible plugins and bin_dir', async () => {
    const { formatReleaseHint } = await import('../../src/render/messages.js');
    const { ANSIBLE_VOCABULARY } = await import('../../src/core/vocabulary.js');
    const text = '{"cniVersion": "0.3.1", "name": "n", "plugins": [{"type": "bridge"}, {"type": "portmap"}]}';
    const p = planFile({ path: 'x.conflist', text }, { runtime: 'containerd@2.1.0' });
    const decision = p.networks[0]!.decision;
    expect(decision.reason).not.toMatch(/--/);
    expect(decision.releaseHint).toEqual({ plugins: ['bridge', 'portmap'], names: ['cni-plugins'] });
    expect(formatReleaseHint(decision.releaseHint!)).toBe('the release of bridge, portmap is not known: state it with --plugin cni-plugins@RELEASE or probe with --bin-dir to allow a newer version');
    expect(formatReleaseHint(decision.releaseHint!, ANSIBLE_VOCABULARY)).toBe('the release of bridge, portmap is not known: state it with plugins: cni-plugins@RELEASE or probe with bin_dir to allow a newer version');
  });

  it('no decision reason names a CLI flag', () => {
    const text = '{"name": "n", "plugins": [{"type": "bridge"}, {"type": "portmap"}]}';
    for (const targetVersion of [undefined, '1.0.0', '1.1.0', '0.1.0']) {
      const p = planFile({ path: 'x.conflist', text }, { plugins: { releases: { 'cni-plugins': '1.1.1' } }, ...(targetVersion ? { targetVersion } : {}) });
      expect(p.networks[0]!.decision.reason, targetVersion).not.toMatch(/--[a-z]/);
    }
  });
});

describe('plugins a template writes in are named by the role they fill', () => {
  it('`"ipam": {{ .IPAMConfig }}` (OpenShift CNO\'s simplemacvlan) is the IPAM plugin, `"delegate": …` the delegate, a list entry a plugin', () => {
    const text = '{\n  "cniVersion": "0.3.1",\n  "name": "net",\n  "plugins": [\n    { "type": "macvlan", "ipam": {{ .IPAMConfig | indent 6 }} },\n    { "type": "flannel", "delegate": {{ toJson .Values.delegate }} },\n    {{ toJson .Values.extra }}\n  ]\n}\n';
    const p = planFile({ path: '10-net.conflist.tmpl', text }, cniPlugins);
    expect(p.networks[0]!.plugins.map((ref) => [ref.type, ref.role])).toEqual([
      ['{{ .IPAMConfig | indent 6 }}', 'ipam'],
      ['{{ toJson .Values.delegate }}', 'delegate'],
      ['{{ toJson .Values.extra }}', 'plugin'],
      ['macvlan', 'plugin'],
      ['flannel', 'plugin'],
    ]);
  });
});

describe('members a template writes into a plugin object', () => {
  it('`"type": "sriov", {{ .SriovCniIpam }}` (the SR-IOV operator renders "ipam": {…} there): which plugins run is the template\'s, so nothing is chosen', () => {
    const conf = '{ "cniVersion": "0.3.1", "name": "sriov-net", "type": "sriov", "vlan": {{ .SriovCniVlan }}, {{ .SriovCniIpam }} }\n';
    const options: PlanOptions = { targetVersion: '1.0.0', plugins: { supported: { sriov: { versions: ['0.3.1', '0.4.0', '1.0.0'], source: { kind: 'flag', flag: '--plugin sriov=0.3.1,0.4.0,1.0.0' } } } } };
    const p = planFile({ path: 'sriov.conf.tmpl', text: conf }, options);
    expect(p.networks[0]!.plugins.map((ref) => ref.type)).toEqual(['{{ .SriovCniIpam }}', 'sriov']);
    expect(codes(p)).toContain('PLUGIN_UNKNOWN');
    expect(p.changed).toBe(false);
    // In a list's plugin entry too; a directive that is a member's value (`"vlan": {{ … }}`) or control flow writes no plugin.
    const list = '{ "cniVersion": "0.3.1", "name": "n", "plugins": [ { "type": "sriov", {{ .Ipam }} }, { "type": "tuning" } ] }\n';
    expect(planFile({ path: '10-n.conflist.tmpl', text: list }, options).networks[0]!.plugins.map((ref) => ref.type)).toEqual(['{{ .Ipam }}', 'sriov', 'tuning']);
    const controlled = '{ "cniVersion": "0.3.1", "name": "n", "type": "sriov", "vlan": {{ .Vlan }}{{ if .Trust }}, "trust": "on"{{ end }} }\n';
    expect(planFile({ path: 'sriov.conf.tmpl', text: controlled }, options).networks[0]!.plugins.map((ref) => ref.type)).toEqual(['sriov']);
  });
});

describe('a raw string action as a bare value (`"mtu": {{`{{.MTU}}`}}`, as aks-engine escapes a containerd template)', () => {
  it('is one directive: the plugins after it are judged, and the version is chosen for them', () => {
    const text = '{\n  "name": "kubenet",\n  "plugins": [{\n    "type": "bridge",\n    "mtu": {{`{{.MTU}}`}},\n    "ipam": {"type": "whereabouts"}\n  }]\n}\n';
    const options: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' }, supported: { whereabouts: { versions: ['0.3.1', '0.4.0'], source: { kind: 'flag', flag: '--plugin whereabouts=0.3.1,0.4.0' } } } } };
    const p = planFile({ path: '10-kubenet.conflist.tmpl', text }, options);
    expect(p.networks[0]!.plugins.map((ref) => ref.type)).toEqual(['bridge', 'whereabouts']);
    expect(p.networks[0]!.decision).toMatchObject({ action: 'insert', version: '0.4.0' });
    const directives = p.diagnostics.find((d) => d.code === 'TEMPLATE_DIRECTIVES');
    expect(directives?.args).toMatchObject({ count: 1, first: '{{`{{.MTU}}`}}' });
  });
});
