/**
 * Standalone CNI config files as runtimes load them from /etc/cni/net.d: `.conflist` network
 * lists and single-plugin `.conf`/`.json` files. See readme.md beside this file.
 */
import type { FormatModule } from '../types.js';
import { mightClaimCniJson, analyzeCniJson, planCniJson, verifyCniJson, type CniJsonData } from './cni-json.js';

export const cniJson: FormatModule<CniJsonData> = {
  id: 'cni-json',
  displayName: 'CNI config file (.conflist, .conf, .json)',
  patterns: ['**/*.conflist', '**/*.conf', '**/*.json'],
  mightClaim: mightClaimCniJson,
  analyze: analyzeCniJson,
  plan: planCniJson,
  verify: verifyCniJson,
};
