/**
 * The plugin releases a manifest's own images imply (calico/cni:v3.26.0 → Calico 3.26.0 and the
 * containernetworking plugins it bundles), merged under what the user stated: a `--plugin`
 * release or fact, or a probe, always wins over an image tag.
 */
import { diagnostic, type PendingDiagnostic } from '../diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { imagesOf, releasesFromImages } from './images.js';

export function withImageReleases(context: PlanContext, documents: readonly unknown[]): { context: PlanContext; diagnostics: PendingDiagnostic[] } {
  const { releases, problems } = releasesFromImages(imagesOf(documents));
  const stated = context.plugins.releases ?? {};
  const fromImages: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const r of releases) {
    if (r.name in stated || r.name in fromImages) continue;
    fromImages[r.name] = r.release;
    sources[r.name] = `image ${r.image} (${r.where})`;
  }
  const diagnostics = problems.map((p) => diagnostic('IMAGE_TAG_UNUSABLE', { image: p.image, where: p.where, problem: p.problem }));
  if (Object.keys(fromImages).length === 0) return { context, diagnostics };
  return {
    context: {
      ...context,
      plugins: {
        ...context.plugins,
        releases: { ...fromImages, ...stated },
        releaseSources: { ...sources, ...(context.plugins.releaseSources ?? {}) },
      },
    },
    diagnostics,
  };
}
