/**
 * kube-ovn's plugin type `kube-ovn` (cmd/cni, installed as /opt/cni/bin/kube-ovn; conflists also
 * name it as an `ipam` type, the same binary). It passes libcni's `version.All` to skel, so it
 * accepts the list of the github.com/containernetworking/cni its go.mod (Gopkg.lock before
 * v0.6.0) pins; no tag replaces the module. Walked tag by tag, v0.1.0 to v1.16.2: the libcni
 * version only grows with the release number, release branches included.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const KUBE_OVN_PROJECT = 'kubeovn/kube-ovn';

const CMD = 'cmd/cni/cni.go';

const row = codeRows(KUBE_OVN_PROJECT);

/** Rows for the `kube-ovn` plugin type, added to the compatibility data. */
export const KUBE_OVN_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  'kube-ovn': [
    row(
      '>=0.1.0 <1.1.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
      [
        `github:kubeovn/kube-ovn@v0.1.0(fd59a2c3) ${CMD}:25 skel.PluginMain(cmdAdd, cmdDel, version.All); @v1.0.1(706cdfc3) ${CMD}:27 the same`,
        'github:kubeovn/kube-ovn@v0.1.0(fd59a2c3) Gopkg.lock:19 github.com/containernetworking/cni version = "v0.6.0" (the same through @v0.5.0(71eaa340)); @v0.6.0(54f76468)–v1.0.1(706cdfc3) go.mod:6 v0.6.0; vendor/github.com/containernetworking/cni/pkg/version/version.go:38 All = PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1")',
      ],
    ),
    row(
      '>=1.1.0 <1.10.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:kubeovn/kube-ovn@v1.1.0(0258e5dd) ${CMD}:28 skel.PluginMain(cmdAdd, nil, cmdDel, version.All, ""); @v1.9.41(19649310) ${CMD}:29 the same`,
        'github:kubeovn/kube-ovn go.mod github.com/containernetworking/cni: v0.7.1 @v1.1.0(0258e5dd)–v1.2.1(755f57bc), v0.8.0 @v1.3.0(45d30713)–v1.8.18(ec9304fd), v0.8.1 @v1.9.0(ee7b17cc)–v1.9.41(19649310); libcni v0.7.x–v0.8.x version.All is 0.1.0–0.4.0 (cni-compat.json libcniReleases)',
      ],
    ),
    row(
      '>=1.10.0 <1.12.20',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        `github:kubeovn/kube-ovn@v1.10.0(16d28f75) ${CMD}:27 skel.PluginMain(…, version.All, …); @v1.12.19(93095c8c) ${CMD}:29 the same`,
        'github:kubeovn/kube-ovn go.mod github.com/containernetworking/cni: v1.0.1 @v1.10.0(16d28f75)–v1.10.10(0c5fd63b), v1.1.2 @v1.11.0(a49d1819)–v1.11.24 and v1.12.0–v1.12.19(93095c8c); libcni v1.0.x–v1.1.x version.All is 0.1.0–1.0.0',
      ],
    ),
    row(
      '>=1.12.20',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        `github:kubeovn/kube-ovn@v1.12.20(918652d6) ${CMD}:33 skel.PluginMainFuncs(funcs, version.All, about); @v1.16.2(12506be4) ${CMD}:33 the same`,
        'github:kubeovn/kube-ovn go.mod github.com/containernetworking/cni: v1.2.3 @v1.12.20(918652d6)–v1.12.35 and v1.13.0–v1.13.10(421eb1cc), v1.3.0 @v1.13.11(147139f5)–v1.16.2(12506be4) go.mod:12 and master @1533681d (2026-08-22); libcni v1.2.x–v1.3.0 version.All is 0.1.0–1.1.0',
      ],
      'Checked through v1.16.2, the newest release tag.',
    ),
  ],
};
