/**
 * The plugin releases a manifest's own images imply (calico/cni:v3.26.0 → Calico 3.26.0 and the
 * containernetworking plugins it bundles), merged under what the user stated: a `--plugin`
 * release or fact, or a probe, always wins over an image tag.
 */
import { diagnostic, type PendingDiagnostic } from '../core/diagnostics.js';
import type { PlanContext } from '../formats/types.js';
import { imagesOf, INSTALLER_KINDS, releasesFromImages, valueAt } from './images.js';
import { CHART_INSTALLS } from './data/chart-installs.js';

export function withImageReleases(context: PlanContext, documents: readonly unknown[]): { context: PlanContext; diagnostics: PendingDiagnostic[] } {
  // Only the DaemonSets install plugins on the nodes: other workloads' images say nothing of them.
  const installers = imagesOf(documents, INSTALLER_KINDS);
  const { releases, problems } = releasesFromImages(installers);
  const stated = context.plugins.releases ?? {};
  const fromImages: Record<string, string> = {};
  const sources: Record<string, string> = {};
  const record = (name: string, release: string, from: string): void => {
    if (name in stated || name in fromImages) return;
    fromImages[name] = release;
    sources[name] = from;
  };
  for (const r of releases) {
    const from = `image ${r.image} (${r.where})`;
    if (r.types) {
      // The image installs only some of the project's plugins (a Calico image's bundled ones, or an
      // RKE2 build whose flannel release is unknown): state the release by type, so other types
      // are not judged by a release that never installed them.
      if (!(r.name in stated)) for (const type of r.types) record(type, r.release, from);
      continue;
    }
    record(r.name, r.release, from);
  }
  const diagnostics = problems.map((p) => diagnostic('IMAGE_TAG_UNUSABLE', { image: p.image, where: p.where, problem: p.problem, ...(p.anyImage ? { anyImage: true as const } : {}) }));
  const copied = [...new Set([...installers.flatMap((i) => i.copies ?? []), ...chartInstalls(documents)])];
  const learned = Object.keys(fromImages).length > 0;
  if (!learned && copied.length === 0) return { context, diagnostics };
  return {
    context: {
      ...context,
      plugins: {
        ...context.plugins,
        ...(learned ? { releases: { ...fromImages, ...stated }, releaseSources: { ...sources, ...(context.plugins.releaseSources ?? {}) } } : {}),
        ...(copied.length ? { installedByManifest: copied } : {}),
      },
    },
    diagnostics,
  };
}

/**
 * The plugins the charts a manifest deploys install (data/chart-installs.ts): a Flux HelmRelease's
 * `spec.chart.spec.chart`, a k3s/RKE2 HelmChart's `spec.chart`, an Argo CD Application's
 * `spec.source(s).chart`.
 */
function chartInstalls(documents: readonly unknown[]): string[] {
  const charts = documents.flatMap((doc) => chartsOf(doc));
  return CHART_INSTALLS.filter((c) => charts.includes(c.chart)).flatMap((c) => c.installs);
}

function chartsOf(doc: unknown): string[] {
  const names = ((): unknown[] => {
    switch (valueAt(doc, 'kind')) {
      case 'HelmRelease':
        return [valueAt(doc, 'spec', 'chart', 'spec', 'chart')];
      case 'HelmChart':
        return [valueAt(doc, 'spec', 'chart')];
      case 'Application': {
        const sources = valueAt(doc, 'spec', 'sources');
        return [valueAt(doc, 'spec', 'source', 'chart'), ...(Array.isArray(sources) ? sources.map((s) => valueAt(s, 'chart')) : [])];
      }
      default:
        return [];
    }
  })();
  return names.filter((n): n is string => typeof n === 'string');
}
