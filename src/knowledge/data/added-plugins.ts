/**
 * Plugin types a project first shipped in a later release, so a config that names them fails on
 * nodes with an older release of that project (`failed to find plugin "dummy" in path`). Read from
 * the release tags' trees: the plugin's directory is absent at the tag before and present at the
 * first one.
 */
export interface AddedPlugin {
  readonly type: string;
  /** Project alias, as in PluginFacts.releases (`cni-plugins`). */
  readonly project: string;
  /** First release with the plugin. */
  readonly addedIn: string;
  readonly references: readonly string[];
}

const PLUGINS = 'github:containernetworking/plugins';

export const ADDED_PLUGINS: readonly AddedPlugin[] = [
  { type: 'host-device', project: 'cni-plugins', addedIn: '0.7.0', references: [`${PLUGINS}@v0.7.0(dd8ff8a5) plugins/main/host-device; absent @v0.6.0(7480240d)`] },
  ...['bandwidth', 'firewall', 'sbr'].map((type) => ({
    type,
    project: 'cni-plugins',
    addedIn: '0.8.0',
    references: [`${PLUGINS}@v0.8.0(0950a360) plugins/meta/${type}; absent @v0.7.6(9f96827c), the last of the v0.7 line`],
  })),
  { type: 'static', project: 'cni-plugins', addedIn: '0.8.0', references: [`${PLUGINS}@v0.8.0(0950a360) plugins/ipam/static; absent @v0.7.6(9f96827c)`] },
  ...['win-bridge', 'win-overlay'].map((type) => ({
    type,
    project: 'cni-plugins',
    addedIn: '0.8.0',
    references: [`${PLUGINS}@v0.8.0(0950a360) plugins/main/windows/${type}; absent @v0.7.6(9f96827c)`],
  })),
  { type: 'vrf', project: 'cni-plugins', addedIn: '0.9.0', references: [`${PLUGINS}@v0.9.0(e13bab99) plugins/meta/vrf; absent @v0.8.7(9b8de6a6)`] },
  { type: 'dummy', project: 'cni-plugins', addedIn: '1.2.0', references: [`${PLUGINS}@v1.2.0(c4d24e80) plugins/main/dummy; absent @v1.1.1(4744ec27)`] },
  { type: 'tap', project: 'cni-plugins', addedIn: '1.3.0', references: [`${PLUGINS}@v1.3.0(38f18d26) plugins/main/tap; absent @v1.2.0(c4d24e80)`] },
];
