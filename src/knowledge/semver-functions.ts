/**
 * The functions of the `semver` package the project uses, each from its own module rather than
 * the package's index, which evaluates every module of the package (ranges/subset.js parses
 * versions as it loads). The CLI's bundle replaces this module with
 * src/cli/semver-functions-on-demand.ts, which loads each function the first time it is called.
 */
export { default as coerce } from 'semver/functions/coerce.js';
export { default as compare } from 'semver/functions/compare.js';
export { default as eq } from 'semver/functions/eq.js';
export { default as gt } from 'semver/functions/gt.js';
export { default as gte } from 'semver/functions/gte.js';
export { default as inc } from 'semver/functions/inc.js';
export { default as satisfies } from 'semver/functions/satisfies.js';
export { default as valid } from 'semver/functions/valid.js';
export { default as intersects } from 'semver/ranges/intersects.js';
export { default as minVersion } from 'semver/ranges/min-version.js';
export { default as subset } from 'semver/ranges/subset.js';
export { default as validRange } from 'semver/ranges/valid.js';
