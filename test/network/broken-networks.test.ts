/** Networks libcni cannot load at all: reported, and never given a version. */
import { describe, expect, it } from 'vitest';
import { planFile } from '../../src/core/plan.js';

const codes = (path: string, text: string): string[] => planFile({ path, text }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } }).diagnostics.map((d) => d.code);

describe('networks that cannot load', () => {
  it('reports a .conf without type and plans no edit', () => {
    for (const text of ['{}\n', '{\n  "name": "x"\n}\n', '{ "cniVersion": "0.3.1", "name": "x" }']) {
      const plan = planFile({ path: '10-x.conf', text });
      expect(plan.format).toBe('conf');
      expect(plan.diagnostics.map((d) => d.code)).toContain('PLUGIN_TYPE_INVALID');
      expect(plan.edits).toEqual([]);
      expect(plan.networks[0]?.decision.action).toBe('none');
    }
  });

  it('a .conf that shows no CNI key is a config only where runtimes load it, or when named as they order configs', () => {
    // An Ansible role's template of a P4 device config (intel/container-experience-kits
    // roles/ipu/acc/templates/es2k_skip_p4.conf.j2): no CNI key, so never a cniVersion inserted.
    const p4 = '{\n    "instance": 0,\n    "iommu_grp_num": {{ acc_bdf_group.stdout }}\n}\n';
    for (const path of ['roles/ipu/acc/templates/es2k_skip_p4.conf.j2', 'es2k_skip_p4.conf']) {
      const plan = planFile({ path, text: path.endsWith('.j2') ? p4 : p4.replace('{{ acc_bdf_group.stdout }}', '5') });
      expect([plan.format, plan.diagnostics, plan.changed]).toEqual([null, [], false]);
    }
    const text = '{\n  "name": "x"\n}\n';
    expect(planFile({ path: 'app.conf', text }).format).toBeNull();
    // Where runtimes load it, any object is a config they try to load.
    expect(codes('/etc/cni/net.d/app.conf', text)).toContain('PLUGIN_TYPE_INVALID');
    expect(planFile({ path: 'app.conf', text, inNodeDirectory: true }).diagnostics.map((d) => d.code)).toContain('PLUGIN_TYPE_INVALID');
  });

  it('leaves a .json without type alone (not ours)', () => {
    expect(planFile({ path: 'x.json', text: '{ "name": "x" }' }).format).toBeNull();
  });

  it('reports an empty plugins list and inserts nothing', () => {
    const plan = planFile({ path: '10-x.conflist', text: '{\n  "name": "x",\n  "plugins": []\n}\n' });
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['PLUGIN_LIST_EMPTY']);
    expect(plan.changed).toBe(false);
  });

  it('reports a chain member without type and inserts nothing', () => {
    const text = '{\n  "name": "x",\n  "plugins": [ { "type": "bridge" }, { "capabilities": {} } ]\n}\n';
    expect(codes('10-x.conflist', text)).toEqual(['PLUGIN_TYPE_INVALID']);
    expect(planFile({ path: '10-x.conflist', text }).changed).toBe(false);
  });

  it('names a bare placeholder plugin type by its token', () => {
    const text = '{\n  "cniVersion": "0.3.1",\n  "name": "x",\n  "type": "calico",\n  "ipam": { "type": __IPAM_TYPE__ }\n}\n';
    const plan = planFile({ path: 'c.conf', text }, { plugins: { releases: { calico: '3.28.0' } } });
    const unknown = plan.diagnostics.find((d) => d.code === 'PLUGIN_UNKNOWN');
    expect(unknown?.args).toEqual({ type: '__IPAM_TYPE__', templated: true });
    expect(plan.networks[0]?.plugins.map((p) => p.type)).toEqual(['calico', '__IPAM_TYPE__']);
  });
});

describe('remaining findings', () => {
  it('are what planning the result finds, positioned in the result', () => {
    // Missing cniVersion (fixed by the edit) and a comment (not fixable) on line 3.
    const text = '{\n  "name": "x",\n  // note\n  "type": "bridge"\n}\n';
    const plan = planFile({ path: 'x.conf', text }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(plan.changed).toBe(true);
    expect(plan.diagnostics.map((d) => d.code).sort()).toEqual(['CNI_VERSION_MISSING', 'JSON_NOT_STRICT']);
    expect(plan.remaining.map((d) => ({ code: d.code, line: d.position?.line }))).toEqual([{ code: 'JSON_NOT_STRICT', line: 4 }]);
    const again = planFile({ path: 'x.conf', text: plan.after }, { plugins: { releases: { 'cni-plugins': '1.1.1' } } });
    expect(plan.remaining).toEqual(again.diagnostics);
  });

  it('equal the findings when nothing changes', () => {
    const plan = planFile({ path: 'x.conf', text: '{ "cniVersion": "0.3", "name": "x", "type": "mystery" }' });
    expect(plan.changed).toBe(false);
    expect(plan.remaining).toBe(plan.diagnostics);
  });
});

describe('cniVersions on runtimes that honour it', () => {
  const conflist = (versions: string) =>
    `{\n  "cniVersion": "1.1.0",\n  "cniVersions": [${versions}],\n  "name": "n",\n  "plugins": [ { "type": "bridge" } ]\n}\n`;
  const codesOf = (text: string, runtime: string, release: string): string[] =>
    planFile({ path: 'n.conflist', text }, { runtime, plugins: { releases: { 'cni-plugins': release } } }).diagnostics.map((d) => d.code);

  it('reports an entry the plugins reject when libcni 1.2+ would select it', () => {
    expect(codesOf(conflist('"1.0.0", "1.1.0"'), 'containerd@2.1.0', '1.1.1')).toContain('CNI_VERSIONS_UNSUPPORTED');
  });

  it('stays quiet where the runtime ignores cniVersions, or every entry is accepted', () => {
    expect(codesOf(conflist('"1.0.0", "1.1.0"'), 'containerd@1.7.0', '1.1.1')).not.toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(codesOf(conflist('"1.0.0", "1.1.0"'), 'containerd@2.1.0', '1.6.0')).not.toContain('CNI_VERSIONS_UNSUPPORTED');
    expect(codesOf(conflist('"0.4.0", "1.0.0"'), 'containerd@2.1.0', '1.1.1')).not.toContain('CNI_VERSIONS_UNSUPPORTED');
  });
});

describe("a Terraform template's directives", () => {
  // `templatefile()` syntax: `%{ if … ~}` lines are directives, read as the union of their branches.
  const tpl = '{\n  "cniVersion": "0.3.1",\n  "name": "tfnet",\n  "plugins": [\n%{ if enable_bridge ~}\n    { "type": "bridge", "bridge": "cni0" },\n%{ endif ~}\n    { "type": "portmap", "capabilities": {"portMappings": true} }\n  ]\n}\n';

  it.each(['10-tf.conflist.tpl', '10-tf.conflist.tftpl'])('%s: read as the union of its branches, the directives kept through an edit, never a broken file', (path) => {
    const plan = planFile({ path, text: tpl }, { targetVersion: '1.0.0', plugins: { releases: { 'cni-plugins': '1.6.0' } } });
    expect(plan.fatal).toBe(false);
    expect(plan.networks[0]!.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap']);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['TEMPLATE_DIRECTIVES']);
    expect(plan.after).toBe(tpl.replace('"0.3.1"', '"1.0.0"'));
  });

  it.each([
    ['10-net.conflist.j2', '{{ cni_config | to_json }}\n', 'Jinja'],
    ['10-net.conflist.tftpl', '${jsonencode(cni)}\n', 'Terraform'],
    ['10-net.conflist.template', '${CNI_CONF}\n', 'Go/Helm'],
  ])('%s, a template that writes the whole config: said unread, never skipped nor broken', (path, text, syntax) => {
    const plan = planFile({ path, text });
    expect(plan.fatal).toBe(false);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(plan.diagnostics[0]!.args).toMatchObject({ syntax, problem: `the whole config is written by the template (${text.trim()})` });
  });

  it('the same JSON with a real syntax error and no directive is still broken', () => {
    const plan = planFile({ path: '10-tf.conflist.tpl', text: tpl.replace(/%\{[^\n]*\n/g, '').replace('"tfnet",', '"tfnet"') });
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['JSON_PARSE_ERROR']);
  });
});
