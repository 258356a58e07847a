import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { valueOf } from './mocks';

test('the ConfigMap holds the conflist migrated to 1.0.0, every other byte kept', async () => {
  const program = await import('../index');
  const original = fs.readFileSync('10-containerd-net.conflist', 'utf8');
  const before = (JSON.parse(original) as { cniVersion: string }).cniVersion;
  assert.notEqual(before, '1.0.0');

  const data = await valueOf(program.cniConfig.data);
  assert.deepEqual(Object.keys(data), ['10-containerd-net.conflist']);
  const migrated = data['10-containerd-net.conflist']!;
  assert.equal((JSON.parse(migrated) as { cniVersion: string }).cniVersion, '1.0.0');
  assert.equal(migrated.replace('"cniVersion": "1.0.0"', `"cniVersion": "${before}"`), original);
  assert.equal(program.cniVersion, '1.0.0');

  assert.equal(await valueOf(program.cniConfig.metadata.name), 'cni-config');
  assert.equal(await valueOf(program.cniConfig.metadata.namespace), 'kube-system');
});
