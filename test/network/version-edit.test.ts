import { parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { versionEdit } from '../../src/network/version-edit.js';
import type { PlanOptions } from '../../src/core/plan.js';
import { crlf, dedent, NBSP, noFinalNewline } from '../helpers/dedent.js';
import { codes, planChecked } from '../helpers/verify.js';

/** bridge + host-local from cni-plugins 1.1.1 on containerd 1.6.4: S = 0.1.0–1.0.0, so 1.0.0 is chosen. */
const OPTIONS: PlanOptions = { plugins: { releases: { 'cni-plugins': '1.1.1' } } };

/** Plans `before`, checks the edit is safe and idempotent, and returns the output. */
function fix(before: string, path = 'net.conf'): string {
  const plan = planChecked(path, before, OPTIONS);
  expect(plan.edits).toHaveLength(1);
  return plan.after;
}

describe('inserting a missing cniVersion copies the file style', () => {
  it('multi-line, 2-space indentation', () => {
    const before = dedent`
      {
        "name": "net",
        "type": "bridge"
      }
    `;
    expect(fix(before)).toBe(dedent`
      {
        "cniVersion": "1.0.0",
        "name": "net",
        "type": "bridge"
      }
    `);
  });

  it('multi-line, 4-space indentation', () => {
    const before = '{\n    "name": "net",\n    "type": "bridge"\n}\n';
    expect(fix(before)).toBe('{\n    "cniVersion": "1.0.0",\n    "name": "net",\n    "type": "bridge"\n}\n');
  });

  it('tab indentation', () => {
    const before = '{\n\t"name": "net",\n\t"type": "bridge",\n\t"ipam": {\n\t\t"type": "host-local"\n\t}\n}\n';
    expect(fix(before)).toBe('{\n\t"cniVersion": "1.0.0",\n\t"name": "net",\n\t"type": "bridge",\n\t"ipam": {\n\t\t"type": "host-local"\n\t}\n}\n');
  });

  it('NBSP indentation: the copied indentation is ASCII spaces of the same width, adding no strictness problem', () => {
    const before = `{\n${NBSP} ${NBSP} "name": "net",\n${NBSP} ${NBSP} "type": "bridge"\n}\n`;
    const plan = planChecked('net.conf', before, OPTIONS);
    // The edit goes in after the existing indentation, so the original NBSP bytes stay where they were.
    expect(plan.edits).toEqual([{ offset: 6, length: 0, content: '"cniVersion": "1.0.0",\n    ' }]);
    expect(plan.after).toBe(`{\n${NBSP} ${NBSP} "cniVersion": "1.0.0",\n    "name": "net",\n${NBSP} ${NBSP} "type": "bridge"\n}\n`);
    expect(codes(plan)).toEqual(['CNI_VERSION_MISSING', 'JSON_NOT_STRICT']);
    expect([...plan.edits[0]!.content].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
  });

  it('an NBSP after the colon is not copied into the new member', () => {
    const plan = planChecked('net.conf', `{"name":${NBSP}"net", "type": "bridge"}`, OPTIONS);
    expect(plan.after).toBe(`{"cniVersion": "1.0.0", "name":${NBSP}"net", "type": "bridge"}`);
  });

  it('CRLF line endings: the inserted line ends with \\r\\n', () => {
    const before = crlf(dedent`
      {
        "name": "net",
        "type": "bridge"
      }
    `);
    const after = fix(before);
    expect(after).toBe('{\r\n  "cniVersion": "1.0.0",\r\n  "name": "net",\r\n  "type": "bridge"\r\n}\r\n');
    expect(after.match(/\n/g)).toHaveLength(after.match(/\r\n/g)!.length);
  });

  it('a one-line object stays one line, with the same (absent) spacing', () => {
    expect(fix('{"name":"x","type":"bridge"}')).toBe('{"cniVersion":"1.0.0","name":"x","type":"bridge"}');
  });

  it('a one-line object with spaces keeps its spacing', () => {
    expect(fix('{ "name": "x", "type": "bridge" }\n')).toBe('{ "cniVersion": "1.0.0", "name": "x", "type": "bridge" }\n');
  });

  it('a one-line object with a single member: spaced like the brace gap', () => {
    expect(fix('{ "type": "bridge" }')).toBe('{ "cniVersion": "1.0.0", "type": "bridge" }');
    expect(fix('{"type":"bridge"}')).toBe('{"cniVersion":"1.0.0","type":"bridge"}');
  });

  it('copies the separator: "a":"b" and "a" : "b"', () => {
    expect(fix('{\n  "name":"x",\n  "type":"bridge"\n}\n')).toBe('{\n  "cniVersion":"1.0.0",\n  "name":"x",\n  "type":"bridge"\n}\n');
    expect(fix('{\n  "name" : "x",\n  "type" : "bridge"\n}\n')).toBe('{\n  "cniVersion" : "1.0.0",\n  "name" : "x",\n  "type" : "bridge"\n}\n');
    expect(fix('{ "name" : "x", "type" : "bridge" }')).toBe('{ "cniVersion" : "1.0.0", "name" : "x", "type" : "bridge" }');
  });

  it('the first member shares the brace line: the new member takes that place, the old first moves to its own line', () => {
    const before = '{ "name": "net",\n  "type": "bridge"\n}\n';
    expect(fix(before)).toBe('{ "cniVersion": "1.0.0",\n  "name": "net",\n  "type": "bridge"\n}\n');
  });

  it('the first member shares the brace line, with CRLF: the new line break is \\r\\n', () => {
    expect(fix('{ "name": "net",\r\n  "type": "bridge"\r\n}')).toBe('{ "cniVersion": "1.0.0",\r\n  "name": "net",\r\n  "type": "bridge"\r\n}');
  });

  it('the first two members share the brace line and only a nested value spans lines: the line continues', () => {
    const before = '{"name": "net", "ipam": {\n  "type": "host-local"\n}, "type": "bridge"}';
    expect(fix(before)).toBe('{"cniVersion": "1.0.0", "name": "net", "ipam": {\n  "type": "host-local"\n}, "type": "bridge"}');
  });

  it('a single member on the brace line with the brace closing below: the line continues', () => {
    expect(fix('{ "type": "bridge"\n}\n')).toBe('{ "cniVersion": "1.0.0", "type": "bridge"\n}\n');
  });

  it('a template with bare placeholders: inserted, placeholders kept byte for byte', () => {
    const before = dedent`
      {
        "name": "k8s-pod-network",
        "type": "calico",
        "mtu": __CNI_MTU__,
        "ipam": { "type": "host-local", "subnet": "usePodCidr" },
        "dns": { "nameservers": [__DNS_NAME_SERVERS__] }
      }
    `;
    const plan = planChecked('10-calico.conf', before, { plugins: { releases: { calico: '3.26.0', 'cni-plugins': '1.1.1' } } });
    expect(plan.after).toBe(before.replace('{\n  "name"', '{\n  "cniVersion": "1.0.0",\n  "name"'));
    expect(codes(plan)).toEqual(['CNI_VERSION_MISSING', 'TEMPLATE_PLACEHOLDER']);
  });

  it('a comment before the first member stays above the inserted member', () => {
    const before = dedent`
      {
        // managed by hand
        "name": "net",
        "type": "bridge"
      }
    `;
    expect(fix(before)).toBe(dedent`
      {
        // managed by hand
        "cniVersion": "1.0.0",
        "name": "net",
        "type": "bridge"
      }
    `);
  });

  it('a comment on the brace line stays there', () => {
    const before = '{ // net\n  "name": "net",\n  "type": "bridge"\n}\n';
    expect(fix(before)).toBe('{ // net\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "type": "bridge"\n}\n');
  });

  it('no final newline stays without one', () => {
    const before = noFinalNewline(dedent`
      {
        "name": "net",
        "type": "bridge"
      }
    `);
    const after = fix(before);
    expect(after.endsWith('}')).toBe(true);
    expect(after).toBe('{\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "type": "bridge"\n}');
  });

  it('a BOM stays in front', () => {
    const after = fix('\ufeff{\n  "name": "net",\n  "type": "bridge"\n}\n');
    expect(after).toBe('\ufeff{\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "type": "bridge"\n}\n');
  });

  it('a conflist gets the member at the top level, not inside a plugin', () => {
    const before = dedent`
      {
        "name": "net",
        "plugins": [
          {
            "type": "bridge"
          },
          { "type": "portmap", "capabilities": { "portMappings": true } }
        ]
      }
    `;
    const after = fix(before, 'net.conflist');
    expect(after).toBe(before.replace('{\n  "name"', '{\n  "cniVersion": "1.0.0",\n  "name"'));
  });

  it('a trailing comma and comments elsewhere are left exactly as they were', () => {
    const before = dedent`
      {
        "name": "net", /* n */
        "type": "bridge",
        "ipam": { "type": "host-local", },
      }
    `;
    const plan = planChecked('net.conf', before, OPTIONS);
    expect(plan.after).toBe(before.replace('{\n  "name"', '{\n  "cniVersion": "1.0.0",\n  "name"'));
    expect(codes(plan)).toContain('JSON_NOT_STRICT');
  });
});

describe('rewriting an existing cniVersion replaces only the value token', () => {
  it.each([
    ['a string', '{"cniVersion": "1.1.0", "name": "n", "type": "bridge"}', '"1.1.0"'],
    ['a number 0.3', '{"cniVersion": 0.3, "name": "n", "type": "bridge"}', '0.3'],
    ['a number 1', '{"cniVersion":1,"name":"n","type":"bridge"}', '1'],
    ['null', '{ "cniVersion" : null, "name": "n", "type": "bridge" }', 'null'],
    ['an empty string', '{"cniVersion": "", "name": "n", "type": "bridge"}', '""'],
    ['"v1.0.0"', '{"cniVersion": "v1.0.0", "name": "n", "type": "bridge"}', '"v1.0.0"'],
    ['a value in the last member', '{"name": "n", "type": "bridge", "cniVersion": "0.3"}', '"0.3"'],
  ])('%s', (_label, before, token) => {
    const plan = planChecked('net.conf', before, OPTIONS);
    const at = before.indexOf(token, before.indexOf('"cniVersion"') + 12);
    expect(plan.edits).toEqual([{ offset: at, length: token.length, content: '"1.0.0"' }]);
    expect(plan.after).toBe(before.slice(0, at) + '"1.0.0"' + before.slice(at + token.length));
  });

  it('keeps CRLF, indentation and the colon spacing of a multi-line file', () => {
    const before = crlf('{\n\t"cniVersion" :  "1.1.0",\n\t"name": "n",\n\t"type": "bridge"\n}\n');
    expect(fix(before)).toBe(crlf('{\n\t"cniVersion" :  "1.0.0",\n\t"name": "n",\n\t"type": "bridge"\n}\n'));
  });

  it('does not touch a cniVersion inside a plugin of a list', () => {
    const before = dedent`
      {
        "cniVersion": "1.1.0",
        "name": "n",
        "plugins": [{ "type": "bridge", "cniVersion": "1.1.0" }]
      }
    `;
    expect(fix(before, 'n.conflist')).toBe(before.replace('"cniVersion": "1.1.0",\n', '"cniVersion": "1.0.0",\n'));
  });
});

describe('versionEdit (direct)', () => {
  const root = (text: string) => parseTree(text)!;

  it('returns a zero-length insert at the first member', () => {
    const text = '{\n  "name": "n",\n  "type": "x"\n}';
    expect(versionEdit(text, root(text), undefined, '0.4.0')).toEqual({ offset: 4, length: 0, content: '"cniVersion": "0.4.0",\n  ' });
  });

  it('JSON-quotes the version it writes', () => {
    const text = '{"cniVersion": 1, "type": "x"}';
    const r = root(text);
    const value = r.children![0]!.children![1]!;
    expect(versionEdit(text, r, value, '1.0.0')).toEqual({ offset: 15, length: 1, content: '"1.0.0"' });
  });

  it('refuses to insert into an empty object', () => {
    expect(() => versionEdit('{}', root('{}'), undefined, '1.0.0')).toThrow(RangeError);
  });
});
