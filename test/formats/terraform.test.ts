/**
 * CNI configs in Terraform heredocs: read where they stand, edited inside the heredoc with every
 * other byte kept; a config HCL itself writes is said unread; no other heredoc or `.tf` is ever
 * reported.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planFile, type FilePlan, type PlanOptions } from '../../src/core/plan.js';
import { codes } from './check.js';
import { cli, tempDir } from '../helpers/cli.js';

const typhoon = new URL('../../fixtures/repositories/typhoon/214281702f6c/addons/flannel/config.tf', import.meta.url);
const TARGET: PlanOptions = { targetVersion: '1.0.0', plugins: { releases: { 'flannel-cni-plugin': '1.5.1-flannel1', 'cni-plugins': '1.6.0' } } };

const plan = (text: string, options: PlanOptions = {}, path = 'main.tf'): FilePlan => planFile({ path, text }, options);

/** The text with each line that sets a cniVersion taken out: what an edit may not touch. */
const withoutVersionLines = (text: string): string => text.replace(/^.*"cniVersion".*\r?\n/gm, '');

describe("Typhoon's flannel addon (`kubernetes_config_map` with `\"cni-conf.json\" = <<-EOF`)", () => {
  const text = readFileSync(typhoon, 'utf8');

  it('is read as the ConfigMap key it is, its plugins judged; the net-conf.json heredoc beside it is not a CNI config', () => {
    const p = plan(text, {}, 'addons/flannel/config.tf');
    expect(p.format).toBe('terraform');
    expect(p.networks.map((n) => n.location)).toEqual(['kubernetes_config_map.config "cni-conf.json"']);
    expect([...new Set(p.networks[0]!.plugins.map((r) => r.type))].sort()).toEqual(['bridge', 'flannel', 'host-local', 'portmap']);
    expect(p.fatal).toBe(false);
  });

  it('a target version is written in the heredoc only, every other byte kept (the `<<-EOF` indentation too), and planning the result again changes nothing', () => {
    const p = plan(text, TARGET, 'addons/flannel/config.tf');
    expect(p.changed).toBe(true);
    expect(p.after).toContain('        "cniVersion": "1.0.0",\n');
    expect(withoutVersionLines(p.after)).toBe(withoutVersionLines(text));
    expect(plan(p.after, TARGET, 'addons/flannel/config.tf').changed).toBe(false);
  });
});

describe('heredocs of other shapes', () => {
  const localFile = (body: string, marker = '<<EOF', close = 'EOF'): string =>
    `resource "local_file" "cni" {\n  filename = "/etc/cni/net.d/10-bridge.conflist"\n  content  = ${marker}\n${body}\n${close}\n}\n`;
  const bridge = '{\n  "cniVersion": "0.3.1",\n  "name": "net",\n  "plugins": [\n    { "type": "bridge", "mtu": ${var.mtu}, "ipam": { "type": "host-local", "subnet": "${var.pod_cidr}" } }\n  ]\n}';

  it("a local_file's `content = <<EOF` conflist is read by its content, `${var.mtu}` kept as a placeholder", () => {
    const p = plan(localFile(bridge), TARGET);
    expect(p.networks.map((n) => n.location)).toEqual(['local_file.cni "content"']);
    expect(p.changed).toBe(true);
    expect(p.after).toContain('"mtu": ${var.mtu}');
    expect(withoutVersionLines(p.after)).toBe(withoutVersionLines(localFile(bridge)));
  });

  it('a missing cniVersion is inserted in the heredoc, indented as its members are, CRLF kept', () => {
    const text = localFile(bridge.replace('  "cniVersion": "0.3.1",\n', ''), '<<-EOT', '  EOT').replace(/\n/g, '\r\n');
    const p = plan(text, TARGET);
    expect(codes(p)).toContain('CNI_VERSION_MISSING');
    expect(p.after).toContain('\r\n  "cniVersion": "1.0.0",\r\n');
    expect(p.after.replace(/\r\n  "cniVersion": "1\.0\.0",/, '')).toBe(text);
  });

  it('a heredoc of a script, of user data, or of JSON that is no CNI config is not read, nor is a marker in a comment', () => {
    for (const text of [
      'resource "aws_instance" "node" {\n  user_data = <<-EOF\n    #!/bin/sh\n    echo \'{"type": "bridge"}\' > /tmp/x\n  EOF\n}\n',
      'locals {\n  policy = <<EOF\n{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "type": "x" }] }\nEOF\n}\n',
      '# content = <<EOF\n# { "cniVersion": "0.3.1" }\n',
      'variable "cni_version" {\n  description = "the cniVersion nodes get"\n  type        = string\n}\n',
    ]) {
      const p = plan(text);
      expect(p.format, text).toBeNull();
      expect(p.diagnostics).toEqual([]);
    }
  });

  it('a heredoc under a CNI key that does not parse is broken; one with `%{ if }` directives is read as the union of its branches, a plugin a `%{ for }` writes is said as the template one, and one the template writes whole is said unread', () => {
    const cm = (body: string): string => `resource "kubernetes_config_map" "c" {\n  data = {\n    "cni-conf.json" = <<-EOF\n${body}\n    EOF\n  }\n}\n`;
    const broken = plan(cm('      { "cniVersion": "0.3.1", "name": "n" "plugins": [] }'));
    expect(codes(broken)).toEqual(['JSON_PARSE_ERROR']);
    expect(broken.diagnostics[0]!.position?.line).toBe(4);
    const branches = plan(cm('      { "cniVersion": "0.3.1", "name": "n", "plugins": [ { "type": "flannel" }%{ if portmap }, { "type": "portmap" }%{ endif } ] }'), TARGET);
    expect(branches.networks.flatMap((n) => n.plugins.map((r) => r.type))).toEqual(expect.arrayContaining(['flannel', 'portmap']));
    expect(codes(branches)).toContain('TEMPLATE_DIRECTIVES');
    expect(branches.after).toContain('%{ if portmap }, { "type": "portmap" }%{ endif }');
    expect(branches.after).toContain('"cniVersion": "1.0.0"');
    // A plugin a `%{ for }` writes: its type is the template's, said so; nothing is decided.
    const looped = plan(cm('      { "cniVersion": "0.3.1", "name": "n", "plugins": [ %{ for p in var.plugins }{ "type": "${p}" },%{ endfor } ] }'));
    expect(looped.diagnostics.find((d) => d.code === 'PLUGIN_UNKNOWN')?.args).toEqual({ type: '${p}', templated: true });
    expect(looped.changed).toBe(false);
    // One the template writes whole is said unread.
    const unreadable = plan(cm('      ${jsonencode(local.cni)}'));
    expect(codes(unreadable)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(unreadable.diagnostics[0]!.args).toMatchObject({ syntax: 'Terraform' });
    expect(unreadable.changed).toBe(false);
  });

  it('a CNI config HCL writes (`jsonencode({ cniVersion = … })`) is said unread, never passed over', () => {
    const text = 'resource "kubernetes_config_map" "c" {\n  data = {\n    "cni-conf.json" = jsonencode({\n      cniVersion = "0.3.1"\n      name       = "cbr0"\n      plugins    = [{ type = "flannel" }]\n    })\n  }\n}\n';
    const p = plan(text);
    expect(codes(p)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(p.diagnostics[0]!.position?.line).toBe(4);
    expect(p.diagnostics[0]!.severity).toBe('warning');
    // After heredocs, it is placed where it stands, and an escaped string's version is named at its own line.
    const after = `locals {\n  policy = <<EOF\n${'{ "Version": "2012-10-17" }\n'.repeat(30)}EOF\n}\n${text}resource "local_file" "x" {\n  content = "{\\"cniVersion\\": \\"0.4.0\\"}"\n}\n`;
    const later = plan(after);
    expect(codes(later)).toEqual(['TEMPLATE_NOT_PARSED']);
    expect(later.diagnostics[0]!.position?.line).toBe(38);
    expect(after.slice(later.diagnostics[0]!.position!.offset).startsWith('cniVersion = "0.3.1"')).toBe(true);
    expect(later.diagnostics[0]!.args).toMatchObject({ cniVersions: [{ value: '0.4.0', line: 45 }] });
  });
});

describe('the CLI', () => {
  const scratch = tempDir();
  afterAll(scratch.cleanup);

  it('walks .tf files: the Typhoon addon is found, and its diff applies with git apply', () => {
    const repo = join(scratch.dir, 'typhoon');
    cpSync(new URL('../../fixtures/repositories/typhoon/214281702f6c/', import.meta.url), repo, { recursive: true });
    writeFileSync(join(repo, 'variables.tf'), 'variable "pod_cidr" {\n  type = string\n}\n');
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x');
    const checked = cli(['check', '--format', 'json', '.'], repo);
    const report = JSON.parse(checked.stdout) as { summary: { filesScanned: number; cniFiles: number }; files: { path: string; format: string }[] };
    expect(report.summary).toMatchObject({ filesScanned: 2, cniFiles: 1 });
    expect(report.files.map((f) => [f.path, f.format])).toEqual([['addons/flannel/config.tf', 'terraform']]);
    const args = ['--target-version', '1.0.0', '--plugin', 'flannel-cni-plugin@1.5.1-flannel1', '--plugin', 'cni-plugins@1.6.0'];
    const diff = cli(['diff', ...args, '.'], repo);
    expect(diff.stdout).toMatch(/^-\s+"cniVersion": "0\.3\.1",\n\+\s+"cniVersion": "1\.0\.0",$/m);
    writeFileSync(join(scratch.dir, 'tf.patch'), diff.stdout);
    git('apply', '--check', join(scratch.dir, 'tf.patch'));
    const fixed = cli(['fix', ...args, '.'], repo);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(git('diff', '--numstat')).toBe('1\t1\taddons/flannel/config.tf\n');
    expect(cli(['diff', ...args, '.'], repo).stdout).toBe('');
  });
});
