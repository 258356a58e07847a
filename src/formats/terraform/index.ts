/**
 * CNI configs in Terraform heredocs (`.tf`). See readme.md beside this file.
 */
import type { FormatModule } from '../types.js';
import { analyzeTerraform, mightClaimTerraform, planTerraform, verifyTerraform, type TerraformData } from './terraform.js';

export const terraform: FormatModule<TerraformData> = {
  id: 'terraform',
  displayName: 'Terraform (heredoc strings)',
  patterns: ['**/*.tf'],
  mightClaim: mightClaimTerraform,
  analyze: analyzeTerraform,
  plan: planTerraform,
  verify: verifyTerraform,
};
