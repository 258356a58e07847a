/**
 * cni-migrate's library API: the same pure functions the CLI uses. Text in, data out; no file
 * system and no processes, except `probePlugins`/`probePlugin` (src/io/probe.ts), which run
 * plugin binaries to learn what they accept.
 */
export { planFile, analyzeFile, mightBeClaimed, planAnalyzed, pluginTypesOf, resolveContext } from './core/plan.js';
export type { FilePlan, FileAnalysis, PlanOptions } from './core/plan.js';
export { applyEdits, lineColumnAt } from './core/edits.js';
export { decideVersion } from './core/policy.js';
export type { CurrentVersion, PolicyInput, PolicyResult } from './core/policy.js';
export { resolveRuntime, DEFAULT_RUNTIME, RuntimeSpecError } from './knowledge/runtime.js';
export { resolvePluginSupport, normalizeRelease, isValidPluginType } from './knowledge/plugin-support.js';
export type { PluginFacts, SupportFact } from './knowledge/plugin-support.js';
export { DIAGNOSTIC_CODES } from './core/diagnostics.js';
export type { Diagnostic, DiagnosticCode, DiagnosticArgs, DiagnosticPosition, PendingDiagnostic } from './core/diagnostics.js';
export { describeDiagnostic, formatDiagnostic, formatReleaseHint } from './render/messages.js';
export { ANSIBLE_VOCABULARY, CLI_VOCABULARY, PLAIN_VOCABULARY, type Vocabulary } from './core/vocabulary.js';
export { SPEC_VERSIONS, NEWEST_SPEC_VERSION, isSpecVersion, compareVersions } from './core/spec-versions.js';
export { FORMATS } from './formats/registry.js';
export { probePlugin, probePlugins, parseVersionReply, DEFAULT_PROBE_TIMEOUT_MS } from './io/probe.js';
export type { ProbeOptions, ProbeResult } from './io/probe.js';
export { unifiedDiff } from './render/diff.js';
export { explainText } from './explain/explain.js';
export type { ExplainMatch } from './explain/explain.js';
export { CATALOGUE } from './explain/catalogue.js';
export type { CatalogueEntry } from './explain/catalogue.js';
export { analyzeLoadOrder, isNetDPath, looksLikeConfDir, NODE_DIR_NAME } from './core/load-order.js';
export type { LoadEntry, LoadLink, LoadOrder } from './core/load-order.js';
export { validateMatrix, mergeMatrix, MatrixError } from './knowledge/matrix.js';
export { readConfig, PACKAGE_JSON_KEY } from './config/read-config.js';
export type { ConfigSource } from './config/read-config.js';
export { settingsForFile } from './config/settings-for-file.js';
export type { FileSettings } from './config/settings-for-file.js';
export { planOptionsFor } from './config/plan-options.js';
export { CONFIG_SCHEMA } from './config/schema.js';
export { ConfigError } from './config/types.js';
export type { ConfigOverride, ConfigSettings, ProjectConfig, RunWideSettings } from './config/types.js';
export type { MatrixReport } from './knowledge/matrix.js';
export { compat } from './knowledge/data/compat.js';
export { runNetwork } from './io/run-chain.js';
export type { ChainResult } from './io/run-chain.js';
export { generateContainerdBridge, GenerateError, CONTAINERD_BRIDGE_DEFAULTS } from './generate/containerd-bridge.js';
export type { GenerateOptions, GenerateResult, ContainerdBridgeConfig } from './generate/containerd-bridge.js';
export type { CompatData, PluginRow, RuntimeRow } from './knowledge/data/compat.js';
export type { FormatModule, PlanContext } from './formats/types.js';
export type {
  Edit,
  FileInput,
  LineColumn,
  NetworkPlan,
  PluginRef,
  PluginRole,
  PluginSupport,
  ReleaseHint,
  RuntimeTarget,
  Severity,
  SupportSource,
  VersionDecision,
} from './core/types.js';
