/**
 * The byte-level pre-check (mightBeClaimed) decides most files of a repository before they are
 * decoded, so it must never say no to a file a format claims: checked on every file the project
 * carries (upstream manifests, format and diagnostic fixtures, the fleet and example repos), and
 * on the cases each format claims by name alone.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeFile, mightBeClaimed } from '../../src/core/plan.js';
import { filesUnder } from '../helpers/files-under.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** As a run asks it: of the bytes, through Buffer.includes. */
const onBytes = (path: string, bytes: Buffer): boolean => mightBeClaimed(path, (ascii) => bytes.includes(ascii, 0, 'latin1'));

describe('mightBeClaimed: the pre-check on bytes', () => {
  const files = filesUnder(join(root, 'fixtures')).filter((f) => !readFileSync(f).includes(0));

  it('says yes to every fixture a format claims, and no to some that none claims', () => {
    let claimed = 0;
    let refused = 0;
    const missed: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      const path = relative(root, file);
      const text = bytes.toString('utf8');
      const verdict = onBytes(path, bytes);
      if (analyzeFile({ path, text }).analysis) {
        claimed++;
        if (!verdict) missed.push(path);
      } else if (!verdict) refused++;
    }
    expect(missed).toEqual([]);
    expect(claimed).toBeGreaterThan(250);
    // The check is worth having only if it decides some files on its own.
    expect(refused).toBeGreaterThan(10);
  });

  it('claims by name what a format claims by name, whatever the bytes hold', () => {
    const empty = Buffer.from('');
    expect(onBytes('net.d/10-x.conflist', empty)).toBe(true);
    expect(onBytes('etc/nginx/site.conf', Buffer.from('server { listen 80; }'))).toBe(true);
    expect(analyzeFile({ path: 'net.d/10-x.conflist', text: '' }).analysis).not.toBeNull();
  });

  it('reads a template as each file it may render to', () => {
    // `cni.j2` renders to JSON or YAML depending on how it starts: either may claim it.
    const json = Buffer.from('{% if x %}\n{ "cniVersion": "0.3.1", "name": "n", "type": "bridge" }\n{% endif %}\n');
    expect(onBytes('roles/cni/templates/cni.j2', json)).toBe(true);
    expect(analyzeFile({ path: 'roles/cni/templates/cni.j2', text: json.toString() }).analysis).not.toBeNull();
    expect(onBytes('roles/cni/templates/10-calico.conflist.j2', Buffer.from('{{ x }}'))).toBe(true);
    expect(onBytes('roles/web/templates/index.html.j2', Buffer.from('<p>{{ title }}</p>'))).toBe(false);
  });

  it('refuses files that show no signal, and the JSON and YAML that show one only as a format needs', () => {
    const deployment = Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n');
    expect(onBytes('apps/web/deployment.yaml', deployment)).toBe(false);
    expect(onBytes('apps/web/package.json', Buffer.from('{ "name": "web", "version": "1.0.0", "private": true }'))).toBe(false);
    // package.json with a `type` is refused later, by the JSON reader, not here.
    expect(onBytes('apps/web/package.json', Buffer.from('{ "name": "web", "type": "module" }'))).toBe(true);
    // A path given by name is read as JSON whatever its extension, so it is claimed on its content.
    expect(onBytes('notes.txt', Buffer.from('no signal here'))).toBe(false);
    expect(onBytes('notes.txt', Buffer.from('{ "type": "bridge" }'))).toBe(true);
    // A ConfigMap naming a CNI key, a Multus NetworkAttachmentDefinition's quoted "type".
    expect(onBytes('cm.yaml', Buffer.from('data:\n  cni-conf.json: |\n    {}\n'))).toBe(true);
    expect(onBytes('nad.yml', Buffer.from('spec:\n  config: \'{ "type": "macvlan" }\'\n'))).toBe(true);
    // A kubectl JSON manifest holds a config as an escaped string.
    expect(onBytes('cm.json', Buffer.from('{ "kind": "ConfigMap", "data": { "x": "{ \\"type\\": \\"bridge\\" }" } }'))).toBe(true);
  });
});
