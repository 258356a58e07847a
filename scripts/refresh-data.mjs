#!/usr/bin/env node
// Lists the upstream releases newer than the compatibility data has reviewed
// (src/knowledge/data/releases-reviewed.json), and for each one reads the libcni version it pins
// (go.mod) and says whether the data's rows already cover what that libcni accepts or executes.
// Refreshing the data is then: review what this prints, add or extend rows with their sources,
// raise `newestReviewed`.
//
//   node scripts/refresh-data.mjs [--check] [--only ALIAS]... [--from ALIAS=GIT_URL_OR_DIR]...
//
// Reads each repository with `git ls-remote` and a one-commit `git fetch` of each new tag
// (https://github.com/OWNER/NAME.git unless --from names a mirror or a local clone).
// --check: exit 1 while any project has a release newer than the data has reviewed (for a
// scheduled job); without it the report is informational (exit 0). Exit 2: a repository could
// not be read.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';

const dataDir = fileURLToPath(new URL('../src/knowledge/data/', import.meta.url));
const reviewed = JSON.parse(readFileSync(join(dataDir, 'releases-reviewed.json'), 'utf8'));
// The data as the tool uses it: the reference's rows and the sourced rows added in TypeScript.
const built = new URL('../dist/index.js', import.meta.url);
if (!existsSync(built)) {
  console.error('refresh-data: reads the data through the built library: run npm run build first');
  process.exit(2);
}
const { compat } = await import(built.href);

function parseArgs(argv) {
  const options = { check: false, only: [], from: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--check') options.check = true;
    else if (arg === '--only') options.only.push(value());
    else if (arg === '--from') {
      const [alias, ...rest] = value().split('=');
      if (!alias || rest.length === 0) usage('--from takes ALIAS=GIT_URL_OR_DIR');
      options.from[alias] = rest.join('=');
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  const aliases = new Set(reviewed.projects.map((p) => p.alias));
  for (const alias of [...options.only, ...Object.keys(options.from)]) {
    if (!aliases.has(alias)) usage(`no project ${alias} (known: ${[...aliases].join(', ')})`);
  }
  return options;
}

function usage(problem) {
  if (problem) console.error(`refresh-data: ${problem}`);
  console.error('usage: node scripts/refresh-data.mjs [--check] [--only ALIAS]... [--from ALIAS=GIT_URL_OR_DIR]...');
  process.exit(problem ? 2 : 0);
}

/** A release tag as a comparable semver (`v1.5.1-flannel2` → 1.5.1 build 2), or null for anything else. */
function releaseOf(tag) {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-flannel(\d+))?$/.exec(tag);
  if (!m) return null;
  return { version: `${m[1]}.${m[2]}.${m[3] ?? 0}`, build: Number(m[4] ?? 0), tag };
}

function compareReleases(a, b) {
  return semver.compare(a.version, b.version) || a.build - b.build;
}

function git(args, options = {}) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
}

function sourceOf(project, from) {
  const given = from[project.alias];
  if (given === undefined) return `https://github.com/${project.repository}.git`;
  // A local clone is read through file:// so that a shallow fetch is one commit, as from a server.
  return existsSync(given) ? pathToFileURL(resolve(given)).href : given;
}

/** Release tags, of the whole repository or, with a prefix (`azure-ipam/`), of one of its components. */
function releaseTags(source, prefix = '') {
  return git(['ls-remote', '--tags', '--refs', source])
    .split('\n')
    .map((line) => line.split('\t')[1]?.replace(/^refs\/tags\//, ''))
    .filter((name) => name && name.startsWith(prefix) && !name.slice(prefix.length).includes('/'))
    .map((name) => {
      const release = releaseOf(name.slice(prefix.length));
      return release && { ...release, tag: name };
    })
    .filter(Boolean);
}

/** The libcni version a tag's go.mod resolves (a replace directive wins), or null. */
function libcniAt(source, tag, scratch) {
  git(['fetch', '--quiet', '--depth=1', '--no-tags', source, `refs/tags/${tag}`], { cwd: scratch });
  let goMod;
  try {
    goMod = git(['show', 'FETCH_HEAD:go.mod'], { cwd: scratch });
  } catch {
    return null;
  }
  const replaced = /^\s*(?:replace\s+)?github\.com\/containernetworking\/cni(?:\s+v\S+)?\s+=>\s+github\.com\/containernetworking\/cni\s+(v\S+)/m.exec(goMod);
  const required = /^\s*(?:require\s+)?github\.com\/containernetworking\/cni\s+(v[^\s/]+)/m.exec(goMod);
  return (replaced ?? required)?.[1] ?? null;
}

/** The data's libcniReleases row for a libcni tag ("v1.0.0-v1.0.1" spans, "v1.3.0" single). */
function libcniRow(version) {
  const v = semver.coerce(version)?.version;
  if (!v) return null;
  return (
    compat.libcniReleases.find((row) => {
      const [from, to = from] = row.libcni.split('-').map((s) => semver.coerce(s)?.version);
      return from && to && semver.gte(v, from) && semver.lte(v, to);
    }) ?? null
  );
}

const newest = (versions) => [...versions].sort((a, b) => semver.compare(semver.coerce(a), semver.coerce(b))).at(-1);

/** What the data says of this release, against what its libcni accepts (plugins) or executes (runtimes). */
function verdict(project, release, libcni) {
  if (project.kind === 'review') return `review by hand: ${project.reads}`;
  if (libcni === null) return 'no github.com/containernetworking/cni in go.mod: review by hand';
  const row = libcniRow(libcni);
  if (!row || row.current === null) return `libcni ${libcni} is not in the data's libcniReleases: review it first`;
  if (project.kind === 'runtime') {
    const rows = compat.runtimes[project.alias].filter((r) => semver.satisfies(release.version, r.releases));
    if (rows.length === 0) return `libcni ${libcni} executes up to ${row.current}; no runtime row covers ${release.tag}: add one`;
    const wrong = rows.filter((r) => r.maxConfigVersion !== row.current);
    return wrong.length === 0
      ? `libcni ${libcni} executes up to ${row.current}, as the row ${rows.map((r) => r.releases).join(', ')} says: covered`
      : `libcni ${libcni} executes up to ${row.current}, but the row ${wrong.map((r) => `${r.releases} says ${r.maxConfigVersion}`).join(', ')}: add a row`;
  }
  const rows = Object.entries(compat.plugins).flatMap(([type, list]) =>
    list.filter((r) => project.dataProjects.includes(r.project) && r.releases !== null && semver.satisfies(release.version, r.releases)).map((r) => ({ type, ...r })),
  );
  if (rows.length === 0) return `libcni ${libcni} accepts up to ${row.current}; no row covers ${release.tag}: add rows`;
  const wrong = rows.filter((r) => newest(r.supportedVersions) !== row.current);
  return wrong.length === 0
    ? `libcni ${libcni} accepts up to ${row.current}, as the ${rows.length} rows covering it say: covered`
    : `libcni ${libcni} accepts up to ${row.current}, but ${wrong.map((r) => `${r.type} ${r.releases} says ${newest(r.supportedVersions)}`).join(', ')}: add rows`;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const projects = reviewed.projects.filter((p) => options.only.length === 0 || options.only.includes(p.alias));
  const scratch = mkdtempSync(join(tmpdir(), 'cni-migrate-refresh-'));
  let behind = 0;
  let unreadable = 0;
  try {
    git(['init', '--quiet', '--bare'], { cwd: scratch });
    for (const project of projects) {
      const source = sourceOf(project, options.from);
      const last = releaseOf(project.newestReviewed.slice((project.tagPrefix ?? '').length));
      let tags;
      try {
        tags = releaseTags(source, project.tagPrefix);
      } catch (e) {
        unreadable++;
        console.log(`${project.alias} (${project.repository}): cannot list tags of ${source}: ${String(e.stderr ?? e.message).trim().split('\n')[0]}`);
        continue;
      }
      // Tags the project made that are not releases (a mistyped tag, a Go module retraction), each with why.
      const newer = tags.filter((t) => compareReleases(t, last) > 0 && !(t.tag in (project.notReleases ?? {}))).sort(compareReleases);
      if (newer.length === 0) {
        console.log(`${project.alias} (${project.repository}): up to date, newest release ${project.newestReviewed}`);
        continue;
      }
      behind++;
      console.log(`${project.alias} (${project.repository}): ${newer.length} release${newer.length > 1 ? 's' : ''} newer than ${project.newestReviewed}`);
      for (const release of newer) {
        let libcni = null;
        if (project.kind !== 'review') {
          try {
            libcni = libcniAt(source, release.tag, scratch);
          } catch (e) {
            unreadable++;
            console.log(`  ${release.tag}: cannot fetch: ${String(e.stderr ?? e.message).trim().split('\n')[0]}`);
            continue;
          }
        }
        console.log(`  ${release.tag}: ${verdict(project, release, libcni)}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`${projects.length} projects, ${behind} with releases newer than the data has reviewed${unreadable ? `, ${unreadable} not read` : ''}`);
  if (unreadable > 0) process.exit(2);
  if (options.check && behind > 0) process.exit(1);
}

main();
