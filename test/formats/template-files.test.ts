import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { markLongBlankLines, maskDirectives, readingPaths, templateSyntax } from '../../src/formats/template-files.js';

const errorsOf = (text: string): string[] => parseAllDocuments(text).flatMap((d) => d.errors.map((e) => e.code));

describe('markLongBlankLines: a second reading of directive lines masked as spaces', () => {
  // aks-engine's cloud-init: a value directive opens a block scalar, a control directive sits
  // between the key and the block's lines, and one at column 0 ends the list item.
  const template = [
    'write_files:',
    '- path: /etc/sysctl.d/11.conf',
    '  content: |',
    '    {{GetSysctlDConfigKeyVals .SysctlDConfig}}',
    '    #EOF',
    '- path: /etc/containerd/config.toml',
    '  content: |',
    '  {{- if IsNSeriesSKU .VMSize}}',
    '{{IndentString GetNvidiaContainerdConfig 4}}',
    '  {{- end}}',
    '    #EOF',
    '{{- if IsKubenet}}',
    '- path: /etc/cni/net.d/10-kubenet.conflist',
    '  content: |',
    '    {"cniVersion": "0.3.1", "name": "kubenet", "plugins": [{"type": "bridge"}]}',
    '{{end}}',
    '',
  ].join('\n');

  it('makes a text YAML refuses as masked readable, at the same length', () => {
    const { masked } = maskDirectives(template);
    expect(errorsOf(masked)).not.toEqual([]);
    const marked = markLongBlankLines(template, masked);
    expect(marked.length).toBe(template.length);
    expect(errorsOf(marked)).toEqual([]);
    const files = parseAllDocuments(marked)[0]!.toJS().write_files as { path: string; content: string }[];
    expect(files.map((f) => f.path)).toEqual(['/etc/sysctl.d/11.conf', '/etc/containerd/config.toml', '/etc/cni/net.d/10-kubenet.conflist']);
    // Lines of the file that are not directives are read as they were.
    expect(files[2]!.content.split('\n')[0]).toBe('{"cniVersion": "0.3.1", "name": "kubenet", "plugins": [{"type": "bridge"}]}');
    expect(files[0]!.content.split('\n').at(-2)).toBe('#EOF');
  });

  it('marks only lines that directives made blank and that are longer than the next line is indented', () => {
    const text = 'a:\n  {{x}}\n  b: 1\n      \nc: |\n    {{ .Values.long | indent 4 }}\n    d\n';
    const marked = markLongBlankLines(text, maskDirectives(text).masked);
    const lines = marked.split('\n');
    // `  {{x}}` is longer than `  b: 1`'s indentation: a comment at column 2.
    expect(lines[1]).toBe('  #    ');
    // A line blank in the file itself is left as it is.
    expect(lines[3]).toBe('      ');
    expect(lines[5]).toBe(`    #${' '.repeat(lines[5]!.length - 5)}`);
    expect(errorsOf(marked)).toEqual([]);
  });

  it('leaves a text without directives, and one whose blank lines are short enough, as masked', () => {
    expect(markLongBlankLines('a: 1\n', 'a: 1\n')).toBe('a: 1\n');
    const text = '    {{x}}\nb: 1\n';
    const { masked } = maskDirectives(text);
    expect(markLongBlankLines(text, masked)).toBe('#        \nb: 1\n');
    const short = 'a:\n{{x}}\n      b: 1\n';
    expect(markLongBlankLines(short, maskDirectives(short).masked)).toBe(maskDirectives(short).masked);
  });

  it('keeps line endings: CRLF lines are marked before their \\r', () => {
    const text = 'c: |\r\n    {{ .Values.long }}\r\n    d\r\n';
    const marked = markLongBlankLines(text, maskDirectives(text).masked);
    expect(marked.length).toBe(text.length);
    expect(marked.split('\r\n')[1]).toMatch(/^ {4}# +$/);
    expect(errorsOf(marked)).toEqual([]);
  });
});

describe('maskDirectives: an action inside a quoted YAML string', () => {
  it("ends at its own }}, its strings escaped as the YAML string's (`\\\"`), not at a later }}", () => {
    // kubekey's task files: `url: "{{ tpl .u (dict \"version\" .item) }}"`, then more actions below.
    const text = 'url: "{{ tpl .u (dict \\"version\\" .item) }}"\nloop: >\n  {{ index .cni "cilium_version" }}\n';
    const { masked, directives } = maskDirectives(text);
    expect(directives.map((d) => text.slice(d.offset, d.offset + d.length))).toEqual(['{{ tpl .u (dict \\"version\\" .item) }}', '{{ index .cni "cilium_version" }}']);
    expect(masked).toHaveLength(text.length);
    expect(errorsOf(masked)).toEqual([]);
  });
});

describe('readingPaths and templateSyntax', () => {
  it('a template of a script or of another program is read as what it renders to, which no format reads', () => {
    expect(readingPaths('ceph-client/templates/bin/_helm-tests.sh.tpl')).toEqual(['ceph-client/templates/bin/_helm-tests.sh']);
    expect(readingPaths('roles/x/templates/setup.py.j2')).toEqual(['roles/x/templates/setup.py']);
    // A name that says no kind is read as JSON or YAML; one that says a CNI kind, as that.
    expect(readingPaths('templates/_helpers.tpl')).toEqual(['templates/_helpers.json', 'templates/_helpers.yaml']);
    expect(readingPaths('templates/10-calico.conflist.j2')).toEqual(['templates/10-calico.conflist']);
  });

  it("names Jinja by its {% %} or {# #}, not by a shell's ${#array[@]}", () => {
    expect(templateSyntax('{{/* header */}}\nif [[ ${#pgs[*]} -gt 0 ]]; then :; fi')).toBe('Go/Helm');
    expect(templateSyntax('{# a comment #}\n{"cniVersion": "{{ v }}"}')).toBe('Jinja');
    expect(templateSyntax('{% if x %}{}{% endif %}')).toBe('Jinja');
  });
});
