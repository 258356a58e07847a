/**
 * Antrea's plugin type `antrea`: cmd/antrea-cni, a shim that forwards each call to the agent's
 * CNI server. Both ends check the config's cniVersion: the shim through libcni's skel (the list
 * it passes to skel.PluginMain is what VERSION reports) and the server against
 * supportedCNIVersionSet (pkg/agent/cniserver/server.go). From v0.8.0 both take libcni's
 * `version.All` from go.mod's github.com/containernetworking/cni (no replace at any tag), whose
 * lists are cni-compat.json libcniReleases. Walked tag by tag, v0.1.0 to v2.7.0.
 */
import type { PluginRow } from './compat.js';
import { codeRows } from './code-rows.js';

export const ANTREA_PROJECT = 'antrea-io/antrea';

const SHIM = 'cmd/antrea-cni/main.go';
const SERVER = 'pkg/agent/cniserver/server.go';

const row = codeRows(ANTREA_PROJECT);

/** Rows for the `antrea` plugin type, added to the compatibility data. */
export const ANTREA_ROWS: Readonly<Record<string, readonly PluginRow[]>> = {
  antrea: [
    row(
      '>=0.1.0 <0.8.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1'],
      [
        `github:antrea-io/antrea@v0.1.0(02c648bd) ${SHIM}:32 skel.PluginMain(…, cni_version.PluginSupports("0.1.0", "0.2.0", "0.3.0", "0.3.1"), …); same at @v0.7.2(46f84e33) ${SHIM}:32`,
        `github:antrea-io/antrea@v0.1.0(02c648bd) ${SERVER}:103 supportedCNIVersions = "0.1.0,0.2.0,0.3.0,0.3.1,0.4.0"; @v0.7.2(46f84e33) ${SERVER}:107 the same`,
      ],
      'The agent would take 0.4.0, but the shim rejects it first: libcni skel checks the config against the shim\'s own list.',
    ),
    row(
      '>=0.8.0 <1.11.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0'],
      [
        `github:antrea-io/antrea@v0.8.0(826894ea) ${SHIM}:32 skel.PluginMain(…, cni_version.All, …); ${SERVER}:294 buildVersionSet ranges over version.All.SupportedVersions(); @v1.10.1(3d8f32f5) ${SHIM}:32 cniversion.All, ${SERVER}:338 the same`,
        'github:antrea-io/antrea go.mod github.com/containernetworking/cni: v0.7.1 @v0.8.0(826894ea)–v0.11.4, v0.8.0 @v0.12.0(2bb88bbf)–v1.2.3, v0.8.1 @v1.2.4(fa19f4a3)–v1.10.1(3d8f32f5); libcni v0.7.x–v0.8.x version.All is 0.1.0–0.4.0 (cni-compat.json libcniReleases)',
      ],
    ),
    row(
      '>=1.11.0 <2.1.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'],
      [
        `github:antrea-io/antrea@v1.11.0(316a8bf3) ${SHIM}:32 cniversion.All; ${SERVER}:339 version.All.SupportedVersions(); @v2.0.1(8e1c0e94) ${SHIM}:32, ${SERVER}:342 the same`,
        'github:antrea-io/antrea@v1.11.0(316a8bf3) go.mod:22 github.com/containernetworking/cni v1.1.1, the same through @v2.0.1(8e1c0e94); libcni v1.1.x version.All is 0.1.0–1.0.0',
      ],
    ),
    row(
      '>=2.1.0',
      ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
      [
        `github:antrea-io/antrea@v2.1.0(1dacc228) ${SHIM}:33 skel.PluginMainFuncs(funcs, cniversion.All, …); ${SERVER}:344 version.All.SupportedVersions(); @v2.7.0(e59003c2) ${SHIM}:33, ${SERVER}:348 the same`,
        'github:antrea-io/antrea go.mod github.com/containernetworking/cni: v1.2.0 @v2.1.0(1dacc228)–v2.3.2(0f476c30), v1.3.0 @v2.4.0(89d1bfe8)–v2.7.0(e59003c2) go.mod:23 and main @fc70f2bb (2026-08-21); libcni v1.2.x–v1.3.0 version.All is 0.1.0–1.1.0',
      ],
      'Checked through v2.7.0, the newest release tag.',
    ),
  ],
};
