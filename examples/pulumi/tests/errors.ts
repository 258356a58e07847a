import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import './mocks';

test('a conflist the runtime cannot load fails the program with the findings', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-example-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, '10-broken.conflist');
  // A trailing comma: JSON that Go's encoding/json, and so every runtime, rejects.
  fs.writeFileSync(file, '{\n  "cniVersion": "0.4.0",\n  "name": "broken",\n  "plugins": [{ "type": "bridge" },]\n}\n');
  pulumi.runtime.setAllConfig({ 'cni-migrate-example:conflist': file });

  await assert.rejects(import('../index'), (err: Error) => {
    assert.ok(err instanceof pulumi.RunError, `not a RunError: ${err}`);
    assert.match(err.message, /10-broken\.conflist/);
    assert.match(err.message, /encoding\/json/);
    return true;
  });
});
