/**
 * src/knowledge/semver-functions.ts for the CLI's bundle (scripts/build-cli.mjs): each function's
 * module is evaluated the first time the function is called, not when the CLI starts. A check of
 * one conflist calls few of them (its release ranges are compared without semver,
 * knowledge/release-range.ts), and semver's range modules parse versions as they load. A
 * `require`, as in yaml-package-on-demand.ts, so the callers stay synchronous.
 */
import type * as Semver from '../knowledge/semver-functions.js';

/** A function that loads the real one on its first call. */
function onDemand<F extends (...args: never[]) => unknown>(load: () => F): F {
  let loaded: F | undefined;
  return ((...args: Parameters<F>) => (loaded ??= load())(...args)) as F;
}

// Literal paths, so esbuild bundles each module (and evaluates it at the first require).
export const coerce = onDemand((): typeof Semver.coerce => require('semver/functions/coerce.js'));
export const compare = onDemand((): typeof Semver.compare => require('semver/functions/compare.js'));
export const eq = onDemand((): typeof Semver.eq => require('semver/functions/eq.js'));
export const gt = onDemand((): typeof Semver.gt => require('semver/functions/gt.js'));
export const gte = onDemand((): typeof Semver.gte => require('semver/functions/gte.js'));
export const inc = onDemand((): typeof Semver.inc => require('semver/functions/inc.js'));
export const satisfies = onDemand((): typeof Semver.satisfies => require('semver/functions/satisfies.js'));
export const valid = onDemand((): typeof Semver.valid => require('semver/functions/valid.js'));
export const intersects = onDemand((): typeof Semver.intersects => require('semver/ranges/intersects.js'));
export const minVersion = onDemand((): typeof Semver.minVersion => require('semver/ranges/min-version.js'));
export const subset = onDemand((): typeof Semver.subset => require('semver/ranges/subset.js'));
export const validRange = onDemand((): typeof Semver.validRange => require('semver/ranges/valid.js'));
