#!/usr/bin/env node
/**
 * Writes a synthetic config repository for the benchmark (docs/benchmarks.md): mostly ordinary Kubernetes
 * YAML (Deployments, Services, ConfigMaps, CRDs, kustomizations, Helm values, workflows), JSON
 * that is not CNI (package.json, tsconfig.json, JSON schemas, dashboards, `kubectl -o json`
 * dumps), files no format claims (Markdown, shell, Terraform), and a few percent CNI files of
 * every kind copied byte for byte from the corpus (conflists, .conf, Calico/Canal/Flannel/Multus/
 * kube-router/Antrea manifests, always including the largest Calico manifest).
 *
 * The tree also has a root `.gitignore` (with a negation), a nested `.gitignore`, ignored files
 * under both, and `node_modules/` folders (top level and nested) full of .json/.yaml files: all
 * of those must be skipped by a directory walk.
 *
 * `--mix deployments` writes a second mix instead, shaped like the repositories most users have:
 * Deployments with Services (every one with `image:`), ConfigMaps, package.json files and
 * Markdown, about 1% CNI files, no CRDs, node_modules or ignored files.
 *
 * `--mix charts` writes a third, shaped like a chart repository that ships a monitoring stack
 * (rancher/charts, kube-prometheus-stack): Helm templates full of directives, Grafana dashboards
 * of 40–140 KB as ConfigMap templates (every panel a `"type":` member, legends escaped for Helm)
 * and as JSON files, PrometheusRule templates, values files and chart metadata, about 1% CNI
 * files. Nothing in a dashboard is a CNI config, but everything in it looks like one to a byte
 * search: what costs there is deciding so.
 *
 * Deterministic: the same --files, --seed, --mix and corpus give the same bytes.
 *
 *   node scripts/bench/generate-repo.mjs --out DIR [--files N] [--seed S] [--corpus DIR] [--mix project|deployments|charts]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CORPUS = resolve(REPO_ROOT, 'fixtures/upstream');

/** Share of the N files per category and mix; the rest are ordinary Kubernetes YAML. */
const SHARES = {
  project: {
    cni: 0.03,
    nodeModules: 0.04,
    gitignored: 0.03,
    unclaimed: 0.08, // .md, .sh, Makefile: no format pattern matches them; .tf: read, no format claims it
    json: 0.12,
  },
  deployments: { cni: 0.01, nodeModules: 0, gitignored: 0, unclaimed: 0.1, json: 0.1 },
  charts: { cni: 0.01, nodeModules: 0, gitignored: 0, unclaimed: 0.1, json: 0.04 },
};
export const MIXES = Object.keys(SHARES);

/** Root .gitignore: directories, globs, and a negation that brings some files back. */
const ROOT_GITIGNORE = `# build output and local state
/build/
/tmp/
*.generated.yaml
!/crds/**/*.generated.yaml
*.local.json
.cache/
`;
/** clusters/.gitignore: scoped to clusters/. */
const NESTED_GITIGNORE = `secrets/
*.decrypted.yaml
`;

/** mulberry32: small, fast, deterministic. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'billing', 'cart', 'delta', 'edge', 'feed', 'gateway', 'hub', 'ingest', 'jobs', 'kafka', 'ledger', 'mail', 'notify',
  'orders', 'pay', 'queue', 'report', 'search', 'tenant', 'users', 'vault', 'web', 'xfer', 'yield', 'zone'];
const ENVS = ['dev', 'staging', 'prod-eu', 'prod-us', 'prod-ap'];
const TEAMS = ['core', 'data', 'edge', 'growth', 'infra', 'ml', 'platform', 'risk'];

function makeTools(rand) {
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const name = () => `${pick(WORDS)}-${pick(WORDS)}`;
  const version = () => `${int(0, 4)}.${int(0, 30)}.${int(0, 12)}`;
  return { int, pick, name, version };
}

// ---------------------------------------------------------------------------------------------
// Ordinary content
// ---------------------------------------------------------------------------------------------

function deployment(t, app, ns) {
  const env = Array.from({ length: t.int(2, 12) }, (_, i) => `            - name: ${app.toUpperCase().replace(/-/g, '_')}_SETTING_${i}\n              value: "${t.name()}"`).join('\n');
  const multus = t.int(0, 19) === 0 ? `\n      annotations:\n        k8s.v1.cni.cncf.io/networks: macvlan-conf` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${t.pick(TEAMS)}
spec:
  replicas: ${t.int(1, 6)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}${multus}
    spec:
      serviceAccountName: ${app}
      containers:
        - name: ${app}
          image: registry.example.com/${t.pick(TEAMS)}/${app}:v${t.version()}
          ports:
            - name: http
              containerPort: ${t.int(3000, 9000)}
          env:
${env}
          resources:
            requests:
              cpu: ${t.int(50, 500)}m
              memory: ${t.int(64, 1024)}Mi
            limits:
              memory: ${t.int(256, 2048)}Mi
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: /ready
              port: http
`;
}

function service(t, app, ns, lastApplied = false) {
  // `kubectl get -o yaml` keeps what `kubectl apply` last sent as JSON, `"type"` keys and all.
  const annotation = lastApplied
    ? `\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Service","metadata":{"name":"${app}","namespace":"${ns}"},"spec":{"ports":[{"name":"http","port":80,"targetPort":"http"}],"selector":{"app.kubernetes.io/name":"${app}"},"type":"ClusterIP"}}`
    : '';
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}${annotation}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function configMap(t, app, ns) {
  const lines = Array.from({ length: t.int(4, 30) }, (_, i) => `    ${t.pick(WORDS)}.${t.pick(WORDS)}.${i} = ${t.name()}`).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  LOG_LEVEL: ${t.pick(['debug', 'info', 'warn'])}
  application.properties: |
${lines}
`;
}

function kustomization(t, app, ns) {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${ns}
resources:
  - deployment.yaml
  - service.yaml
  - ../../../base/${app}
images:
  - name: registry.example.com/${t.pick(TEAMS)}/${app}
    newTag: v${t.version()}
commonLabels:
  env: ${t.pick(ENVS)}
`;
}

function rbac(t, app, ns) {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${app}
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: ["configmaps", "secrets"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${app}
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${app}
subjects:
  - kind: ServiceAccount
    name: ${app}
    namespace: ${ns}
`;
}

function ingress(t, app, ns) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [${app}.example.com]
      secretName: ${app}-tls
  rules:
    - host: ${app}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app}
                port:
                  name: http
`;
}

function schemaProps(t, depth, indent) {
  const pad = ' '.repeat(indent);
  const out = [];
  for (let i = 0, n = t.int(3, depth > 0 ? 9 : 14); i < n; i++) {
    const key = `${t.pick(WORDS)}${t.pick(WORDS).replace(/^./, (c) => c.toUpperCase())}${i}`;
    if (depth > 0 && t.int(0, 3) === 0) {
      out.push(`${pad}${key}:\n${pad}  description: ${t.name()} settings\n${pad}  type: object\n${pad}  properties:\n${schemaProps(t, depth - 1, indent + 4)}`);
    } else {
      const type = t.pick(['string', 'integer', 'boolean', 'string']);
      out.push(`${pad}${key}:\n${pad}  description: The ${t.name()} of the ${t.pick(WORDS)}.\n${pad}  type: ${type}`);
    }
  }
  return out.join('\n');
}

function crd(t, i) {
  const kind = `${t.pick(WORDS).replace(/^./, (c) => c.toUpperCase())}Policy${i}`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${t.pick(WORDS)}.example.com
spec:
  group: ${t.pick(WORDS)}.example.com
  names:
    kind: ${kind}
    plural: ${kind.toLowerCase()}s
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${schemaProps(t, 3, 16)}
`;
}

function helmValues(t, app) {
  return `replicaCount: ${t.int(1, 5)}
image:
  repository: registry.example.com/${t.pick(TEAMS)}/${app}
  tag: v${t.version()}
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: ${t.pick(['true', 'false'])}
  hosts:
    - host: ${app}.example.com
      paths: ["/"]
resources:
  requests:
    cpu: ${t.int(50, 500)}m
nodeSelector: {}
tolerations: []
`;
}

function workflow(t, app) {
  return `name: ${app}
on:
  push:
    branches: [main]
  pull_request:
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx kubeconform -strict clusters/
`;
}

/** A kube-prometheus style dashboard ConfigMap: JSON (with "type" keys) inside YAML. */
function dashboardConfigMap(t, app, ns) {
  const panels = Array.from({ length: t.int(3, 12) }, (_, i) => `        { "id": ${i}, "type": "${t.pick(['timeseries', 'stat', 'table'])}", "title": "${t.name()}", "targets": [{ "expr": "rate(${app.replace(/-/g, '_')}_requests_total[5m])" }] }`).join(',\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-dashboard
  namespace: ${ns}
  labels:
    grafana_dashboard: "1"
data:
  ${app}.json: |
    {
      "title": "${app}",
      "panels": [
${panels}
      ]
    }
`;
}

const YAML_KINDS = [
  // [weight, file name, template]
  [26, 'deployment.yaml', (t, app, ns) => deployment(t, app, ns)],
  [16, 'service.yaml', (t, app, ns) => service(t, app, ns)],
  [10, 'configmap.yaml', (t, app, ns) => configMap(t, app, ns)],
  [12, 'kustomization.yaml', (t, app, ns) => kustomization(t, app, ns)],
  [8, 'rbac.yaml', (t, app, ns) => rbac(t, app, ns)],
  [6, 'ingress.yml', (t, app, ns) => ingress(t, app, ns)],
  [5, 'values.yaml', (t, app) => helmValues(t, app)],
  [2, 'ci.yml', (t, app) => workflow(t, app)],
  [1, 'dashboard.yaml', (t, app, ns) => dashboardConfigMap(t, app, ns)],
];

function packageJson(t, app) {
  const deps = Array.from({ length: t.int(2, 15) }, () => `    "${t.pick(WORDS)}-${t.pick(WORDS)}": "^${t.version()}"`);
  return `{
  "name": "@example/${app}",
  "version": "${t.version()}",
  "private": true,
  "type": "module",
  "scripts": {
    "build": "tsc -p .",
    "test": "vitest run"
  },
  "dependencies": {
${[...new Set(deps)].join(',\n')}
  }
}
`;
}

function tsconfig() {
  return `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "strict": true,
    "outDir": "dist"
  },
  "include": ["src"]
}
`;
}

function jsonSchema(t, app) {
  const props = Array.from({ length: t.int(5, 40) }, (_, i) => `    "${t.pick(WORDS)}${i}": { "type": "${t.pick(['string', 'integer', 'boolean'])}", "description": "${t.name()}" }`);
  return `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "${app}",
  "type": "object",
  "properties": {
${props.join(',\n')}
  }
}
`;
}

function kubectlJson(t, app, ns) {
  return `${JSON.stringify(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, namespace: ns, labels: { 'app.kubernetes.io/name': app } },
      spec: {
        replicas: t.int(1, 4),
        selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        template: { spec: { containers: [{ name: app, image: `registry.example.com/${app}:v${t.version()}`, ports: [{ containerPort: 8080 }] }] } },
      },
    },
    null,
    4,
  )}\n`;
}

/** The deployments mix: a Deployment and its Service in one file; a quarter as `kubectl get -o yaml` keeps them. */
const DEPLOYMENT_KINDS = [
  [45, 'deployment.yaml', (t, app, ns) => `${deployment(t, app, ns)}---\n${service(t, app, ns)}`],
  [15, 'exported.yaml', (t, app, ns) => `${deployment(t, app, ns)}---\n${service(t, app, ns, true)}`],
  [25, 'configmap.yaml', (t, app, ns) => configMap(t, app, ns)],
  [15, 'service.yaml', (t, app, ns) => service(t, app, ns)],
];

// ---------------------------------------------------------------------------------------------
// The charts mix: a monitoring stack's templates and dashboards
// ---------------------------------------------------------------------------------------------

/** A Grafana dashboard's JSON, indented by `indent`, with `panels` panels (~0.9 KB each). */
function dashboardJson(t, app, panels, indent, helm) {
  const legend = helm ? '{{`{{pod}}`}}' : '{{pod}}';
  const panel = (i) => `{
  "datasource": "\${datasource}",
  "fieldConfig": { "defaults": { "unit": "${t.pick(['bytes', 'short', 'percentunit', 's'])}", "min": 0 }, "overrides": [] },
  "gridPos": { "h": 7, "w": ${t.pick([6, 8, 12, 24])}, "x": ${t.int(0, 18)}, "y": ${i * 7} },
  "id": ${i + 1},
  "legend": { "avg": false, "current": false, "max": false, "min": false, "show": true, "total": false, "values": false },
  "options": { "tooltip": { "mode": "multi", "sort": "none" } },
  "targets": [
    {
      "expr": "sum(rate(${app.replace(/-/g, '_')}_${t.pick(WORDS)}_total{namespace=\\"$namespace\\", pod=~\\"$pod\\"}[5m])) by (pod)",
      "interval": "",
      "legendFormat": "${legend}",
      "refId": "A"
    }
  ],
  "title": "${t.name()} ${t.pick(['rate', 'latency', 'errors', 'saturation'])}",
  "type": "${t.pick(['timeseries', 'graph', 'stat', 'table', 'heatmap'])}"
}`;
  const json = `{
  "annotations": { "list": [{ "builtIn": 1, "datasource": "-- Grafana --", "enable": true, "hide": true, "name": "Annotations & Alerts", "type": "dashboard" }] },
  "editable": false,
  "graphTooltip": 1,
  "panels": [
${Array.from({ length: panels }, (_, i) => panel(i).replace(/^/gm, '    ')).join(',\n')}
  ],
  "refresh": "30s",
  "schemaVersion": 36,
  "tags": ["${app}", "kubernetes-mixin"],
  "templating": {
    "list": [
      { "name": "datasource", "type": "datasource", "query": "prometheus", "current": { "text": "default", "value": "default" } },
      { "name": "namespace", "type": "query", "datasource": "\${datasource}", "query": "label_values(kube_pod_info, namespace)", "refresh": 2 },
      { "name": "pod", "type": "query", "datasource": "\${datasource}", "query": "label_values(kube_pod_info{namespace=\\"$namespace\\"}, pod)", "refresh": 2 }
    ]
  },
  "time": { "from": "now-1h", "to": "now" },
  "title": "${app} / ${t.pick(['Compute Resources', 'Networking', 'Persistent Volumes', 'API server'])}",
  "uid": "${t.int(100000, 999999)}"
}`;
  return json.replace(/^/gm, indent);
}

/** A kube-prometheus-stack dashboard: a ConfigMap template the sidecar loads, the JSON in a block literal. */
function dashboardTemplate(t, app) {
  return `{{- if and .Values.grafana.enabled .Values.grafana.defaultDashboardsEnabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  namespace: {{ template "kube-prometheus-stack-grafana.namespace" . }}
  name: {{ printf "%s-%s" (include "kube-prometheus-stack.fullname" $) "${app}" | trunc 63 | trimSuffix "-" }}
  annotations:
{{ toYaml .Values.grafana.sidecar.dashboards.annotations | indent 4 }}
  labels:
    {{- if $.Values.grafana.sidecar.dashboards.label }}
    {{ $.Values.grafana.sidecar.dashboards.label }}: {{ ternary $.Values.grafana.sidecar.dashboards.labelValue "1" (not (empty $.Values.grafana.sidecar.dashboards.labelValue)) | quote }}
    {{- end }}
    app: {{ template "kube-prometheus-stack.name" $ }}-grafana
{{ include "kube-prometheus-stack.labels" $ | indent 4 }}
data:
  ${app}.json: |-
${dashboardJson(t, app, t.int(30, 120), '    ', true)}
{{- end }}
`;
}

/** A PrometheusRule template: directives in every group, alert labels escaped for Helm. */
function rulesTemplate(t, app) {
  const rule = () => `    - alert: ${t.pick(['KubePod', 'KubeDeployment', 'KubeNode', 'Etcd'])}${t.pick(['CrashLooping', 'NotReady', 'HighLatency', 'Down'])}
      annotations:
{{- if .Values.defaultRules.additionalRuleAnnotations }}
{{ toYaml .Values.defaultRules.additionalRuleAnnotations | indent 8 }}
{{- end }}
        description: 'Pod {{\`{{\`}} $labels.namespace {{\`}}\`}}/{{\`{{\`}} $labels.pod {{\`}}\`}} is ${t.pick(['restarting', 'not ready', 'slow'])}.'
        runbook_url: {{ .Values.defaultRules.runbookUrl }}/kubernetes/${t.name()}
        summary: ${t.name()} is ${t.pick(['restarting', 'not ready', 'slow'])}.
      expr: max_over_time(kube_pod_status_ready{job="kube-state-metrics", namespace=~"{{ $targetNamespace }}", condition="false"}[${t.int(5, 30)}m]) >= 1
      for: ${t.int(5, 30)}m
      labels:
        severity: ${t.pick(['warning', 'critical'])}
{{- if .Values.defaultRules.additionalRuleLabels }}
{{ toYaml .Values.defaultRules.additionalRuleLabels | indent 8 }}
{{- end }}`;
  return `{{- if and .Values.defaultRules.create .Values.defaultRules.rules.${app.replace(/-/g, '')} }}
{{- $targetNamespace := .Values.defaultRules.appNamespacesTarget }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ printf "%s-%s" (include "kube-prometheus-stack.fullname" .) "${app}" | trunc 63 | trimSuffix "-" }}
  namespace: {{ template "kube-prometheus-stack.namespace" . }}
  labels:
    app: {{ template "kube-prometheus-stack.name" . }}
{{ include "kube-prometheus-stack.labels" . | indent 4 }}
spec:
  groups:
  - name: ${app}
    rules:
${Array.from({ length: t.int(4, 30) }, rule).join('\n')}
{{- end }}
`;
}

/** A chart's Deployment template. */
function deploymentTemplate(t, app) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${app}.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "${app}.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "${app}.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "${app}.selectorLabels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "${app}.serviceAccountName" . }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: ${t.int(3000, 9000)}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;
}

/** A chart's Chart.yaml. */
function chartYaml(t, app) {
  return `apiVersion: v2
name: ${app}
description: A Helm chart for ${app}
type: application
version: ${t.version()}
appVersion: "v${t.version()}"
annotations:
  catalog.cattle.io/certified: rancher
  catalog.cattle.io/display-name: ${app}
`;
}

const CHART_KINDS = [
  // [weight, file name, template]: a chart's templates/ and its top level
  [8, 'templates/dashboard.yaml', (t, app) => dashboardTemplate(t, app)],
  [16, 'templates/rules.yaml', (t, app) => rulesTemplate(t, app)],
  [25, 'templates/deployment.yaml', (t, app) => deploymentTemplate(t, app)],
  [15, 'templates/service.yaml', (t, app, ns) => service(t, app, ns)],
  [15, 'values.yaml', (t, app) => helmValues(t, app)],
  [15, 'Chart.yaml', (t, app) => chartYaml(t, app)],
];

/** A chart's dashboards shipped as files (`files/dashboards/*.json`), read by a ConfigMap's `.Files.Get`. */
const CHART_JSON_KINDS = [[1, 'dashboard.json', (t, app) => `${dashboardJson(t, app, t.int(30, 120), '', false)}\n`]];

const JSON_KINDS = [
  [40, 'package.json', (t, app) => packageJson(t, app)],
  [20, 'tsconfig.json', () => tsconfig()],
  [15, 'renovate.json', () => '{\n  "extends": ["config:recommended"],\n  "schedule": ["before 6am on monday"]\n}\n'],
  [15, 'schema.json', (t, app) => jsonSchema(t, app)],
  [10, 'deployment.json', (t, app, ns) => kubectlJson(t, app, ns)],
];

const UNCLAIMED_KINDS = [
  [40, 'README.md', (t, app) => `# ${app}\n\nOwned by ${t.pick(TEAMS)}. Deploy with \`kubectl apply -k .\`.\n`],
  [25, 'deploy.sh', (t, app) => `#!/bin/sh\nset -eu\nkubectl apply -k "clusters/$1/${app}"\n`],
  [20, 'main.tf', (t, app) => `resource "kubernetes_namespace" "${app.replace(/-/g, '_')}" {\n  metadata {\n    name = "${app}"\n  }\n}\n`],
  [15, 'Makefile', () => `apply:\n\tkubectl apply -k .\n`],
];

function weighted(t, kinds) {
  const total = kinds.reduce((s, k) => s + k[0], 0);
  let r = t.int(0, total - 1);
  for (const k of kinds) {
    if (r < k[0]) return k;
    r -= k[0];
  }
  return kinds[0];
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/** The corpus files, largest first (so the largest Calico manifest is always copied). */
export function loadCorpus(corpus) {
  const indexFile = join(corpus, 'index.json');
  if (!existsSync(indexFile)) {
    throw new Error(`corpus not found: ${corpus} has no index.json (pass --corpus DIR; the default is fixtures/upstream)`);
  }
  const entries = JSON.parse(readFileSync(indexFile, 'utf8'));
  return entries.map((e) => ({ ...e, source: join(corpus, e.file) })).sort((a, b) => b.bytes - a.bytes || (a.file < b.file ? -1 : 1));
}

/**
 * Writes the repository into `out` (created; must not exist or be empty) and returns what it
 * wrote: counts per category, the number of files a directory walk should visit, bytes.
 */
export function generateRepo({ out, files = 20000, seed = 8, corpus = DEFAULT_CORPUS, mix = 'project' }) {
  if (!SHARES[mix]) throw new Error(`unknown mix ${mix} (${MIXES.join(', ')})`);
  const project = mix === 'project';
  const rand = prng(seed);
  const t = makeTools(rand);
  const corpusEntries = loadCorpus(corpus);
  const stats = { files: 0, bytes: 0, expectedScanned: 0, byCategory: {}, cniBytes: 0, largestCni: null, cniCopies: [] };
  const written = new Set();
  const put = (rel, text, category, scanned) => {
    if (written.has(rel)) throw new Error(`generator wrote ${rel} twice`);
    written.add(rel);
    const abs = join(out, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    stats.byCategory[category] = (stats.byCategory[category] ?? 0) + 1;
    if (scanned) stats.expectedScanned++;
  };
  const copy = (rel, source, bytes, category, scanned) => {
    if (written.has(rel)) throw new Error(`generator wrote ${rel} twice`);
    written.add(rel);
    const abs = join(out, rel);
    mkdirSync(dirname(abs), { recursive: true });
    copyFileSync(source, abs);
    stats.files++;
    stats.bytes += bytes;
    stats.cniBytes += bytes;
    stats.byCategory[category] = (stats.byCategory[category] ?? 0) + 1;
    if (scanned) stats.expectedScanned++;
  };

  mkdirSync(out, { recursive: true });
  put('.gitignore', ROOT_GITIGNORE, 'gitignore', false);
  put('clusters/.gitignore', NESTED_GITIGNORE, 'gitignore', false);

  const n = Math.max(files - 2, 50);
  const count = Object.fromEntries(Object.entries(SHARES[mix]).map(([k, share]) => [k, share === 0 ? 0 : Math.max(1, Math.round(n * share))]));
  count.yaml = n - Object.values(count).reduce((s, c) => s + c, 0);

  // App directories: clusters/<env>/<team>/<app>/ hold ~6 files each.
  const appDir = (i) => {
    const a = Math.floor(i / 6);
    return { dir: `clusters/${ENVS[a % ENVS.length]}/${TEAMS[Math.floor(a / ENVS.length) % TEAMS.length]}/${WORDS[a % WORDS.length]}-${a}`, app: `${WORDS[a % WORDS.length]}-${a}`, ns: TEAMS[a % TEAMS.length] };
  };

  // Ordinary YAML (a twentieth of it CRDs under crds/, some of those *.generated.yaml brought
  // back by the root .gitignore's negation).
  for (let i = 0; i < count.yaml; i++) {
    if (project && i % 20 === 7) {
      const generated = i % 60 === 7;
      put(`crds/${t.pick(WORDS)}/crd-${i}${generated ? '.generated' : ''}.yaml`, crd(t, i), 'yaml-crd', true);
      continue;
    }
    const { dir, app, ns } = appDir(i);
    if (mix === 'charts') {
      const [, file, make] = weighted(t, CHART_KINDS);
      put(`charts/${app}/${Math.floor(i / 6)}/${file.replace(/([^/]+)$/, `${i}-$1`)}`, make(t, app, ns), 'yaml', true);
      continue;
    }
    const [, file, make] = weighted(t, project ? YAML_KINDS : DEPLOYMENT_KINDS);
    put(`${dir}/${i}-${file}`, make(t, app, ns), 'yaml', true);
  }
  for (let i = 0; i < count.json; i++) {
    const { app, ns } = appDir(i * 3);
    const [, file, make] = project ? weighted(t, JSON_KINDS) : mix === 'charts' ? CHART_JSON_KINDS[0] : JSON_KINDS[0];
    const where = mix === 'charts' ? `charts/${app}/files/dashboards` : `apps/${app}`;
    put(`${where}/${i}-${file}`, make(t, app, ns), 'json', true);
  }
  for (let i = 0; i < count.unclaimed; i++) {
    const { dir, app } = appDir(i * 5);
    const [, file, make] = project ? weighted(t, UNCLAIMED_KINDS) : UNCLAIMED_KINDS[0];
    // A directory walk reads `.tf` files (Terraform heredocs), and the pre-check turns these away.
    put(`${dir}/${i}-${file}`, make(t, app), 'unclaimed', file.endsWith('.tf'));
  }
  // Skipped: node_modules (top level and nested in apps), and every kind of ignored file.
  for (let i = 0; i < count.nodeModules; i++) {
    const pkg = `${t.pick(WORDS)}-${i % 97}`;
    const where = i % 4 === 0 ? `apps/${appDir(i).app}/node_modules` : 'node_modules';
    const [rel, text] =
      i % 3 === 0 ? [`${where}/${pkg}/package.json`, packageJson(t, pkg)]
      : i % 3 === 1 ? [`${where}/${pkg}/lib/${i}.json`, jsonSchema(t, pkg)]
      : [`${where}/${pkg}/examples/${i}.yaml`, deployment(t, pkg, 'default')];
    if (!written.has(rel)) put(rel, text, 'node_modules', false);
    else put(`${where}/${pkg}/extra-${i}.json`, text, 'node_modules', false);
  }
  for (let i = 0; i < count.gitignored; i++) {
    const { dir, app, ns } = appDir(i * 7);
    const env = ENVS[i % ENVS.length];
    const [rel, text] = [
      [`build/${env}/${app}/${i}-all.yaml`, deployment(t, app, ns)],
      [`tmp/${i}-scratch.json`, packageJson(t, app)],
      [`${dir}/${i}-bundle.generated.yaml`, rbac(t, app, ns)],
      [`apps/${app}/${i}-settings.local.json`, tsconfig()],
      [`clusters/${env}/secrets/${i}-${app}.yaml`, configMap(t, app, ns)],
      [`${dir}/${i}-values.decrypted.yaml`, helmValues(t, app)],
      [`apps/${app}/.cache/${i}.json`, jsonSchema(t, app)],
    ][i % 7];
    put(rel, text, 'gitignored', false);
  }
  // CNI: the largest Calico manifest first, then every corpus file once (in seeded order), then
  // small configs (< 64 KB) again, each copy in a directory of its own.
  const [largest, ...rest] = corpusEntries;
  const shuffled = rest.map((e) => [rand(), e]).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  const small = shuffled.filter((e) => e.bytes < 64 * 1024);
  // What a directory walk reads: the formats' extensions and template files (src/formats/template-files.ts).
  const claimed = /\.(conflist|conf|json|ya?ml|j2|jinja2?|tpl|tmpl|gotmpl|template)$/i;
  for (let i = 0; i < count.cni; i++) {
    const e = i === 0 ? largest : i <= shuffled.length ? shuffled[i - 1] : small[(i - 1 - shuffled.length) % small.length];
    const base = e.file.split('/').at(-1);
    const kind = e.kind === 'conf' || e.kind === 'conflist' ? `nodes/pool-${i}/etc/cni/net.d` : `network/cluster-${i}/${e.file.split('/')[0]}`;
    copy(`${kind}/${base}`, e.source, e.bytes, 'cni', claimed.test(base));
    stats.cniCopies.push({ path: `${kind}/${base}`, corpusFile: e.file, kind: e.kind, bytes: e.bytes });
    if (i === 0) stats.largestCni = { path: `${kind}/${base}`, bytes: e.bytes, corpusFile: e.file };
  }
  return stats;
}

function parseArgs(argv) {
  const opts = { files: 20000, seed: 8, corpus: DEFAULT_CORPUS, out: null, force: false, mix: 'project' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--files') opts.files = Number(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--corpus') opts.corpus = resolve(value());
    else if (a === '--out') opts.out = resolve(value());
    else if (a === '--mix') opts.mix = value();
    else if (a === '--force') opts.force = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`generate-repo: ${err.message}\n`);
    process.exit(2);
  }
  if (opts.help || !opts.out) {
    process.stdout.write('usage: node scripts/bench/generate-repo.mjs --out DIR [--files N (20000)] [--seed S (8)] [--corpus DIR (fixtures/upstream)] [--mix project|deployments|charts (project)] [--force]\n');
    process.exit(opts.help ? 0 : 2);
  }
  if (existsSync(opts.out)) {
    if (!opts.force) {
      process.stderr.write(`generate-repo: ${opts.out} exists (pass --force to replace it)\n`);
      process.exit(2);
    }
    rmSync(opts.out, { recursive: true, force: true });
  }
  try {
    const { cniCopies, ...stats } = generateRepo(opts);
    process.stdout.write(`${JSON.stringify({ ...stats, cniCopies: cniCopies.length }, null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`generate-repo: ${err.message}\n`);
    process.exit(2);
  }
}
