// A Pulumi program: the conflist named by the `conflist` config value (10-containerd-net.conflist
// by default), migrated by cni-migrate, deployed as a ConfigMap. A plan with errors fails the
// program with the findings, before anything is deployed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic, planFile } from 'cni-migrate';

const config = new pulumi.Config();
const file = config.get('conflist') ?? '10-containerd-net.conflist';
const plan = planFile(
  { path: path.basename(file), text: fs.readFileSync(file, 'utf8') },
  {
    runtime: config.get('runtime') ?? 'containerd@2.0.0',
    targetVersion: config.get('targetVersion') ?? '1.0.0',
    plugins: { releases: { 'cni-plugins': config.get('cniPluginsRelease') ?? '1.1.1' } },
  },
);
if (plan.fatal || plan.remaining.some((d) => d.severity === 'error')) {
  throw new pulumi.RunError(`${file}:\n${plan.remaining.map(formatDiagnostic).join('\n')}`);
}

export const cniConfig = new k8s.core.v1.ConfigMap('cni-config', {
  metadata: { name: 'cni-config', namespace: config.get('namespace') ?? 'kube-system' },
  data: { [path.basename(file)]: plan.after },
});

/** The cniVersion the deployed conflist states. */
export const cniVersion = (JSON.parse(plan.after) as { cniVersion?: string }).cniVersion;
