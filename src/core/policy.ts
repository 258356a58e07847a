/**
 * The version policy (docs/version-policy.md "How the target version is chosen"):
 * S = versions accepted by every plugin and by the runtime (by every runtime of a fleet: the
 * oldest bounds it).
 * - missing/empty cniVersion → insert max(S)
 * - present and in S → keep, unless --target-version asks for another member of S
 * - present but rejected by a plugin or the runtime → rewrite to max(S), naming who rejected it
 * - not a released spec version string → rewrite to max(S)
 * - S empty, or a plugin unknown → no edit; a diagnostic says which fact is missing
 * A plugin whose release is unknown contributes the versions every known release accepts; a
 * version only some releases accept is left alone with a warning rather than downgraded.
 */
import { diagnostic, type PendingDiagnostic, type UnconfirmedPlugin } from './diagnostics.js';
import { mergeAdjacentRanges } from './release-ranges.js';
import { compareVersions, describeVersions, intersect, isSpecVersion, newest, SPEC_VERSIONS, specVersionsUpTo } from './spec-versions.js';
import type { PluginSupport, ReleaseHint, RuntimeTarget, VersionDecision } from './types.js';
import { CALICO_FORK_ALIAS, CALICO_FORK_PROJECT } from '../knowledge/data/calico-fork.js';
import { REMOVED_PLUGINS } from '../knowledge/data/removed-plugins.js';
import { fleetOrder, runtimeLabel as labelOf, runtimesOf } from '../knowledge/runtime.js';

/** The `cniVersion` member as found: absent, a JSON string (possibly empty), or another JSON value. */
export type CurrentVersion =
  | { readonly kind: 'missing' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'other'; readonly raw: string }
  /** Filled in when a template is rendered (`"{{ .Values.cniVersion }}"`, `"${CNI_VERSION}"`): never edited. */
  | { readonly kind: 'templated'; readonly raw: string };

export interface PolicyInput {
  readonly current: CurrentVersion;
  readonly support: readonly PluginSupport[];
  /** The runtime that bounds the version: the oldest of a fleet. */
  readonly runtime: RuntimeTarget;
  /** Every runtime the file must work on, oldest first (a fleet mid-upgrade); absent means `[runtime]`. */
  readonly runtimes?: readonly RuntimeTarget[] | undefined;
  readonly targetVersion?: string | undefined;
  /**
   * Whether the runtime reads what the network's plugins return. `always` (the default): the
   * runtime executes it. `as-default-network`: Multus executes it (a NetworkAttachmentDefinition)
   * and hands its result to the runtime only when a pod takes it as its default network, so a
   * version the plugins and Multus accept but a runtime cannot read is kept, with a warning
   * (ATTACHMENT_NEWER_THAN_RUNTIME), not rewritten: as an additional network it works.
   * Reference: github:k8snetworkplumbingwg/multus-cni@v4.3.0(db307415) pkg/multus/multus.go:856-859
   * ("Master plugin result is always used if present"), cmd/multus/main.go:49-53 (result.Print(), unconverted).
   */
  readonly resultToRuntime?: 'always' | 'as-default-network';
}

export interface PolicyResult {
  readonly decision: VersionDecision;
  readonly supportedByAll: readonly string[];
  /** Versions every plugin accepts (certainly), whatever the runtimes execute. */
  readonly supportedByPlugins: readonly string[];
  /** Versions every plugin may accept (some release of each accepts them): the others are rejected for certain. */
  readonly possibleByPlugins: readonly string[];
  /** Versions a value is kept at without a warning: every release of each plugin from its warning floor on accepts them. */
  readonly settledByPlugins: readonly string[];
  /** Diagnostics about the version; the planner attaches positions. */
  readonly diagnostics: PendingDiagnostic[];
}

export function decideVersion(input: PolicyInput): PolicyResult {
  const { current, support } = input;
  const fleet = fleetOrder(runtimesOf(input));
  // The oldest runtime bounds what every runtime accepts; messages name them all.
  const runtime = fleet[0]!;
  const runtimeLabel = fleet.map(labelOf).join(', ');
  const known = support.filter((s) => s.status !== 'unknown');
  const unknown = support.filter((s) => s.status === 'unknown');
  // What every known plugin accepts, a plugin of unknown release counting as `ofUnknown` says.
  const acceptedByAll = (ofUnknown: (s: ReleaseUnknown) => readonly string[]): readonly string[] =>
    known.reduce<readonly string[]>((acc, s) => intersect(acc, s.status === 'release-unknown' ? ofUnknown(s) : certainVersions(s)), SPEC_VERSIONS);
  const byPlugins = acceptedByAll((s) => s.certain);
  const possibleByPlugins = acceptedByAll((s) => s.possible);
  const settledByPlugins = acceptedByAll((s) => s.settled ?? s.certain);
  const S = intersect(byPlugins, specVersionsUpTo(runtime.maxConfigVersion));
  const diagnostics: PendingDiagnostic[] = unknown.map((s) => diagnostic('PLUGIN_UNKNOWN', s.templated ? { type: s.type, templated: true } : { type: s.type }));
  const best = unknown.length > 0 ? null : newest(S);
  const chain = describeChain(known, runtimeLabel);
  const hint = releaseHint(known, S, runtime);
  // A version the runtimes are judged against: those that read the network's result.
  const asDefaultOnly = input.resultToRuntime === 'as-default-network';
  const judged = asDefaultOnly ? [] : fleet;
  const result = (decision: VersionDecision): PolicyResult => {
    if (asDefaultOnly && (decision.action === 'keep' || decision.action === 'none')) noteResultTooNew();
    return resultOf(decision);
  };
  const resultOf = (decision: VersionDecision): PolicyResult => ({
    decision: hint ? { ...decision, releaseHint: hint } : decision,
    supportedByAll: S,
    supportedByPlugins: byPlugins,
    possibleByPlugins,
    settledByPlugins,
    diagnostics,
  });
  const cannotDecide = (): PolicyResult => {
    if (unknown.length === 0 && S.length === 0) {
      // Releases not stated: the data's releases share none, but the ones on the node may.
      const unsure = known.filter((s) => s.status === 'release-unknown');
      const someShare = unsure.length > 0 && intersect(possibleByPlugins, specVersionsUpTo(runtime.maxConfigVersion)).length > 0;
      diagnostics.push(diagnostic('CNI_VERSION_NO_COMMON', { plugins: support.map((s) => s.type), ...(someShare ? { releases: [...new Set(unsure.map(releaseFlagName))] } : {}) }));
      return result({ action: 'none', reason: `no version is accepted by ${chain}` });
    }
    const templated = unknown.filter((s) => s.templated).map((s) => s.type);
    const missing = unknown.filter((s) => !s.templated).map((s) => s.type);
    return result({
      action: 'none',
      reason: `cannot choose a version: ${[
        ...(missing.length ? [`nothing is known about ${missing.join(', ')}`] : []),
        ...(templated.length ? [`the template decides which plugin ${templated.join(', ')} is`] : []),
      ].join('; ')}`,
    });
  };
  const currentValue = current.kind === 'string' ? current.value : null;
  const from = current.kind === 'missing' ? null : current.kind === 'string' ? current.value : current.raw;

  if (current.kind === 'templated') {
    // The template's parameter decides; say what it must render to, and change nothing. What it
    // may render to is what a literal value is kept at without a warning (the warning floors
    // included: release lines long superseded do not narrow it), the newest certain one advised.
    const target = input.targetVersion;
    const settled = intersect(settledByPlugins, specVersionsUpTo(runtime.maxConfigVersion));
    const targetAccepted = target !== undefined && unknown.length === 0 && settled.includes(target);
    const render = unknown.length > 0 ? null : targetAccepted ? target : best;
    diagnostics.push(
      diagnostic('CNI_VERSION_TEMPLATED', {
        template: current.raw,
        accepted: unknown.length > 0 ? null : settled,
        render,
        targetRefused: target !== undefined && !targetAccepted && unknown.length === 0 ? target : null,
      }),
    );
    return result({
      action: 'none',
      reason: render === null ? `the version is templated (${current.raw}) and ${unknown.length ? `nothing is known about ${unknown.map((s) => s.type).join(', ')}` : `no version is accepted by ${chain}`}` : `the version is templated (${current.raw}): it must render as ${render}, accepted by ${chain}`,
    });
  }

  // Who certainly rejects the version written now (a released one): then it is broken whatever is asked.
  const currentRejecters = currentValue !== null && isSpecVersion(currentValue) ? rejecters(currentValue, known, judged, 'possible') : null;
  const currentRejected = currentRejecters !== null && rejectsIt(currentRejecters);

  // Asking for the version already written asks for no change: a version only some releases
  // accept is then judged as without a target (kept, with a warning), not refused as a target.
  if (input.targetVersion !== undefined && !(input.targetVersion === currentValue && !currentRejected && !S.includes(currentValue))) {
    const target = input.targetVersion;
    if (unknown.length > 0) {
      // No version can be chosen, but what is wrong with the one written is said as without a
      // target; and, unless the file has it already, that the target asked for is not written
      // (never a migration missed in silence).
      if (target !== currentValue) {
        const templated = unknown.filter((s) => s.templated).map((s) => s.type);
        diagnostics.push(
          diagnostic('TARGET_VERSION_UNSUPPORTED', { target, plugins: [], runtime: null, supportedByAll: [], unknown: unknown.map((s) => s.type), ...(templated.length ? { templated } : {}) }),
        );
      }
      noteCurrentProblems(null);
      return cannotDecide();
    }
    if (!S.includes(target)) {
      // Plugins some of whose releases accept the target are not said to reject it: named apart,
      // with those releases and how to state theirs.
      const unsure = known.filter((s): s is ReleaseUnknown => s.status === 'release-unknown' && !s.certain.includes(target) && s.possible.includes(target));
      const refused = rejecters(
        target,
        known.filter((s) => !unsure.includes(s as ReleaseUnknown)),
        fleet,
        'certain',
      );
      diagnostics.push(
        diagnostic('TARGET_VERSION_UNSUPPORTED', {
          target,
          ...refused,
          supportedByAll: S,
          ...(unsure.length ? { unconfirmed: unsure.map((s) => unconfirmedPlugin(s, target)) } : {}),
        }),
      );
      const broken = current.kind !== 'string' || currentValue === '' || !isSpecVersion(currentValue ?? '') || currentRejected;
      if (broken && best !== null) {
        // A missing, invalid or rejected version is worse than a version other than the one asked
        // for (a missing one breaks pod teardown on containerd 1.6.0–1.6.3, a rejected one pod
        // setup): use the best accepted one.
        noteCurrentProblems(best);
        if (currentRejected) noteDowngrade(currentValue!, best);
        return result({
          action: current.kind === 'missing' ? 'insert' : 'rewrite',
          from,
          version: best,
          reason: `the requested target version ${target} is not accepted; ${best} is the newest version accepted by ${chain}`,
        });
      }
      noteCurrentProblems(null);
      return result({ action: 'none', reason: `the requested target version ${target} is not accepted by ${chain}` });
    }
    if (currentValue === target) return result({ action: 'keep', version: target, reason: 'already the requested version' });
    noteCurrentProblems(target);
    if (currentValue !== null && isSpecVersion(currentValue)) noteDowngrade(currentValue, target);
    return result({
      action: current.kind === 'missing' ? 'insert' : 'rewrite',
      from,
      version: target,
      reason: `the requested target version; accepted by ${chain}`,
    });
  }

  if (current.kind === 'missing' || currentValue === '') {
    diagnostics.push(diagnostic('CNI_VERSION_MISSING', { inserted: best }));
    if (best === null) return cannotDecide();
    return result({
      action: current.kind === 'missing' ? 'insert' : 'rewrite',
      from,
      version: best,
      reason: `newest version accepted by ${chain}`,
    });
  }

  if (currentValue === null || !isSpecVersion(currentValue)) {
    diagnostics.push(diagnostic('CNI_VERSION_INVALID', { value: from ?? '', replacement: best }));
    if (best === null) return cannotDecide();
    return result({ action: 'rewrite', from, version: best, reason: `newest version accepted by ${chain}` });
  }

  if (S.includes(currentValue)) {
    return result({
      action: 'keep',
      version: currentValue,
      reason:
        unknown.length === 0
          ? `accepted by ${chain}`
          : known.length > 0
            ? `accepted by ${chain}; ${unknown.map((s) => s.type).join(', ')} not known here, so not checked`
            : `kept as written: ${unknown.map((s) => s.type).join(', ')} not known here, so checked against ${runtimeLabel} only`,
    });
  }

  const hard = rejecters(currentValue, known, judged, 'possible');
  if (!rejectsIt(hard)) {
    // Only plugins of unknown release might reject it: say so, but never downgrade on a guess.
    // Releases before a warning floor (long superseded) do not make a warning on their own.
    const unsure = unconfirmedPlugins(known, currentValue);
    if (unsure.length > 0) diagnostics.push(diagnostic('CNI_VERSION_UNCONFIRMED', { version: currentValue, plugins: unsure }));
    if (unknown.length > 0) return cannotDecide();
    return result({
      action: 'keep',
      version: currentValue,
      reason: `accepted by ${chain} in some releases only; state the plugin release to confirm`,
    });
  }
  diagnostics.push(diagnostic('CNI_VERSION_UNSUPPORTED', { version: currentValue, replacement: best, ...hard }));
  if (best === null) return cannotDecide();
  noteDowngrade(currentValue, best);
  return result({
    action: 'rewrite',
    from,
    version: best,
    reason: `${currentValue} is rejected by ${rejecterNames(hard, currentValue, judged).join(', ')}; ${best} is the newest version accepted by ${chain}`,
  });

  /**
   * libcni converts a live pod's cached result to the config's version on DEL and CHECK, and has
   * no converter from 1.1.0 down to 1.0.0 (cni-compat.md §1, "Cached results").
   */
  function noteDowngrade(from: string, to: string): void {
    if (compareVersions(from, '1.1.0') >= 0 && compareVersions(to, from) < 0) {
      diagnostics.push(diagnostic('VERSION_DOWNGRADE_LIVE', { from, to }));
    }
  }

  /** A version kept that a runtime could not read as a default network's result. */
  function noteResultTooNew(): void {
    if (currentValue === null || !isSpecVersion(currentValue)) return;
    const tooOld = fleet.filter((r) => tooNewFor(currentValue, r));
    if (tooOld.length === 0) return;
    diagnostics.push(diagnostic('ATTACHMENT_NEWER_THAN_RUNTIME', { version: currentValue, runtime: tooOld.map((r) => `${labelOf(r)} (libcni ${r.libcni} executes up to ${r.maxConfigVersion})`).join(', ') }));
  }

  /** `written`: the version the plan actually writes in place of a missing, invalid or rejected one (null: none). */
  function noteCurrentProblems(written: string | null): void {
    if (current.kind === 'missing' || currentValue === '') {
      diagnostics.push(diagnostic('CNI_VERSION_MISSING', { inserted: written }));
    } else if (currentValue === null || !isSpecVersion(currentValue)) {
      diagnostics.push(diagnostic('CNI_VERSION_INVALID', { value: from ?? '', replacement: written }));
    } else if (currentRejected) {
      diagnostics.push(diagnostic('CNI_VERSION_UNSUPPORTED', { version: currentValue, replacement: written, ...currentRejecters! }));
    }
  }
}

function certainVersions(s: PluginSupport): readonly string[] {
  switch (s.status) {
    case 'exact':
      return s.versions;
    case 'release-unknown':
      return s.certain;
    case 'unknown':
      return [];
  }
}

/**
 * Who rejects `version`: plugins whose exact list lacks it, plugins whose `certain` (or, with
 * 'possible', whose every known release) lacks it, and the runtime when it is too new for its libcni.
 */
function rejecters(
  version: string,
  known: readonly PluginSupport[],
  runtimes: readonly RuntimeTarget[],
  strictness: 'certain' | 'possible',
): Rejecters {
  // Plugins that reject it, grouped by what they accept instead: "bridge, portmap (accept 0.1.0–0.3.1)".
  // What runs the config (Multus) is said as a runtime is: by the newest version it executes.
  const groups = new Map<string, string[]>();
  const executors: string[] = [];
  const add = (s: PluginSupport, why: string): void => void groups.set(why, [...(groups.get(why) ?? []), s.type]);
  for (const s of known) {
    if (s.status === 'exact' && !s.versions.includes(version)) {
      if (s.executor) executors.push(`${s.type} (executes up to ${newest(s.versions)})`);
      else add(s, `accept ${describeVersions(s.versions)}`);
    }
    if (s.status === 'release-unknown') {
      const list = strictness === 'certain' ? s.certain : s.possible;
      if (list.includes(version)) continue;
      if (s.executor) {
        executors.push(
          strictness === 'certain'
            ? `${s.type} (every known release executes up to ${newest(s.certain)})`
            : `${s.type} (no known release executes it; releases execute up to ${newest(s.possible)})`,
        );
      } else {
        add(s, strictness === 'certain' ? `every known release accepts ${describeVersions(s.certain)}` : `no known release accepts it; releases accept ${describeVersions(s.possible)}`);
      }
    }
  }
  const plugins = [...groups].map(([why, types]) => `${types.join(', ')} (${why})`);
  const tooOld = runtimes.filter((r) => tooNewFor(version, r));
  return {
    plugins,
    runtime: tooOld.length ? tooOld.map((r) => `${labelOf(r)} (libcni ${r.libcni} executes up to ${r.maxConfigVersion})`).join(', ') : null,
    ...(executors.length ? { executor: executors.join(', ') } : {}),
  };
}

/** Who rejects a version: plugins of the chain, runtimes, and what runs the config instead of a runtime (Multus). */
interface Rejecters {
  readonly plugins: readonly string[];
  readonly runtime: string | null;
  readonly executor?: string;
}

function rejectsIt(r: Rejecters): boolean {
  return r.plugins.length > 0 || r.runtime !== null || r.executor !== undefined;
}

/** The names of who rejects it, for a sentence: "bridge, multus, containerd 1.6.4". */
function rejecterNames(r: Rejecters, version: string, fleet: readonly RuntimeTarget[]): string[] {
  const names = (list: readonly string[]): string[] => list.map((p) => p.split(' (')[0]!);
  return [...names(r.plugins), ...names(r.executor ? [r.executor] : []), ...fleet.filter((f) => tooNewFor(version, f)).map(labelOf)];
}

/** The runtime's libcni cannot execute `version`. */
function tooNewFor(version: string, runtime: RuntimeTarget): boolean {
  return !specVersionsUpTo(runtime.maxConfigVersion).includes(version);
}

type ReleaseUnknown = Extract<PluginSupport, { status: 'release-unknown' }>;

/** The plugins of unknown release that may reject `version` (not every release from the warning floor on accepts it), as the findings name them. */
export function unconfirmedPlugins(support: readonly PluginSupport[], version: string): UnconfirmedPlugin[] {
  return support.filter((s): s is ReleaseUnknown => s.status === 'release-unknown' && !(s.settled ?? s.certain).includes(version)).map((s) => unconfirmedPlugin(s, version));
}

/** A plugin only some of whose releases accept `version`, as the findings name it: its projects and those releases. */
function unconfirmedPlugin(s: ReleaseUnknown, version: string): UnconfirmedPlugin {
  return {
    type: s.type,
    projects: [...new Set(s.rows.map((r) => r.project))],
    acceptedFrom: acceptedFrom(s, version),
    ...(s.calicoInstalls ? { calicoInstalls: s.calicoInstalls } : {}),
  };
}

function acceptedFrom(s: ReleaseUnknown, version: string): { project: string; releases: string }[] {
  const byProject = new Map<string, string[]>();
  for (const r of s.rows.filter((row) => row.versions.includes(version))) {
    byProject.set(r.project, [...(byProject.get(r.project) ?? []), r.releases ?? '(release not verified)']);
  }
  return [...byProject].flatMap(([project, ranges]) => mergeAdjacentRanges(ranges).map((releases) => ({ project, releases })));
}

/**
 * A hint when plugins of unknown release hold the choice below what the runtime and the other
 * plugins would allow: stating their release may allow a newer version.
 */
function releaseHint(known: readonly PluginSupport[], S: readonly string[], runtime: RuntimeTarget): ReleaseHint | null {
  const best = newest(S);
  const limiting = known.filter(
    (s) =>
      s.status === 'release-unknown' &&
      s.possible.some((v) => (best === null || compareVersions(v, best) > 0) && compareVersions(v, runtime.maxConfigVersion) <= 0),
  );
  if (limiting.length === 0) return null;
  return { plugins: limiting.map((s) => s.type), names: [...new Set(limiting.map(releaseFlagName))] };
}

function describeChain(known: readonly PluginSupport[], runtimeLabel: string): string {
  const types = [...new Set(known.map((s) => s.type))];
  return types.length === 0 ? runtimeLabel : `${types.join(', ')} and ${runtimeLabel}`;
}

/** The name to state a plugin's release under: its project when only one ships it, else the type. */
function releaseFlagName(s: PluginSupport): string {
  if (s.status !== 'release-unknown') return s.type;
  // Calico's fork is stated by the calico/cni image of the manifest that installs it; what a
  // reader states by hand for these plugins is the upstream release.
  const projects = new Set(s.rows.map((r) => r.project).filter((p) => p !== CALICO_FORK_ALIAS && p !== CALICO_FORK_PROJECT));
  // A plugin that moved (flannel left cni-plugins for flannel-cni-plugin): the project that ships it now.
  const left = REMOVED_PLUGINS.filter((r) => r.type === s.type).map((r) => r.project);
  const current = [...projects].filter((p) => !left.includes(p));
  return projects.size === 1 ? [...projects][0]! : current.length === 1 ? current[0]! : s.type;
}
