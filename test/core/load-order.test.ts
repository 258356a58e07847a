import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../../src/core/diagnostics.js';
import { analyzeLoadOrder, isNetDPath, looksLikeConfDir, type LoadEntry } from '../../src/core/load-order.js';

const entry = (name: string, errors: DiagnosticCode[] = [], networkName: string | null = name.replace(/\..*$/, ''), cni = true): LoadEntry => ({
  name,
  path: `net.d/${name}`,
  cni,
  networkName,
  errors,
});
const codesFor = (order: ReturnType<typeof analyzeLoadOrder>, name: string): string[] =>
  order.findings.filter((f) => f.path === `net.d/${name}`).map((f) => f.diagnostic.code);

describe('load order', () => {
  it('sorts byte-wise: 100-x before 20-y, uppercase before lowercase; only .conf/.conflist/.json count', () => {
    const order = analyzeLoadOrder('net.d', [entry('20-y.conflist'), entry('100-x.conflist'), entry('Z.conf'), entry('a.conf'), entry('b.yaml'), entry('c.CONF')]);
    expect(order.candidates).toEqual(['100-x.conflist', '20-y.conflist', 'Z.conf', 'a.conf']);
    expect(order.containerd).toEqual({ loads: '100-x.conflist', abortedAt: null });
    expect(order.crio.loads).toBe('100-x.conflist');
    for (const shadowed of ['20-y.conflist', 'Z.conf', 'a.conf']) expect(codesFor(order, shadowed)).toEqual(['LOAD_SHADOWED']);
    expect(codesFor(order, '100-x.conflist')).toEqual([]);
  });

  it('a first file that does not parse aborts containerd, while CRI-O skips to the next valid one', () => {
    const order = analyzeLoadOrder('net.d', [entry('05-broken.conf', ['JSON_NOT_STRICT']), entry('10-bridge.conflist'), entry('20-other.conflist')]);
    expect(order.containerd).toEqual({ loads: null, abortedAt: '05-broken.conf' });
    expect(order.crio).toEqual({ loads: '10-bridge.conflist', skipped: [{ file: '05-broken.conf', because: 'it does not load (JSON_NOT_STRICT)' }] });
    expect(codesFor(order, '05-broken.conf')).toEqual(['LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']);
    expect(codesFor(order, '20-other.conflist')).toEqual(['LOAD_SHADOWED']);
  });

  it('a symbolic link the runtimes cannot read (to nothing, to a directory) aborts containerd at the head of the order; CRI-O skips it; links are named', () => {
    const dangling: LoadEntry = { ...entry('00-calico.conflist', [], null), link: { target: '/opt/calico/10-calico.conflist', unreadable: 'a symbolic link to nothing' } };
    const toFile: LoadEntry = { ...entry('05-flannel.conflist'), link: { target: '../flannel.conflist', unreadable: null } };
    const order = analyzeLoadOrder('net.d', [dangling, toFile, entry('10-bridge.conflist')]);
    expect(order.containerd).toEqual({ loads: null, abortedAt: '00-calico.conflist' });
    expect(order.crio.loads).toBe('05-flannel.conflist');
    expect(order.crio.skipped).toEqual([{ file: '00-calico.conflist', because: 'it cannot be read (a symbolic link to nothing)' }]);
    expect(codesFor(order, '00-calico.conflist')).toEqual(['LOAD_ABORTS_CONTAINERD', 'LOAD_SKIPPED_CRIO']);
    expect(order.links).toEqual([
      { file: '00-calico.conflist', target: '/opt/calico/10-calico.conflist', unreadable: 'a symbolic link to nothing' },
      { file: '05-flannel.conflist', target: '../flannel.conflist', unreadable: null },
    ]);
    // Behind a file that loads, containerd (max_conf_num 1) never reaches the link.
    const behind = analyzeLoadOrder('net.d', [entry('00-a.conflist'), { ...entry('10-dir.conflist', [], null), link: { target: 'sub', unreadable: 'a symbolic link to a directory' } }]);
    expect(behind.containerd).toEqual({ loads: '00-a.conflist', abortedAt: null });
    expect(codesFor(behind, '10-dir.conflist')).toEqual(['LOAD_SHADOWED']);
  });

  it('a template (a bare placeholder, directives between JSON tokens) does not parse as it stands: containerd aborts, CRI-O skips it', () => {
    for (const code of ['TEMPLATE_PLACEHOLDER', 'TEMPLATE_DIRECTIVES'] as const) {
      const order = analyzeLoadOrder('net.d', [entry('10-calico.conflist', [code]), entry('20-bridge.conflist')]);
      expect(order.containerd).toEqual({ loads: null, abortedAt: '10-calico.conflist' });
      expect(order.crio).toEqual({ loads: '20-bridge.conflist', skipped: [{ file: '10-calico.conflist', because: `it is a template, not JSON until rendered (${code})` }] });
    }
  });

  it('a stray non-CNI .json sorting first breaks containerd too', () => {
    const order = analyzeLoadOrder('net.d', [entry('00-notes.json', [], null, false), entry('10-bridge.conflist')]);
    expect(order.containerd.abortedAt).toBe('00-notes.json');
    expect(order.crio.loads).toBe('10-bridge.conflist');
  });

  it('a version a plugin rejects does not stop containerd (that fails at ADD) but makes CRI-O skip the file', () => {
    const order = analyzeLoadOrder('net.d', [entry('10-a.conflist', ['CNI_VERSION_UNSUPPORTED']), entry('20-b.conflist')]);
    expect(order.containerd).toEqual({ loads: '10-a.conflist', abortedAt: null });
    expect(order.crio.loads).toBe('20-b.conflist');
    expect(codesFor(order, '10-a.conflist')).toEqual(['LOAD_SKIPPED_CRIO']);
    expect(codesFor(order, '20-b.conflist')).toEqual([]);
  });

  it('reports duplicate network names on every file that has it', () => {
    const order = analyzeLoadOrder('net.d', [entry('10-crio-bridge.conf', [], 'crio'), entry('11-crio-ipv4-bridge.conf', [], 'crio')]);
    expect(codesFor(order, '10-crio-bridge.conf')).toEqual(['DUPLICATE_NETWORK_NAME']);
    expect(codesFor(order, '11-crio-ipv4-bridge.conf')).toEqual(['LOAD_SHADOWED', 'DUPLICATE_NETWORK_NAME']);
  });

  it('no valid file at all: CRI-O uses nothing', () => {
    const order = analyzeLoadOrder('net.d', [entry('10-a.conf', ['CONF_HOLDS_LIST'])]);
    expect(order.crio.loads).toBeNull();
    const skipped = order.findings.find((f) => f.diagnostic.code === 'LOAD_SKIPPED_CRIO');
    expect(skipped?.diagnostic.args).toMatchObject({ instead: null });
  });

  it('a node directory is one whose last path component is net.d', () => {
    for (const yes of ['/etc/cni/net.d', '/srv/repo/nodes/gpu/net.d', '/etc/cni/net.d/', 'net.d', 'C:\\etc\\cni\\net.d']) expect(isNetDPath(yes), yes).toBe(true);
    for (const no of ['/etc/cni/net.d/sub', '/srv/repo/clusters/a', '/etc/cni/net.d.bak', '/etc/cni/my-net.d', '/', '']) expect(isNetDPath(no), no).toBe(false);
  });

  it('knows a runtime config directory when it sees one', () => {
    expect(looksLikeConfDir([entry('10-a.conflist')])).toBe(true);
    expect(looksLikeConfDir([entry('a.json')])).toBe(false);
    expect(looksLikeConfDir([entry('a.conf', [], null, false)])).toBe(false);
  });
});
