import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { prepareJson } from '../../src/network/prepare.js';
import { dedent, NBSP } from '../helpers/dedent.js';

function parseMasked(masked: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const value = parse(masked, errors, { allowTrailingComma: true, disallowComments: false });
  return { value, errors };
}

const kinds = (text: string): string[] => prepareJson(text).strictness.map((p) => p.kind);

describe('prepareJson: strict JSON passes through untouched', () => {
  it('returns the text itself and lists nothing', () => {
    const text = dedent`
      {
        "cniVersion": "1.0.0",
        "name": "net",
        "plugins": [{ "type": "bridge", "mtu": 1500, "on": true, "x": null }]
      }
    `;
    const prepared = prepareJson(text);
    expect(prepared.masked).toBe(text);
    expect(prepared.strictness).toEqual([]);
    expect(prepared.placeholders).toEqual([]);
  });

  it('handles empty text', () => {
    expect(prepareJson('')).toEqual({ text: '', masked: '', strictness: [], placeholders: [], directives: [] });
  });
});

describe('prepareJson: BOM and non-ASCII white space', () => {
  it('reports a BOM at offset 0 and masks it with a space', () => {
    const text = '\ufeff{"type": "bridge"}';
    const prepared = prepareJson(text);
    expect(prepared.strictness).toEqual([{ kind: 'bom', offset: 0, length: 1 }]);
    expect(prepared.masked).toBe(' {"type": "bridge"}');
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });

  it('reports a U+FEFF that is not at the start as non-ASCII white space, not a BOM', () => {
    const text = '{\ufeff"type": "bridge"}';
    expect(prepareJson(text).strictness).toEqual([{ kind: 'non-ascii-whitespace', offset: 1, length: 1, char: '\ufeff' }]);
  });

  it('masks NBSP indentation with spaces of the same length and lists each run once', () => {
    const text = `{\n${NBSP}${NBSP}"name": "x",\n${NBSP}${NBSP}"type": "bridge"\n}\n`;
    const prepared = prepareJson(text);
    expect(prepared.masked).toHaveLength(text.length);
    expect(prepared.masked).toBe(text.replaceAll(NBSP, ' '));
    expect(prepared.strictness).toEqual([
      { kind: 'non-ascii-whitespace', offset: 2, length: 2, char: NBSP },
      { kind: 'non-ascii-whitespace', offset: text.indexOf(`${NBSP}${NBSP}"type"`), length: 2, char: NBSP },
    ]);
    expect(parseMasked(prepared.masked)).toEqual({ value: { name: 'x', type: 'bridge' }, errors: [] });
  });

  it('does not merge NBSPs separated by ASCII spaces (Windows samples indent with "NBSP space")', () => {
    const text = `{\n${NBSP} ${NBSP} "type": "flannel"\n}`;
    const prepared = prepareJson(text);
    expect(prepared.strictness.map((p) => [p.kind, p.offset, p.length])).toEqual([
      ['non-ascii-whitespace', 2, 1],
      ['non-ascii-whitespace', 4, 1],
    ]);
    expect(prepared.masked).toBe('{\n    "type": "flannel"\n}');
  });

  it('flags other Unicode spaces (em space, ideographic space, line separator)', () => {
    for (const ch of ['\u2003', '\u3000', '\u2028', '\u000b']) {
      const prepared = prepareJson(`{${ch}"type": "x"}`);
      expect(prepared.strictness).toEqual([{ kind: 'non-ascii-whitespace', offset: 1, length: 1, char: ch }]);
      expect(prepared.masked).toBe('{ "type": "x"}');
    }
  });

  it('leaves NBSP inside strings alone: it is data, and Go accepts it there', () => {
    const text = `{"name": "a${NBSP}b", "type": "x"}`;
    const prepared = prepareJson(text);
    expect(prepared.strictness).toEqual([]);
    expect(prepared.masked).toBe(text);
  });
});

describe('prepareJson: comments', () => {
  it('records a // comment up to (not including) the line break', () => {
    const text = '{\n  // the bridge\n  "type": "bridge"\n}';
    const [problem, ...rest] = prepareJson(text).strictness;
    expect(rest).toEqual([]);
    expect(problem).toEqual({ kind: 'comment', offset: 4, length: '// the bridge'.length });
  });

  it('records a /* */ comment, including one spanning lines', () => {
    const text = '{ /* a\n b */ "type": "bridge" /* c */ }';
    expect(prepareJson(text).strictness).toEqual([
      { kind: 'comment', offset: 2, length: '/* a\n b */'.length },
      { kind: 'comment', offset: text.indexOf('/* c */'), length: 7 },
    ]);
  });

  it('records an unterminated /* comment up to the end of the text', () => {
    const text = '{"type": "x"} /* open';
    expect(prepareJson(text).strictness).toEqual([{ kind: 'comment', offset: 14, length: 7 }]);
  });

  it('records a // comment on the last line without a newline', () => {
    const text = '{"type": "x"} // end';
    expect(prepareJson(text).strictness).toEqual([{ kind: 'comment', offset: 14, length: 6 }]);
  });

  it('keeps comments in the masked copy (jsonc-parser skips them)', () => {
    const text = dedent`
      {
        // comment
        "type": "bridge", /* inline */
        "name": "n"
      }
    `;
    const prepared = prepareJson(text);
    expect(prepared.masked).toBe(text);
    expect(parseMasked(prepared.masked)).toEqual({ value: { type: 'bridge', name: 'n' }, errors: [] });
  });
});

describe('prepareJson: trailing commas', () => {
  it('flags a trailing comma in an object at the comma', () => {
    const text = '{"type": "bridge",\n}';
    expect(prepareJson(text).strictness).toEqual([{ kind: 'trailing-comma', offset: 17, length: 1 }]);
  });

  it('flags a trailing comma in an array', () => {
    const text = '{"plugins": [{"type": "a"}, {"type": "b"},  ]}';
    expect(prepareJson(text).strictness).toEqual([{ kind: 'trailing-comma', offset: text.lastIndexOf(','), length: 1 }]);
  });

  it('flags trailing commas with comments between the comma and the bracket', () => {
    const text = dedent`
      {
        "a": [1, 2, // two
        ],
        "b": 1, /* last */
      }
    `;
    expect(prepareJson(text).strictness.map((p) => p.kind)).toEqual(['trailing-comma', 'comment', 'trailing-comma', 'comment']);
    const commas = prepareJson(text).strictness.filter((p) => p.kind === 'trailing-comma');
    expect(commas.map((p) => text[p.offset])).toEqual([',', ',']);
    expect(commas[0]!.offset).toBe(text.indexOf('2,') + 1);
    expect(commas[1]!.offset).toBe(text.indexOf('"b": 1,') + 6);
  });

  it('does not flag commas between members', () => {
    expect(kinds('{"a": 1, "b": [1, 2, 3], "c": {"d": 1, "e": 2}}')).toEqual([]);
  });

  it('masked text with trailing commas still parses with jsonc-parser', () => {
    const prepared = prepareJson('{"plugins": [{"type": "a",},],}');
    expect(parseMasked(prepared.masked)).toEqual({ value: { plugins: [{ type: 'a' }] }, errors: [] });
  });
});

describe('prepareJson: strings are opaque', () => {
  it.each([
    ['a URL with //', '{"url": "http://example.com/a//b", "type": "x"}'],
    ['a /* inside a string', '{"note": "/* not a comment */", "type": "x"}'],
    ['a placeholder-like __X__', '{"name": "__X__", "type": "__IPAM_TYPE__"}'],
    ['a shell-like $2 and ${VAR}', '{"cmd": "echo $2 ${VAR} $HOME", "type": "x"}'],
    ['a comma before ] and }', '{"s": "a,]", "t": "b,}", "type": "x"}'],
    ['an escaped quote followed by //', '{"s": "say \\"hi\\" // not a comment", "type": "x"}'],
    ['an escaped backslash at the end', '{"s": "C:\\\\", "type": "x"}'],
    ['a Unicode space', `{"s": "\u2003\u3000", "type": "x"}`],
  ])('does not flag or mask %s', (_label, text) => {
    const prepared = prepareJson(text);
    expect(prepared.strictness).toEqual([]);
    expect(prepared.placeholders).toEqual([]);
    expect(prepared.masked).toBe(text);
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });
});

describe('prepareJson: bare template placeholders', () => {
  it('masks __CNI_MTU__ with a string literal of the same length and keeps the token', () => {
    const text = '{"type": "calico", "mtu": __CNI_MTU__}';
    const prepared = prepareJson(text);
    const offset = text.indexOf('__CNI_MTU__');
    expect(prepared.placeholders).toEqual([{ offset, length: 11, token: '__CNI_MTU__' }]);
    expect(prepared.masked).toHaveLength(text.length);
    expect(prepared.masked.slice(offset, offset + 11)).toBe('"_________"');
    expect(prepared.masked.slice(0, offset)).toBe(text.slice(0, offset));
    expect(prepared.masked.slice(offset + 11)).toBe(text.slice(offset + 11));
    expect(prepared.strictness).toEqual([]);
    expect(parseMasked(prepared.masked)).toEqual({ value: { type: 'calico', mtu: '_________' }, errors: [] });
  });

  it('masks a placeholder standing for a whole list: [__DNS_NAME_SERVERS__]', () => {
    const text = '{"dns": {"nameservers": [__DNS_NAME_SERVERS__]}, "type": "x"}';
    const prepared = prepareJson(text);
    expect(prepared.placeholders.map((p) => p.token)).toEqual(['__DNS_NAME_SERVERS__']);
    expect(prepared.masked).toContain(`["${'_'.repeat(18)}"]`);
    expect(prepared.masked).toHaveLength(text.length);
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });

  it("masks a documentation's fill-in, <calicoIPAMConfig> (aks-engine's calico cleanup doc); a < inside a string stays", () => {
    const text = '{"type": "calico", "ipam": <calicoIPAMConfig>, "note": "<not a placeholder>"}';
    const prepared = prepareJson(text);
    expect(prepared.placeholders.map((p) => p.token)).toEqual(['<calicoIPAMConfig>']);
    expect(prepared.masked).toHaveLength(text.length);
    expect(parseMasked(prepared.masked)).toEqual({ value: { type: 'calico', ipam: '________________', note: '<not a placeholder>' }, errors: [] });
    // `<` followed by anything else is no placeholder: the JSON is broken as written.
    expect(prepareJson('{"type": "x", "a": < 1}').placeholders).toEqual([]);
  });

  it('masks weave heredoc shell parameters: $2 becomes "" (two characters)', () => {
    const text = '{"type": "weave-net", "hairpinMode": $2}';
    const prepared = prepareJson(text);
    expect(prepared.placeholders).toEqual([{ offset: text.indexOf('$2'), length: 2, token: '$2' }]);
    expect(prepared.masked).toBe('{"type": "weave-net", "hairpinMode": ""}');
    expect(parseMasked(prepared.masked)).toEqual({ value: { type: 'weave-net', hairpinMode: '' }, errors: [] });
  });

  it('masks $VAR, ${VAR} and multi-digit $10, each with its token', () => {
    const text = '{"a": $MTU, "b": ${HAIRPIN}, "c": $10, "type": "x"}';
    const prepared = prepareJson(text);
    expect(prepared.placeholders.map((p) => p.token)).toEqual(['$MTU', '${HAIRPIN}', '$10']);
    for (const p of prepared.placeholders) {
      expect(text.slice(p.offset, p.offset + p.length)).toBe(p.token);
      expect(prepared.masked.slice(p.offset, p.offset + p.length)).toBe(`"${'_'.repeat(p.length - 2)}"`);
    }
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });

  it("masks GKE netd's @name placeholders: a value where one stands, white space (a directive) after a value", () => {
    // scripts/testdata/spec-template.json as netd ships it, filled by its install-cni.sh.
    const text = '{"plugins": [{"type": "ptp", "mtu": @mtu, "ipam": {"ranges": [@ipv4Subnet@ipv6SubnetOptional], "routes": [{"dst": "0.0.0.0/0"}@ipv6RouteOptional]}}@cniCiliumPlugin]}';
    const prepared = prepareJson(text);
    expect(prepared.placeholders.map((p) => p.token)).toEqual(['@mtu', '@ipv4Subnet']);
    expect(prepared.directives.map((d) => d.token)).toEqual(['@ipv6SubnetOptional', '@ipv6RouteOptional', '@cniCiliumPlugin']);
    expect(prepared.masked).toHaveLength(text.length);
    expect(prepared.masked).toContain('"dst": "0.0.0.0/0"}                  ]');
    expect(parseMasked(prepared.masked).errors).toEqual([]);
    // The same after a value written as a shell variable (`}${ROUTE6}`).
    const shell = prepareJson('{"type": "ptp", "routes": [{"dst": "0.0.0.0/0"}${ROUTE6}]}');
    expect([shell.placeholders, shell.directives.map((d) => d.token)]).toEqual([[], ['${ROUTE6}']]);
    expect(parseMasked(shell.masked).errors).toEqual([]);
    // An @ inside a string is text.
    expect(prepareJson('{"type": "x", "name": "@me"}')).toMatchObject({ placeholders: [], directives: [] });
  });

  it('reports placeholders alongside other problems, with the masked copy still the same length', () => {
    const text = `\ufeff{\n${NBSP}"mtu": __CNI_MTU__, // mtu\n  "vni": __VNI__,\n}`;
    const prepared = prepareJson(text);
    expect(prepared.masked).toHaveLength(text.length);
    expect(prepared.strictness.map((p) => p.kind)).toEqual(['bom', 'non-ascii-whitespace', 'comment', 'trailing-comma']);
    expect(prepared.placeholders.map((p) => p.token)).toEqual(['__CNI_MTU__', '__VNI__']);
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });
});

describe('prepareJson: the masked copy keeps every offset', () => {
  it.each([
    '\ufeff{"type": "x"}',
    `{${NBSP}${NBSP}"type": __T__, "a": [$1, $22, \${X}],}`,
    '{"a": "//", /* c */ "b": [__LIST__], // x\n}',
    '{\r\n\t"type": "x",\r\n}\r\n',
  ])('masked has the same length and the same bytes outside masked spans (case %#)', (text) => {
    const prepared = prepareJson(text);
    expect(prepared.masked).toHaveLength(text.length);
    const changed = new Set<number>();
    for (const p of prepared.placeholders) for (let i = p.offset; i < p.offset + p.length; i++) changed.add(i);
    for (const p of prepared.strictness) {
      if (p.kind === 'bom' || p.kind === 'non-ascii-whitespace') for (let i = p.offset; i < p.offset + p.length; i++) changed.add(i);
    }
    for (let i = 0; i < text.length; i++) if (!changed.has(i)) expect(prepared.masked[i]).toBe(text[i]);
    expect(parseMasked(prepared.masked).errors).toEqual([]);
  });
});

describe('prepareJson: template directives', () => {
  it('masks {{ }} and {% %} outside strings as white space of the same length, keeping line breaks', () => {
    const text = '{\n  "ranges": [{{range $i, $r := .R}}{{if $i}}, {{end}}[{"subnet": "{{$r}}"}]{{end}}],\n  {%- if x %}\n  "a": 1\n  {% endif -%}\n}';
    const p = prepareJson(text);
    expect(p.masked).toHaveLength(text.length);
    expect(p.directives.map((d) => d.token)).toEqual(['{{range $i, $r := .R}}', '{{if $i}}', '{{end}}', '{{end}}', '{%- if x %}', '{% endif -%}']);
    expect(p.masked).toContain('"subnet": "{{$r}}"'); // inside a string: content, not a directive
    expect(p.masked.split('\n')).toHaveLength(text.split('\n').length);
    for (const d of p.directives) expect(p.masked.slice(d.offset, d.offset + d.length).trim()).toBe('');
  });

  it('leaves an unterminated {{ alone', () => {
    expect(prepareJson('{ {{ "a": 1 }').directives).toEqual([]);
  });
});

describe("prepareJson: a directive's own strings do not close it", () => {
  it.each([
    // aks-engine leaves a template for containerd's own engine: a Go raw string inside an action.
    ['a raw string holding a directive', '{{`{{.MTU}}`}}'],
    ['a quoted "}}"', '{{ "}}" }}'],
    ['a quoted string with an escaped quote', '{{ printf "%s \\"}}\\"" .X }}'],
    ["a Jinja statement with a quoted '%}'", "{% if x == '%}' %}"],
  ])('%s is one directive', (_, directive) => {
    const text = `{ "name": "n", "mtu": ${directive}, "ipam": { "type": "whereabouts" } }`;
    const p = prepareJson(text);
    expect(p.directives.map((d) => d.token)).toEqual([directive]);
    expect(p.masked).toBe(text.replace(directive, ' '.repeat(directive.length)));
  });

  it('a quote left open on its line is no string: the first closing delimiter ends the directive', () => {
    const text = `{ "name": "n", "x": {{ .Values.it's }}, "type": "bridge" }`;
    expect(prepareJson(text).directives.map((d) => d.token)).toEqual(["{{ .Values.it's }}"]);
  });
});
