#!/usr/bin/env node
/**
 * The benchmark (docs/benchmarks.md): `npm run bench` (builds first), or `node scripts/bench/run.mjs`
 * against an existing build. Prints its figures, each a ratio of two things measured in the
 * same run (medians of interleaved runs), against the targets; reports misses, never asserts
 * them. Exits non-zero only when something crashed. See docs/benchmarks.md and --help.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CORPUS, REPO_ROOT, generateRepo } from './generate-repo.mjs';
import { CrashError, cpuOf, formatMB, formatMs, formatStats, interleave, msOf, rssOf, runNode, stats } from './measure.mjs';

const HELP = `usage: npm run bench [-- OPTIONS]     (or: node scripts/bench/run.mjs [OPTIONS] after npm run build)

Generates a synthetic config repository, measures cni-migrate against baselines taken in the
same run, and prints the figures with their ratios and targets.

options (each also as an environment variable, shown in brackets):
  --files N            files in the main synthetic repo (default 20000) [BENCH_FILES]
  --small-files N      files in the second repo: peak-RSS growth, prettier (default 2000); prettier also
                       runs on a repo a quarter that size, to estimate it at --files [BENCH_SMALL_FILES]
  --runs K             runs of each small case, figures 2 and 3 (default 5) [BENCH_RUNS]
  --repo-runs K        runs of each repo-scale case, figures 1, 4 and 5 (default 3) [BENCH_REPO_RUNS]
  --seed S             generator seed (default 8) [BENCH_SEED]
  --deployments-files N  files in the Deployment-heavy repo, figure 6 (default: --files) [BENCH_DEPLOYMENTS_FILES]
  --skip-deployments   leave out figure 6 [BENCH_SKIP_DEPLOYMENTS=1]
  --charts-files N     files in the chart repository with a monitoring stack, figure 8 (default: --files) [BENCH_CHARTS_FILES]
  --skip-charts        leave out figure 8 [BENCH_SKIP_CHARTS=1]
  --linearity          also figure 7: check and the plain floor at each --linearity-sizes, each size
                       copies of one Deployment-heavy block (slow: the largest repo takes minutes) [BENCH_LINEARITY=1]
  --linearity-sizes L  comma-separated sizes for figure 7, multiples of the smallest (default
                       2000,20000,200000) [BENCH_LINEARITY_SIZES]
  --corpus DIR         the CNI corpus (default fixtures/upstream) [BENCH_CORPUS]
  --out DIR            write the repos under DIR and keep them (default: a temp dir) [BENCH_OUT]
  --keep               keep the temp dir and print where it is [BENCH_KEEP=1]
  --skip-prettier      leave out figure 5 [BENCH_SKIP_PRETTIER=1]
  --prettier-full      figure 5 on the main repo instead of the --small-files one (slow) [BENCH_PRETTIER_FULL=1]
  --json FILE          also write all results as JSON [BENCH_JSON]
  -h, --help           this text

Targets are reported, not asserted: the exit code is 0 unless a measured process crashed (1),
or the options or the setup (no build, no corpus) are wrong (2).
`;

/** A problem with the options or the setup (no build, no corpus): a message, not a stack. */
class SetupError extends Error {}

const TARGETS = { repo: 1.5, startup: 1.3, parse: 0.5, rssBytes: 120e6, rssGrowth: 1.2, prettier: 0.1, rssVsFloor: 1.1, perFileDrift: 1.2 };
const BUDGET_MS = 5 * 60 * 1000;

function parseOptions(argv, env) {
  const o = {
    files: Number(env.BENCH_FILES ?? 20000),
    smallFiles: Number(env.BENCH_SMALL_FILES ?? 2000),
    runs: Number(env.BENCH_RUNS ?? 5),
    repoRuns: Number(env.BENCH_REPO_RUNS ?? 3),
    seed: Number(env.BENCH_SEED ?? 8),
    deploymentsFiles: env.BENCH_DEPLOYMENTS_FILES ? Number(env.BENCH_DEPLOYMENTS_FILES) : null,
    skipDeployments: env.BENCH_SKIP_DEPLOYMENTS === '1',
    chartsFiles: env.BENCH_CHARTS_FILES ? Number(env.BENCH_CHARTS_FILES) : null,
    skipCharts: env.BENCH_SKIP_CHARTS === '1',
    linearity: env.BENCH_LINEARITY === '1',
    linearitySizes: (env.BENCH_LINEARITY_SIZES ?? '2000,20000,200000').split(',').map(Number),
    corpus: env.BENCH_CORPUS ? resolve(env.BENCH_CORPUS) : DEFAULT_CORPUS,
    out: env.BENCH_OUT ? resolve(env.BENCH_OUT) : null,
    keep: env.BENCH_KEEP === '1',
    skipPrettier: env.BENCH_SKIP_PRETTIER === '1',
    prettierFull: env.BENCH_PRETTIER_FULL === '1',
    json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new SetupError(`${a} needs a value`);
      return argv[++i];
    };
    const int = (min) => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < min) throw new SetupError(`${a} takes an integer >= ${min}`);
      return v;
    };
    if (a === '--files') o.files = int(100);
    else if (a === '--small-files') o.smallFiles = int(100);
    else if (a === '--runs') o.runs = int(1);
    else if (a === '--repo-runs') o.repoRuns = int(1);
    else if (a === '--seed') o.seed = int(0);
    else if (a === '--deployments-files') o.deploymentsFiles = int(100);
    else if (a === '--skip-deployments') o.skipDeployments = true;
    else if (a === '--charts-files') o.chartsFiles = int(100);
    else if (a === '--skip-charts') o.skipCharts = true;
    else if (a === '--linearity') o.linearity = true;
    else if (a === '--linearity-sizes') o.linearitySizes = value().split(',').map(Number);
    else if (a === '--corpus') o.corpus = resolve(value());
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--keep') o.keep = true;
    else if (a === '--skip-prettier') o.skipPrettier = true;
    else if (a === '--prettier-full') o.prettierFull = true;
    else if (a === '--json') o.json = resolve(value());
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new SetupError(`unknown option ${a} (see --help)`);
  }
  if (o.linearitySizes.some((n) => !Number.isInteger(n) || n < 100)) throw new SetupError('--linearity-sizes takes integers >= 100, comma-separated');
  if (o.linearitySizes.some((n) => n % Math.min(...o.linearitySizes) !== 0)) throw new SetupError('--linearity-sizes must be multiples of the smallest (each size is copies of one block)');
  o.deploymentsFiles ??= o.files;
  o.chartsFiles ??= o.files;
  return o;
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const progress = (name, i, n) => process.stderr.write(`bench:   ${name} ${i}/${n}\n`);

/** Ratio row: what `value` is against `target` (both "lower is better"). */
function verdict(ratio, target, excess) {
  if (ratio === null) return { met: null, text: 'n/a' };
  if (ratio <= target) return { met: true, text: 'met' };
  return { met: false, text: `missed: ${(ratio / target).toFixed(1)}× over${excess ? `, ${excess} too much` : ''}` };
}

async function bench() {
  const started = process.hrtime.bigint();
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const bin = join(REPO_ROOT, 'bin/cni-migrate.js');
  const distIndex = join(REPO_ROOT, 'dist/index.js');
  if (!existsSync(join(REPO_ROOT, 'dist/bundle/cli.cjs')) || !existsSync(distIndex)) throw new SetupError('dist/ is missing: run `npm run build` (npm run bench does)');
  if (!existsSync(join(options.corpus, 'index.json'))) {
    throw new SetupError(`the CNI corpus is missing: ${options.corpus} has no index.json (pass --corpus DIR; the default is fixtures/upstream)`);
  }
  const { FORMATS } = await import(pathToFileURL(distIndex).href);
  // The walk the CLI does, to check the floor against; if the module moved, counts still are.
  const discoverFiles = await import(pathToFileURL(join(REPO_ROOT, 'dist/io/files.js')).href).then(
    (m) => m.discoverFiles,
    () => null,
  );
  // What a directory walk offers the formats: their patterns and template files (WALKED_PATTERNS).
  const walked = await import(pathToFileURL(join(REPO_ROOT, 'dist/formats/registry.js')).href).then(
    (m) => m.WALKED_PATTERNS,
    () => null,
  );
  const patterns = [...new Set(walked ?? FORMATS.flatMap((f) => f.patterns))];

  const base = options.out ?? mkdtempSync(join(tmpdir(), 'cni-bench-'));
  if (options.out) {
    mkdirSync(base, { recursive: true });
    for (const name of readdirSync(base)) if (/^repo-((deployments|charts)-)?\d+$/.test(name)) rmSync(join(base, name), { recursive: true, force: true });
  }
  const cleanup = () => {
    if (!options.out && !options.keep) rmSync(base, { recursive: true, force: true });
  };

  try {
    // ---- repositories ------------------------------------------------------------------
    const repos = {};
    // prettier's time is scaled to --files from two smaller repos (see figure 5).
    const scalePrettier = !options.skipPrettier && !options.prettierFull;
    const tinyFiles = Math.max(100, Math.round(options.smallFiles / 4));
    const sizes = [options.files, options.smallFiles, ...(scalePrettier && tinyFiles !== options.smallFiles ? [tinyFiles] : [])];
    for (const files of [...new Set(sizes)]) {
      const dir = join(base, `repo-${files}`);
      const t = process.hrtime.bigint();
      const generated = generateRepo({ out: dir, files, seed: options.seed, corpus: options.corpus });
      log(`generated ${files} files (${formatMB(generated.bytes)}) in ${dir} in ${formatMs(Number(process.hrtime.bigint() - t) / 1e6)}`);
      repos[files] = { dir, ...generated };
    }
    /** A repository of one of the generator's other mixes (figures 6, 7 and 8). */
    const mixRepo = (mix, files, what) => {
      const dir = join(base, `repo-${mix}-${files}`);
      const t = process.hrtime.bigint();
      const generated = generateRepo({ out: dir, files, seed: options.seed, corpus: options.corpus, mix });
      log(`generated ${what}, ${files} files (${formatMB(generated.bytes)}) in ${dir} in ${formatMs(Number(process.hrtime.bigint() - t) / 1e6)}`);
      return { dir, ...generated };
    };
    const deploymentRepo = (files) => mixRepo('deployments', files, 'the Deployment-heavy mix');
    const deployments = options.skipDeployments ? null : deploymentRepo(options.deploymentsFiles);
    const charts = options.skipCharts ? null : mixRepo('charts', options.chartsFiles, 'the chart repository with a monitoring stack');
    const main = repos[options.files];
    const small = repos[options.smallFiles];
    const tiny = scalePrettier && tinyFiles !== options.smallFiles ? repos[tinyFiles] : null;

    // ---- the floor lists what the CLI lists: check it, and warm the page cache ------------
    const checkRepo = (repo) => () => runNode([bin, 'check', '.'], { cwd: repo.dir, rss: true, ok: (c) => c <= 2, label: 'cni-migrate check .' });
    const floor = (repo, read) => () =>
      runNode([join(REPO_ROOT, 'scripts/bench/io-floor.mjs'), repo.dir, JSON.stringify(patterns), '--read', read], { cwd: repo.dir, rss: true, label: `io-floor --read ${read}` });
    // The plain read floor: readdirSync + readFileSync of .yaml/.yml/.json/.conf/.conflist, no glob, no .gitignore.
    const plainFloor = (repo) => () => runNode([join(REPO_ROOT, 'scripts/bench/plain-floor.mjs'), '.'], { cwd: repo.dir, rss: true, captureStdout: true, label: 'plain-floor' });
    const crossCheck = {};
    for (const repo of [main, small]) {
      const listFile = join(base, `floor-list-${repo.files}.txt`);
      const floorRun = await runNode([join(REPO_ROOT, 'scripts/bench/io-floor.mjs'), repo.dir, JSON.stringify(patterns), '--list', listFile], { cwd: repo.dir, captureStdout: true });
      const floorList = readFileSync(listFile, 'utf8').trim().split('\n');
      let cliList = floorList;
      if (discoverFiles) {
        cliList = [];
        for await (const f of discoverFiles(['.'], { cwd: repo.dir, patterns })) cliList.push(f.display);
      } else log('dist/io/files.js has no discoverFiles: comparing file counts only');
      const json = await runNode([bin, 'check', '--format', 'json', '.'], { cwd: repo.dir, captureStdout: true, ok: (c) => c <= 2, label: 'cni-migrate check --format json .' });
      const summary = JSON.parse(json.stdout).summary;
      const same = floorList.length === cliList.length && floorList.every((p, i) => p === cliList[i]);
      crossCheck[repo.files] = {
        floorFiles: floorList.length,
        discoverFiles: cliList.length,
        cliScanned: summary.filesScanned,
        cliCniFiles: summary.cniFiles,
        generatorExpected: repo.expectedScanned,
        floorBytes: JSON.parse(floorRun.stdout).bytes,
        identicalLists: same,
      };
      const agree = same && summary.filesScanned === floorList.length && repo.expectedScanned === floorList.length;
      log(`${repo.files} files: the floor lists ${floorList.length}, discoverFiles ${cliList.length} (${same ? 'identical' : 'DIFFERENT'}), check scanned ${summary.filesScanned} (${summary.cniFiles} CNI), generator expected ${repo.expectedScanned}`);
      if (!agree) log('WARNING: the I/O floor does not read exactly the files cni-migrate reads; figure 1 is not comparable');
      crossCheck[repo.files].agree = agree;
    }

    // The one small conflist of figure 2 (the pre-commit case).
    const conflist =
      main.cniCopies.find((c) => c.corpusFile === 'containerd/v2.1.0/10-containerd-net.conflist') ??
      main.cniCopies.filter((c) => c.kind === 'conflist').sort((a, b) => a.bytes - b.bytes)[0];
    // A user's first check of files keeps the CLI's code cache; every figure runs as later runs do.
    await runNode([bin, 'check', conflist.path], { cwd: main.dir, ok: (c) => c <= 2, label: 'seeding the code cache' });

    // ---- figure 1 (and 4 at --files): repo scan vs the I/O floor -------------------------
    log(`figure 1: check over ${main.files} files vs the I/O floor and the plain floor, ${options.repoRuns} runs each`);
    // The listings alone, without reading: the earlier one (fast-glob + ignore) and the walk of check.
    const listing = (repo) => () => runNode([join(REPO_ROOT, 'scripts/bench/io-floor.mjs'), repo.dir, JSON.stringify(patterns), '--read', 'none'], { cwd: repo.dir, label: 'io-floor --read none' });
    const walkOnly = (repo) => () => runNode([join(REPO_ROOT, 'scripts/bench/walk-only.mjs'), repo.dir, JSON.stringify(patterns)], { cwd: repo.dir, label: 'walk-only' });
    const f1 = await interleave(
      { check: checkRepo(main), floor: floor(main, 'sync'), plain: plainFloor(main), floorPromises: floor(main, 'promises'), listing: listing(main), walk: walkOnly(main) },
      options.repoRuns,
      progress,
    );
    const plainRead = JSON.parse(f1.plain[0].stdout);

    /**
     * `check` over a repository against the plain floor (and `more` tasks), interleaved: the
     * runs, what the plain floor read and check's summary (figures 6 and 8).
     */
    const scanAgainstPlainFloor = async (repo, what, more = {}) => {
      const json = await runNode([bin, 'check', '--format', 'json', '.'], { cwd: repo.dir, captureStdout: true, ok: (c) => c <= 2, label: 'cni-migrate check --format json .' });
      const summary = JSON.parse(json.stdout).summary;
      const runs = await interleave({ check: checkRepo(repo), plain: plainFloor(repo), ...more }, options.repoRuns, progress);
      runs.read = JSON.parse(runs.plain[0].stdout);
      runs.summary = summary;
      log(`${what}: check scanned ${summary.filesScanned} (${summary.cniFiles} CNI), the plain floor read ${runs.read.files}, the generator expected ${repo.expectedScanned}`);
      return runs;
    };

    // ---- figure 6: the Deployment-heavy mix vs both floors ------------------------------
    let f6 = null;
    if (deployments) {
      log(`figure 6: check over the Deployment-heavy mix (${deployments.files} files) vs the plain floor, ${options.repoRuns} runs each`);
      f6 = await scanAgainstPlainFloor(deployments, 'Deployment-heavy mix', { floor: floor(deployments, 'sync') });
      // The same repository as a git work tree, as users' repositories are: a walk there keeps
      // what git lists (git ls-files runs beside the walk). Committed, then the .git removed again.
      const gitHere = (args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: deployments.dir, stdio: 'ignore' });
      try {
        gitHere(['init', '-q']);
        gitHere(['add', '-A']);
        gitHere(['commit', '-qm', 'bench']);
        log(`figure 6g: the same repository as a git work tree, ${options.repoRuns} runs each`);
        await checkRepo(deployments)(); // warm
        f6.git = await interleave({ check: checkRepo(deployments), plain: plainFloor(deployments) }, options.repoRuns, progress);
      } catch (err) {
        if (err instanceof CrashError) throw err;
        log(`figure 6g left out: git could not make the repository a work tree (${err.message.split('\n')[0]})`);
      } finally {
        rmSync(join(deployments.dir, '.git'), { recursive: true, force: true });
      }
    }

    // ---- figure 8: a chart repository with a monitoring stack vs the plain floor ----------
    let f8 = null;
    if (charts) {
      log(`figure 8: check over the chart repository (${charts.files} files) vs the plain floor, ${options.repoRuns} runs each`);
      f8 = await scanAgainstPlainFloor(charts, 'chart repository');
    }

    // ---- figure 7 (opt-in): growth with size on the Deployment-heavy mix -----------------
    // Each size is copies of one block (the Deployment-heavy mix at the smallest size), so every
    // size holds the same files in the same proportions and only the count changes: a generated
    // repository of each size would hold a different share of CNI files (the corpus is copied
    // once whatever the size). The start-up a run pays whatever its size is measured too (`check`
    // of an empty directory), so the time per file is compared beyond it.
    const f7 = [];
    let f7Start = null;
    if (options.linearity) {
      const blockFiles = Math.min(...options.linearitySizes);
      const block = deploymentRepo(blockFiles);
      const empty = join(base, 'repo-empty');
      mkdirSync(empty, { recursive: true });
      for (const files of options.linearitySizes) {
        const copies = files / blockFiles;
        const dir = join(base, `repo-linearity-${files}`);
        for (let i = 0; i < copies; i++) cpSync(block.dir, join(dir, `copy-${i}`), { recursive: true });
        const repo = { dir, files, expectedScanned: block.expectedScanned * copies };
        log(`figure 7: ${files} files (${copies} ${copies === 1 ? 'copy' : 'copies'} of the ${blockFiles}-file block), ${options.repoRuns} runs each`);
        await checkRepo(repo)(); // warm
        const r = await interleave({ check: checkRepo(repo), plain: plainFloor(repo), start: checkRepo({ dir: empty }) }, options.repoRuns, progress);
        f7.push({ files, copies, scanned: repo.expectedScanned, ...r });
        f7Start = [...(f7Start ?? []), ...r.start];
        rmSync(dir, { recursive: true, force: true });
      }
      rmSync(block.dir, { recursive: true, force: true });
    }

    // ---- figures 4 and 5 on the small repo (prettier interleaved with check) --------------
    const prettierBin = realpathSync(join(REPO_ROOT, 'node_modules/.bin/prettier'));
    const prettierRepo = options.prettierFull ? main : small;
    const prettier = (repo) => () => runNode([prettierBin, '--check', '.'], { cwd: repo.dir, rss: true, ok: (c) => c <= 2, label: 'prettier --check .' });
    const smallTasks = { check: checkRepo(small) };
    if (!options.skipPrettier && prettierRepo === small) smallTasks.prettier = prettier(small);
    if (smallTasks.prettier && tiny) smallTasks.prettierTiny = prettier(tiny);
    log(`figure 4${smallTasks.prettier ? ' and 5' : ''}: ${small.files} files, ${options.repoRuns} runs each`);
    await checkRepo(small)(); // warm
    const f4 = await interleave(smallTasks, options.repoRuns, progress);
    let f5Full = null;
    if (!options.skipPrettier && prettierRepo === main) {
      log(`figure 5: prettier --check over ${main.files} files, ${options.repoRuns} runs`);
      f5Full = await interleave({ prettier: prettier(main) }, options.repoRuns, progress);
    }

    // ---- figure 2: one small conflist (the pre-commit case) vs node -e 0 ----------------
    // A ~60 ms process is at the mercy of any other job for a moment: four times the runs.
    const startRuns = options.runs * 4;
    log(`figure 2: check ${conflist.path} vs node -e 0, ${startRuns} runs each`);
    const checkOne = () => runNode([bin, 'check', conflist.path], { cwd: main.dir, ok: (c) => c <= 2, label: `cni-migrate check ${conflist.path}` });
    const nodeNothing = () => runNode(['-e', '0'], { cwd: main.dir, label: 'node -e 0' });
    const checkOneCold = () => runNode([bin, 'check', conflist.path], { cwd: main.dir, ok: (c) => c <= 2, env: { CNI_MIGRATE_CODE_CACHE: 'off' }, label: `cni-migrate check ${conflist.path} (no code cache)` });
    await checkOne();
    await nodeNothing();
    const f2 = await interleave({ check: checkOne, cold: checkOneCold, node: nodeNothing }, startRuns, progress);

    // ---- figure 3: the largest Calico manifest vs a full parseAllDocuments ---------------
    const largest = main.largestCni;
    log(`figure 3: check ${largest.path} (${formatMB(largest.bytes)}) vs parseAllDocuments, ${options.runs} runs each`);
    const checkLarge = () => runNode([bin, 'check', largest.path], { cwd: main.dir, ok: (c) => c <= 2, label: `cni-migrate check ${largest.path}` });
    const parseLarge = () => runNode([join(REPO_ROOT, 'scripts/bench/parse-yaml.mjs'), largest.path], { cwd: main.dir, label: 'parse-yaml.mjs' });
    await checkLarge();
    await parseLarge();
    const f3 = await interleave({ check: checkLarge, parse: parseLarge }, options.runs, progress);
    const iterations = Math.max(10, options.runs * 2);
    const inProc = JSON.parse(
      (await runNode([join(REPO_ROOT, 'scripts/bench/in-process.mjs'), pathToFileURL(distIndex).href, largest.path, String(iterations)], { cwd: main.dir, captureStdout: true, label: 'in-process.mjs' })).stdout,
    );

    // ---- figures ------------------------------------------------------------------------
    const rows = [];
    const add = (row) => rows.push(row);
    const ratioOf = (a, b) => (a.median === null || b.median === null || b.median === 0 ? null : a.median / b.median);
    /** A timed figure against its target: the ratio, and how much time over the target when it is missed. */
    const timeAgainst = (cni, baseline, target) => {
      const ratio = ratioOf(cni, baseline);
      const over = ratio === null ? 0 : cni.median - target * baseline.median;
      return { ratio, target, ...verdict(ratio, target, over > 0 ? formatMs(over) : null) };
    };

    {
      const cni = msOf(f1.check);
      const base1 = msOf(f1.floor);
      add({
        id: '1', name: `check over the repo (${main.expectedScanned} of ${main.files} files read)`, cni, baseline: base1, baselineName: 'I/O floor (list + readFileSync)',
        unit: 'ms', ...timeAgainst(cni, base1, TARGETS.repo), comparable: crossCheck[main.files].agree,
      });
      const plain = msOf(f1.plain);
      add({
        id: '1p', name: `check over the repo vs the plain read floor (${plainRead.files} files read by it)`, cni, baseline: plain, baselineName: 'plain floor (readdirSync + readFileSync)',
        unit: 'ms', ...timeAgainst(cni, plain, TARGETS.repo),
      });
      const cpu = cpuOf(f1.check);
      const plainCpu = cpuOf(f1.plain);
      add({ id: '1c', name: '  (info) the same in CPU time (user + system), which other jobs barely move', cni: cpu, baseline: plainCpu, baselineName: 'plain floor CPU', unit: 'ms', ratio: ratioOf(cpu, plainCpu), target: null, met: null, text: 'info' });
      const promises = msOf(f1.floorPromises);
      add({ id: '1i', name: '  (info) the floor reading with fs/promises readFile', cni, baseline: promises, baselineName: 'I/O floor (list + fs/promises)', unit: 'ms', ratio: ratioOf(cni, promises), target: null, met: null, text: 'info' });
      const walk = msOf(f1.walk);
      const list = msOf(f1.listing);
      add({ id: '1l', name: '  (info) the listing alone: the walk of check (discoverFiles, no reads) vs fast-glob + ignore', cni: walk, baseline: list, baselineName: 'fast-glob + ignore listing', unit: 'ms', ratio: ratioOf(walk, list), target: null, met: null, text: 'info' });
    }
    {
      const cni = msOf(f2.check);
      const b = msOf(f2.node);
      add({ id: '2', name: `check one small conflist (${conflist.bytes} B, pre-commit case)`, cni, baseline: b, baselineName: 'node -e 0', unit: 'ms', ...timeAgainst(cni, b, TARGETS.startup) });
      const cold = msOf(f2.cold);
      add({ id: '2n', name: '  (info) the same without the code cache (CNI_MIGRATE_CODE_CACHE=off: a first run)', cni: cold, baseline: b, baselineName: 'node -e 0', unit: 'ms', ratio: ratioOf(cold, b), target: null, met: null, text: 'info' });
    }
    {
      const cni = msOf(f3.check);
      const b = msOf(f3.parse);
      add({ id: '3a', name: `check the largest Calico manifest (${(largest.bytes / 1024).toFixed(0)} KiB), whole process`, cni, baseline: b, baselineName: 'node + yaml.parseAllDocuments', unit: 'ms', ...timeAgainst(cni, b, TARGETS.parse) });
      const pi = stats(inProc.plan);
      const pb = stats(inProc.parse);
      add({ id: '3b', name: `  the same in process (planFile, ${iterations} iterations after warm-up)`, cni: pi, baseline: pb, baselineName: 'yaml.parseAllDocuments', unit: 'ms', ...timeAgainst(pi, pb, TARGETS.parse) });
    }
    {
      const small4 = rssOf(f4.check);
      const main4 = rssOf(f1.check);
      const vsTarget = (s) => (s.median === null ? null : s.median / TARGETS.rssBytes);
      const fixed = { median: TARGETS.rssBytes, min: TARGETS.rssBytes, max: TARGETS.rssBytes, n: 1 };
      add({ id: '4a', name: `peak RSS of check at ${small.files} files`, cni: small4, baseline: fixed, baselineName: 'the 120 MB budget', unit: 'bytes', ratio: vsTarget(small4), target: 1, ...verdict(vsTarget(small4), 1, small4.median > TARGETS.rssBytes ? formatMB(small4.median - TARGETS.rssBytes) : null) });
      add({ id: '4b', name: `peak RSS of check at ${main.files} files`, cni: main4, baseline: fixed, baselineName: 'the 120 MB budget', unit: 'bytes', ratio: vsTarget(main4), target: 1, ...verdict(vsTarget(main4), 1, main4.median > TARGETS.rssBytes ? formatMB(main4.median - TARGETS.rssBytes) : null) });
      const growth = ratioOf(main4, small4);
      add({ id: '4c', name: `  growth from ${small.files} to ${main.files} files ("roughly flat")`, cni: main4, baseline: small4, baselineName: `peak RSS at ${small.files} files`, unit: 'bytes', ratio: growth, target: TARGETS.rssGrowth, ...verdict(growth, TARGETS.rssGrowth, null) });
      const floorRss = rssOf(f1.floor);
      add({ id: '4i', name: `  (info) peak RSS of the I/O floor at ${main.files} files`, cni: main4, baseline: floorRss, baselineName: 'I/O floor', unit: 'bytes', ratio: ratioOf(main4, floorRss), target: null, met: null, text: 'info' });
    }
    /** A scan against the plain floor: its time (the target row), its CPU time, and its peak RSS against the floor's (target or info). */
    const scanRows = (id, name, repo, runs) => {
      const cni = msOf(runs.check);
      const plain = msOf(runs.plain);
      add({
        id, name: `${name}: check over ${repo.files} files (${runs.summary.filesScanned} read, ${runs.summary.cniFiles} CNI)`, cni, baseline: plain, baselineName: 'plain floor (readdirSync + readFileSync)',
        unit: 'ms', ...timeAgainst(cni, plain, TARGETS.repo),
      });
      const cpu = cpuOf(runs.check);
      const plainCpu = cpuOf(runs.plain);
      add({ id: `${id}c`, name: '  (info) the same in CPU time (user + system)', cni: cpu, baseline: plainCpu, baselineName: 'plain floor CPU', unit: 'ms', ratio: ratioOf(cpu, plainCpu), target: null, met: null, text: 'info' });
      return cni;
    };
    const rssRow = (id, runs, target) => {
      const rss = rssOf(runs.check);
      const floorRss = rssOf(runs.plain);
      const rr = ratioOf(rss, floorRss);
      const judged = target === null ? { target: null, met: null, text: 'info' } : { target, ...verdict(rr, target, null) };
      add({ id, name: `  ${target === null ? '(info) ' : ''}peak RSS of check vs the plain floor's, same repo`, cni: rss, baseline: floorRss, baselineName: 'plain floor peak RSS', unit: 'bytes', ratio: rr, ...judged });
    };
    if (f6) {
      const cni = scanRows('6', 'Deployment-heavy mix', deployments, f6);
      const listing = msOf(f6.floor);
      add({ id: '6i', name: '  (info) against the I/O floor (the listing before the walk of its own: fast-glob + .gitignore)', cni, baseline: listing, baselineName: 'I/O floor (list + readFileSync)', unit: 'ms', ratio: ratioOf(cni, listing), target: null, met: null, text: 'info' });
      if (f6.git) {
        const inGit = msOf(f6.git.check);
        const plainThen = msOf(f6.git.plain);
        add({ id: '6g', name: '  (info) the same repository as a git work tree (committed): git lists what the walk keeps', cni: inGit, baseline: plainThen, baselineName: 'plain floor (readdirSync + readFileSync)', unit: 'ms', ratio: ratioOf(inGit, plainThen), target: null, met: null, text: 'info' });
      }
      rssRow('6m', f6, TARGETS.rssVsFloor);
    }
    if (f8) {
      scanRows('8', 'chart repository with a monitoring stack', charts, f8);
      rssRow('8m', f8, null);
    }
    if (f7.length) {
      // Time per file read beyond start-up, against the same at the middle size: within ±20% is linear.
      const start = msOf(f7Start).median;
      const perFile = (run, from = 0) => {
        const t = msOf(run.check);
        return { ...t, median: (t.median - from) / run.scanned, min: (t.min - from) / run.scanned, max: (t.max - from) / run.scanned };
      };
      const middle = f7[Math.floor((f7.length - 1) / 2)];
      const ref = perFile(middle, start);
      add({ id: '7s', name: '  (info) start-up: check of an empty directory', cni: msOf(f7Start), baseline: stats([]), baselineName: '', unit: 'ms', ratio: null, target: null, met: null, text: 'info' });
      for (const run of f7) {
        const pf = perFile(run, start);
        const drift = ref.median ? Math.max(pf.median / ref.median, ref.median / pf.median) : null;
        const label = `${run.files} files (${run.copies} × the ${f7[0].files}-file block, ${run.scanned} read)`;
        add({ id: `7t-${run.files}`, name: `time per file read beyond start-up at ${label}`, cni: pf, baseline: ref, baselineName: `per file at ${middle.files}`, unit: 'ms-per-file', ratio: drift, target: TARGETS.perFileDrift, ...verdict(drift, TARGETS.perFileDrift, null) });
        const raw = perFile(run);
        const rawRef = perFile(middle);
        add({ id: `7r-${run.files}`, name: '  (info) the same with start-up included', cni: raw, baseline: rawRef, baselineName: `per file at ${middle.files}`, unit: 'ms-per-file', ratio: rawRef.median ? raw.median / rawRef.median : null, target: null, met: null, text: 'info' });
        const rss = rssOf(run.check);
        const floorRss = rssOf(run.plain);
        const rr = ratioOf(rss, floorRss);
        add({ id: `7m-${run.files}`, name: `  peak RSS at ${run.files} files vs the plain floor's`, cni: rss, baseline: floorRss, baselineName: 'plain floor peak RSS', unit: 'bytes', ratio: rr, target: TARGETS.rssVsFloor, ...verdict(rr, TARGETS.rssVsFloor, null) });
      }
    }
    let prettierNote = null;
    if (!options.skipPrettier) {
      const onMain = prettierRepo === main;
      const cni = onMain ? msOf(f1.check) : msOf(f4.check);
      const p = onMain ? msOf(f5Full.prettier) : msOf(f4.prettier);
      add({
        id: '5', name: `check vs prettier --check, same ${prettierRepo.files}-file repo`, cni, baseline: p, baselineName: 'prettier --check .', unit: 'ms',
        ...timeAgainst(cni, p, TARGETS.prettier),
      });
      if (!onMain) {
        // A straight line through (files read, time) at the two smaller sizes: prettier has a
        // fixed cost (start-up, plugins) that plain proportional scaling would multiply too.
        const pt = f4.prettierTiny ? msOf(f4.prettierTiny) : null;
        const line = (yTiny, ySmall) => {
          if (!tiny || yTiny === null) return { fixed: 0, perFile: ySmall / small.expectedScanned };
          const perFile = (ySmall - yTiny) / (small.expectedScanned - tiny.expectedScanned);
          return perFile > 0 ? { fixed: ySmall - perFile * small.expectedScanned, perFile } : { fixed: 0, perFile: ySmall / small.expectedScanned };
        };
        const at = (fit) => fit.fixed + fit.perFile * main.expectedScanned;
        const fit = line(pt?.median ?? null, p.median);
        const lo = at(line(pt?.min ?? null, p.min));
        const hi = at(line(pt?.max ?? null, p.max));
        const estimate = { median: at(fit), min: Math.min(lo, hi), max: Math.max(lo, hi), n: p.n };
        const c = msOf(f1.check);
        const r = ratioOf(c, estimate);
        const tooSlow = estimate.median * options.repoRuns > BUDGET_MS / 3;
        const how = tiny
          ? `a straight line through its times on the ${tiny.files}- and ${small.files}-file repos (${formatMs(Math.max(0, fit.fixed))} fixed + ${fit.perFile.toFixed(2)} ms per file read)`
          : `scaled by files read from the ${small.files}-file repo`;
        prettierNote = `prettier at ${main.files} files is estimated, ~${formatMs(estimate.median)} a run: ${how}${tooSlow ? '; measuring it would not fit the 5-minute budget' : ''}. --prettier-full measures it there.`;
        if (pt) add({ id: '5i', name: `  (info) prettier --check on the ${tiny.files}-file repo`, cni: stats([]), baseline: pt, baselineName: 'prettier --check .', unit: 'ms', ratio: null, target: null, met: null, text: 'info, for the estimate' });
        add({ id: '5e', name: `  (estimate) check at ${main.files} files vs prettier scaled to ${main.files}`, cni: c, baseline: estimate, baselineName: 'prettier, estimated', unit: 'ms', ratio: r, target: TARGETS.prettier, ...verdict(r, TARGETS.prettier, null), estimate: true });
      }
    }

    // ---- output -------------------------------------------------------------------------
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    const machine = {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`,
      loadavg: loadavg().map((l) => l.toFixed(2)).join(' '),
    };
    printTable(rows, { machine, main, small, deployments, charts, options, crossCheck, elapsed, prettierNote });
    if (options.json) {
      const strip = (repo) => {
        if (!repo) return null;
        const { cniCopies: _c, ...r } = repo;
        return r;
      };
      writeFileSync(
        options.json,
        `${JSON.stringify({ machine, options: { ...options, corpus: undefined, out: undefined, json: undefined }, repos: { main: strip(main), small: strip(small), deployments: strip(deployments), charts: strip(charts) }, crossCheck, figures: rows, prettierNote, elapsedMs: elapsed }, null, 2)}\n`,
      );
      log(`results written to ${options.json}`);
    }
    if (elapsed > BUDGET_MS) log(`note: the run took ${formatMs(elapsed)}, over the 5-minute budget`);
  } finally {
    cleanup();
    if (options.keep && !options.out) log(`kept ${base}`);
  }
  return 0;
}

function printTable(rows, { machine, main, small, deployments, charts, options, crossCheck, elapsed, prettierNote }) {
  const micro = (ms) => (ms === null ? 'n/a' : `${(ms * 1000).toFixed(0)} µs`);
  const fmt = (row, s) => (row.unit === 'bytes' ? formatStats(s, formatMB) : row.unit === 'ms-per-file' ? formatStats(s, micro) : formatStats(s));
  const table = [['#', 'figure', 'cni-migrate', 'baseline', 'ratio', 'target', 'result']];
  for (const r of rows) {
    table.push([
      r.id,
      r.name,
      fmt(r, r.cni),
      `${r.baselineName}: ${fmt(r, r.baseline)}`,
      r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}×`,
      r.target === null ? '' : `≤ ${r.target}×`,
      r.text,
    ]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [];
  out.push('');
  out.push(`cni-migrate benchmark: node ${machine.node}, ${machine.platform}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load ${machine.loadavg}`);
  out.push(
    `repos: ${main.files} files (${formatMB(main.bytes)}; ${main.expectedScanned} read by check, ${main.byCategory.cni} CNI copies, ${main.byCategory.node_modules} in node_modules, ${main.byCategory.gitignored} git-ignored) and ${small.files} files (${small.expectedScanned} read); seed ${options.seed}`,
  );
  if (deployments) out.push(`Deployment-heavy mix (figure 6): ${deployments.files} files (${formatMB(deployments.bytes)}; ${deployments.expectedScanned} read by check, ${deployments.byCategory.cni} CNI copies)`);
  if (charts) out.push(`chart repository with a monitoring stack (figure 8): ${charts.files} files (${formatMB(charts.bytes)}; ${charts.expectedScanned} read by check, ${charts.byCategory.cni} CNI copies)`);
  out.push(`runs: medians (min–max) of ${options.repoRuns} interleaved runs at repo scale, ${options.runs} for single files (${options.runs * 4} for figure 2); page cache and the CLI's code cache (in the benchmark's own directory) warmed first`);
  out.push('');
  out.push(line(table[0]));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) out.push(line(row));
  out.push('');
  const cc = crossCheck[main.files];
  out.push(`the I/O floor read the same ${cc.floorFiles} files as check (${cc.identicalLists ? 'identical list to discoverFiles' : 'LISTS DIFFER'}; check scanned ${cc.cliScanned}, ${cc.cliCniFiles} of them CNI)`);
  if (prettierNote) out.push(prettierNote);
  const missed = rows.filter((r) => r.met === false);
  out.push(missed.length ? `targets missed: ${missed.map((r) => `${r.id} (${(r.ratio / r.target).toFixed(1)}× over${r.estimate ? ', estimated' : ''})`).join(', ')}; see docs/benchmarks.md` : 'all targets met');
  out.push(`total ${formatMs(elapsed)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

bench().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof SetupError) {
      process.stderr.write(`bench: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench: ${err instanceof CrashError ? `crashed: ${err.message}` : `error: ${err.stack ?? err}`}\n`);
    process.exitCode = 1;
  },
);
