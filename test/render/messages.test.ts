import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { formatDiagnostic } from '../../src/render/messages.js';
import { planFile } from '../../src/core/plan.js';
import { EXAMPLES, ex } from '../helpers/diagnostic-examples.js';

describe('formatDiagnostic', () => {
  it('the example table covers exactly the codes in DIAGNOSTIC_CODES', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  it.each(Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[])('%s has a message', (code) => {
    const example = EXAMPLES[code];
    expect(example, `no example for ${code}`).toBeDefined();
    const text = formatDiagnostic(example);
    expect(typeof text).toBe('string');
    expect(text.trim().length).toBeGreaterThan(10);
    expect(text).not.toMatch(/undefined|\[object Object\]/);
  });

  it('every code has a title and a severity', () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(info.title.length, code).toBeGreaterThan(0);
      expect(['error', 'warning', 'info']).toContain(info.severity);
    }
  });
});

describe('messages quote what runtimes log', () => {
  it('a plugin rejection quotes the skel error', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNSUPPORTED)).toContain('incompatible CNI versions; config is "1.1.0"');
  });

  it('a version too new for the runtime quotes the libcni result error', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNSUPPORTED)).toContain('unsupported CNI result version');
    const runtimeOnly = ex('CNI_VERSION_UNSUPPORTED', { version: '1.1.0', replacement: '1.0.0', plugins: [], runtime: 'containerd 1.6.4' });
    expect(formatDiagnostic(runtimeOnly)).toContain('unsupported CNI result version "1.1.0"');
    expect(formatDiagnostic(runtimeOnly)).not.toContain('incompatible CNI versions');
  });

  it('a missing version quotes the teardown error, with and without an insertion', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_MISSING)).toContain('invalid version "": the version is empty');
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_MISSING)).toContain('1.0.0');
    expect(formatDiagnostic(ex('CNI_VERSION_MISSING', { inserted: null }))).toContain('invalid version "": the version is empty');
  });

  it('a key in another case names the spelling libcni reads, or says a list ignores it', () => {
    expect(formatDiagnostic(EXAMPLES.KEY_CASE_VARIANT)).toContain('reads "cniversion"');
    const ignored = formatDiagnostic(ex('KEY_CASE_VARIANT', { key: 'cniVersion', spellings: ['CNIVersion'], read: null }));
    expect(ignored).toContain('"CNIVersion" is ignored');
    expect(ignored).toContain('exact key "cniVersion"');
  });

  it('extension mismatches quote the loader errors', () => {
    expect(formatDiagnostic(EXAMPLES.CONF_HOLDS_LIST)).toContain("no 'type'; perhaps this is a .conflist?");
    expect(formatDiagnostic(EXAMPLES.CONFLIST_WITHOUT_PLUGINS)).toContain("no 'plugins' key");
    expect(formatDiagnostic(EXAMPLES.PLUGIN_LIST_EMPTY)).toContain('no plugins in list');
  });

  it('messages built from a real plan quote the real values', () => {
    const p = planFile(
      { path: 'x.conflist', text: '{"cniVersion": "1.1.0", "name": "n", "plugins": [{"type": "bridge"}]}' },
      { plugins: { releases: { 'cni-plugins': '1.1.1' } } },
    );
    const d = p.diagnostics.find((x) => x.code === 'CNI_VERSION_UNSUPPORTED')!;
    const text = formatDiagnostic(d);
    expect(text).toContain('incompatible CNI versions; config is "1.1.0"');
    expect(text).toContain('unsupported CNI result version "1.1.0"');
    expect(text).toContain('"1.0.0"');
  });

  it('PLUGIN_UNKNOWN names the type and the flag that states what it accepts, placeholder or not', () => {
    for (const type of ['bond', '__IPAM_TYPE__']) {
      expect(formatDiagnostic(ex('PLUGIN_UNKNOWN', { type }))).toContain(`--plugin ${type}=`);
    }
    expect(formatDiagnostic(ex('PLUGIN_UNKNOWN', { type: '__IPAM_TYPE__' }))).not.toContain('--bin-dir');
  });

  it('TARGET_VERSION_UNSUPPORTED for unknown plugins says the target is not written, and why', () => {
    const text = formatDiagnostic(ex('TARGET_VERSION_UNSUPPORTED', { target: '1.0.0', plugins: [], runtime: null, supportedByAll: [], unknown: ['tc-redirect-tap'] }));
    expect(text).toBe('--target-version 1.0.0 is not written: whether tc-redirect-tap accepts it is not known (PLUGIN_UNKNOWN says how to tell); nothing was changed here');
  });

  it('CNI_VERSION_UNCONFIRMED names the flag to state the release', () => {
    expect(formatDiagnostic(EXAMPLES.CNI_VERSION_UNCONFIRMED)).toContain('--plugin cni-plugins@RELEASE');
  });

  it('CNI_VERSION_UNCONFIRMED names each project that ships the plugin, Calico\'s fork by its Calico release', () => {
    const text = formatDiagnostic(
      ex('CNI_VERSION_UNCONFIRMED', {
        version: '1.0.0',
        plugins: [
          { type: 'calico', projects: ['calico'], acceptedFrom: [{ project: 'calico', releases: '>=3.23.0' }] },
          {
            type: 'portmap',
            projects: ['cni-plugins', 'calico-cni-plugins'],
            acceptedFrom: [
              { project: 'cni-plugins', releases: '>=1.0.0' },
              { project: 'calico-cni-plugins', releases: '>=3.27.5 <3.28.0 || >=3.28.3' },
            ],
          },
        ],
      }),
    );
    expect(text).toContain('calico (calico >=3.23.0); portmap (cni-plugins >=1.0.0; calico-cni-plugins >=3.27.5 <3.28.0 || >=3.28.3)');
    expect(text).toContain('--plugin calico@RELEASE or --plugin cni-plugins@RELEASE or --plugin calico-cni-plugins@CALICO_RELEASE');
  });
});

describe('EMBEDDED_EDIT_UNSAFE with a reason', () => {
  it('says the reason instead of blaming the string style', () => {
    const text = formatDiagnostic(ex('EMBEDDED_EDIT_UNSAFE', { location: 'ConfigMap x data.cni-conf.json', style: 'block-literal', reason: 'an alias uses it as a mapping key (data.other), which an edit would change too' }));
    expect(text).toContain('an alias uses it as a mapping key (data.other)');
    expect(text).not.toContain('block-literal string');
  });
});
