/**
 * Sourced data: which container images install which plugin release, read from the image tag.
 * A CNI DaemonSet's install container copies plugin binaries to /opt/cni/bin, so its image tag
 * names the release the node's CNI config will run with. Every rule carries the references it
 * rests on; src/knowledge/images.ts only applies them.
 *
 * References use the notation of cni-compat.json (`github:<owner>/<repo>@<tag> <path>`);
 * `cni-compat.md §N` is the project's sourced compatibility reference (src/knowledge/data/cni-compat.json is
 * its data), `evidence/*.tsv` its evidence tables, and
 * `corpus <file>` a manifest of the corpus (fixtures/upstream) where the image reference was seen as written.
 */
import { HARDENED_CALICO_REFERENCES, HARDENED_CNI_PLUGINS_REFERENCES } from './rke2-hardened.js';

/** What a matching image's tag tells. */
export interface ImageRule {
  readonly id: string;
  /**
   * Repository paths without the registry host. An image matches when its repository equals one
   * of these or ends with `/` + one (a registry host or mirror prefix before it).
   */
  readonly repositories: readonly string[];
  /**
   * The PluginFacts.releases key (project alias or plugin type) the tag is a release of, or null
   * when the image installs plugins whose release its tag does not tell: such images are known,
   * yield no release and no problem.
   */
  readonly name: string | null;
  /** Tag suffixes that name a build of the same release; removed before reading the version. */
  readonly stripSuffixes?: readonly RegExp[];
  /** A tag suffix that is part of the release name and is kept (normalizeRelease removes it). */
  readonly keepSuffix?: RegExp;
  /**
   * The image also installs plugins of other releases, found in a table: `calico-cni` by the Calico
   * release (CALICO_BUNDLED_CNI_PLUGINS), the RKE2 builds by their whole tag (rke2-hardened.ts).
   */
  readonly bundles?: 'calico-cni' | 'rke2-hardened-calico' | 'rke2-hardened-cni-plugins';
  readonly references: readonly string[];
  readonly note?: string;
}

/**
 * Architecture suffixes of per-arch image tags (`v0.12.0-arm64`), removed before reading the
 * version. The names are Go's GOARCH values that CNI images are built for.
 */
export const ARCH_SUFFIX: RegExp = /-(?:amd64|arm64|arm|ppc64le|s390x|386|mips64le|riscv64)$/;
export const ARCH_SUFFIX_REFERENCES: readonly string[] = [
  'corpus flannel/v0.12.0/kube-flannel.yml: quay.io/coreos/flannel:v0.12.0-amd64, -arm64, -arm, -ppc64le, -s390x (one DaemonSet per arch)',
  'corpus flannel/v0.10.0/kube-flannel.yml: quay.io/coreos/flannel:v0.10.0-amd64',
  'corpus flannel/v0.20.0/kube-flannel.yml: comment "#image: flannelcni/flannel-cni-plugin:v1.1.0 for ppc64le and mips64le"',
];

/** Template syntaxes seen in image references of manifests: Helm/Go `{{ }}`, Jekyll/Liquid `{{ }}`/`{% %}`, shell/envsubst `${ }`. */
export const TEMPLATE_TOKEN: RegExp = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\$\{[^}]*\}|\{\{[\s\S]*$|\{%[\s\S]*$/g;
export const TEMPLATE_REFERENCES: readonly string[] = [
  'corpus calico/v3.0.0/v2.6_hosted_calico.yaml: image: quay.io/calico/cni:{{site.data.versions[page.version].first.components["calico/cni"].version}}',
  'corpus calico/v3.0.0/v3.0_hosted_kubernetes-datastore_calico-networking_1.7_calico.yaml: image: {{site.imageNames["cni"]}}:{{...}} (not even valid YAML as a plain scalar)',
];

/** RKE2 build suffix: `v3.29.2-build20250306` is a build of Calico v3.29.2 (rke2-hardened.ts). */
const RKE2_BUILD = /-build\d{8}$/;

export const IMAGE_RULES: readonly ImageRule[] = [
  {
    id: 'calico-cni',
    repositories: ['calico/cni'],
    name: 'calico',
    bundles: 'calico-cni',
    references: [
      'cni-compat.json plugins.calico: releases ">=1.7.0 <3.23.0" (projectcalico/cni-plugin / projectcalico/calico cni-plugin/) and ">=3.23.0"; the calico/cni image tag is that cni-plugin release',
      'cni-compat.md §4 Calico: "Calico v2.6.12 ships calico/cni v1.11.8 (_data/versions.yml)" (Calico 2.x images carry the standalone cni-plugin v1.x version; Calico 3.0 used cni-plugin v2.0.x, evidence/calico-cni-plugin-standalone-tags.tsv; from 3.1 the versions are the same)',
      'corpus calico/v3.24.0/calico.yaml … calico/v3.32.1/calico.yaml: docker.io/calico/cni:vX / quay.io/calico/cni:vX in initContainers upgrade-ipam and install-cni of DaemonSet calico-node (canal.yaml: DaemonSet canal)',
      'corpus calico/v3.0.0/v2.0_hosted_calico.yaml: calico/cni:v1.5.6; v1.6_hosted_calico.yaml: calico/cni:v1.4.4',
    ],
  },
  {
    id: 'calico-unified',
    repositories: ['calico/calico'],
    name: 'calico',
    bundles: 'calico-cni',
    references: [
      'corpus calico/master-87c15906f20c/calico.yaml (github:projectcalico/calico@87c15906 manifests/calico.yaml): initContainer install-cni runs image quay.io/calico/calico:master with args ["component", "cni", "install"], replacing calico/cni',
    ],
    note: 'Only unreleased master manifests use the unified image (no release tag yet); built from the same monorepo tag as calico/cni would be.',
  },
  {
    id: 'rke2-hardened-calico',
    repositories: ['rancher/hardened-calico'],
    name: 'calico',
    stripSuffixes: [RKE2_BUILD],
    bundles: 'rke2-hardened-calico',
    references: HARDENED_CALICO_REFERENCES,
    note: 'RKE2 builds Calico\'s cni-plugin at the tag\'s release and adds the upstream containernetworking plugins of a hardened-cni-plugins build (with flannel), not Calico\'s fork.',
  },
  {
    id: 'rke2-hardened-cni-plugins',
    repositories: ['rancher/hardened-cni-plugins'],
    name: 'cni-plugins',
    stripSuffixes: [RKE2_BUILD],
    bundles: 'rke2-hardened-cni-plugins',
    references: HARDENED_CNI_PLUGINS_REFERENCES,
    note: 'The tag names the containernetworking/plugins release; flannel comes from a flannel-io/cni-plugin release that only the build\'s Dockerfile tells.',
  },
  {
    id: 'rke2-hardened-flannel',
    repositories: ['rancher/hardened-flannel'],
    name: null,
    references: [
      'github:rancher/image-build-flannel@v0.28.8-build20260722(02ea275b) Dockerfile: flannel-io/flannel `git checkout tags/${TAG}`, builds flanneld and install-conf only (/opt/bin); no CNI plugin binary',
      'github:rancher/rke2-charts@d83185c9 charts/rke2-flannel/rke2-flannel/v0.28.906/templates/daemonset.yaml:45-51: initContainer install-cni runs hardened-flannel\'s /opt/bin/install-conf (writes 10-flannel.conflist); the flannel binary comes from hardened-cni-plugins (install-cni-plugins)',
    ],
    note: 'The flannel daemon of RKE2 (and its Canal): its tag names the flannel release, not a plugin release.',
  },
  {
    id: 'flannel-cni-plugin',
    repositories: [
      'flannel-io/flannel-cni-plugin',
      'flannel/flannel-cni-plugin',
      'flannelcni/flannel-cni-plugin',
      'rancher/mirrored-flannelcni-flannel-cni-plugin',
    ],
    name: 'flannel-cni-plugin',
    keepSuffix: /-flannel\d+/,
    references: [
      'cni-compat.json templates["kube-flannel-cfg.cni-conf.json"].bundledFlannelBinary: "From flannel v0.15.0 the DaemonSet installs the flannel CNI binary from a flannel-cni-plugin image"',
      'cni-compat.md §4 Flannel: "From v0.15 the DaemonSet installs the flannel binary from a flannel-cni-plugin image: v1.0.0 in v0.15.1, v1.5.1-flannel1+ from v0.25.5"',
      'evidence/flannel-manifest-tags.tsv (flannel-cni-plugin image column): rancher/mirrored-flannelcni-flannel-cni-plugin (v0.15.x-v0.16.1), flannelcni/flannel-cni-plugin (v0.16.2-v0.20.2), docker.io/flannel/flannel-cni-plugin (v0.21.0-v0.26.3), ghcr.io/flannel-io/flannel-cni-plugin (v0.26.4-v0.28.9)',
      'cni-compat.json meta.semverNote: "flannel-io/cni-plugin tags carry \'-flannelN\' suffixes … strip the suffix before comparing" (kept here; normalizeRelease strips it)',
      'corpus flannel/v0.20.0/kube-flannel.yml: docker.io/rancher/mirrored-flannelcni-flannel-cni-plugin:v1.1.0; flannel/v0.28.9/kube-flannel.yml: ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
    ],
  },
  {
    id: 'flannel-daemon',
    repositories: [
      'coreos/flannel',
      'coreos/flannel-git',
      'flannel/flannel',
      'flannel-io/flannel',
      'flannelcni/flannel',
      'rancher/mirrored-flannelcni-flannel',
      'google-containers/flannel',
    ],
    name: null,
    references: [
      'cni-compat.json plugins.flannel: the flannel binary came from containernetworking/plugins (plugins/meta/flannel) up to v0.9.1, then from flannel-io/cni-plugin; the flannel daemon image tag names neither release',
      'cni-compat.json templates["kube-flannel-cfg.cni-conf.json"].bundledFlannelBinary: "portmap comes from the node\'s containernetworking/plugins"',
      'corpus flannel/v0.7.0/kube-flannel.yml (quay.io/coreos/flannel-git:v0.6.1-62-g6d631ba-amd64), flannel/v0.10.0, v0.12.0 (quay.io/coreos/flannel), flannel/v0.11.0/kube-flannel-aliyun.yml (registry.cn-hangzhou.aliyuncs.com/google-containers/flannel:v0.9.0), calico/v3.32.1/canal.yaml (docker.io/flannel/flannel:v0.24.4), flannel/v0.28.9 (ghcr.io/flannel-io/flannel)',
    ],
    note: 'The flannel daemon (flanneld) image: before v0.15 the manifests install no CNI binary (the node provides flannel from containernetworking/plugins of unknown release); from v0.15 a separate flannel-cni-plugin image does. Unknown stays unknown.',
  },
  {
    id: 'multus',
    repositories: ['k8snetworkplumbingwg/multus-cni', 'nfvpe/multus', 'eks/multus-cni', 'rancher/hardened-multus-cni', 'rancher/hardened-multus-thick'],
    name: 'multus',
    // Vendor builds of a release: EKS `vX-eksbuild.N` (thick: `_thick`), RKE2 `vX-buildYYYYMMDD`.
    stripSuffixes: [/-thick$/, /_thick$/, /-eksbuild\.\d+$/, /-build\d{8}$/],
    references: [
      'github:aws/amazon-vpc-cni-k8s@bda3ff9d config/multus/v3.7.2-eksbuild.1/aws-k8s-multus.yaml: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/multus-cni:v3.7.2-eksbuild.1 (EKS builds of multus-cni release v3.7.2)',
      'github:aws/amazon-vpc-cni-k8s@65b4959d config/multus/v4.1.4-eksbuild.3/multus-daemonset-thick.yml: …/eks/multus-cni:v4.1.4-eksbuild.3_thick (kube-multus and install-multus-binary, which copies multus-shim)',
      'github:rancher/rke2-charts@d83185c9 charts/rke2-multus/rke2-multus/v4.3.017/values.yaml: image rancher/hardened-multus-cni:v4.3.0-build20260819, thickPlugin image rancher/hardened-multus-thick:v4.3.0-build20260819 (RKE2 builds of multus-cni v4.3.0)',
      'cni-compat.json plugins.multus: releases ">=3.3.0 <4.0.0", ">=4.0.0 <4.1.0", ">=4.1.0" of k8snetworkplumbingwg/multus-cni',
      'corpus multus/v4.3.0/multus-daemonset.yml (github:k8snetworkplumbingwg/multus-cni@v4.3.0 deployments/multus-daemonset.yml): ghcr.io/k8snetworkplumbingwg/multus-cni:snapshot',
      'github:k8snetworkplumbingwg/multus-cni deployments/multus-daemonset-thick.yml: ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2-thick (the thick-plugin image of release v4.0.2)',
      'github:k8snetworkplumbingwg/multus-cni docs (v3.x): "image: nfvpe/multus:v3.4.1" (the Docker Hub repository before ghcr.io)',
    ],
  },
  {
    id: 'aws-vpc-cni',
    repositories: ['amazon-k8s-cni', 'amazon-k8s-cni-init'],
    name: 'aws-vpc-cni',
    stripSuffixes: [/-eksbuild\.\d+$/],
    references: [
      'cni-compat.json plugins["aws-cni"], plugins["egress-cni"]: releases "<1.15.4", ">=1.15.4 <1.18.3", ">=1.18.3" of aws/amazon-vpc-cni-k8s',
      'github:aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml: initContainer aws-vpc-cni-init image 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:vX, container aws-node image …/amazon-k8s-cni:vX (same tag)',
      'EKS add-on images are tagged vX-eksbuild.N (e.g. amazon-k8s-cni:v1.18.5-eksbuild.1), a build of release vX',
    ],
  },
  {
    id: 'weave',
    repositories: ['weaveworks/weave-kube', 'weaveworks/launcher/weave-kube'],
    name: 'weave',
    references: [
      'cni-compat.json plugins["weave-net"], plugins["weave-ipam"]: releases ">=2.0.0 <=2.8.1" of weaveworks/weave',
      'github:weaveworks/weave prog/weave-kube/weave-daemonset-k8s-*.yaml: DaemonSet weave-net, initContainer weave-init and container weave run the weave-kube image (tags without "v", e.g. weaveworks/weave-kube:2.8.1)',
      'ghcr.io/weaveworks/launcher/weave-kube:2.8.1: the same image re-hosted after Docker Hub',
    ],
  },
  {
    id: 'antrea',
    repositories: [
      'antrea/antrea-agent-ubuntu',
      'antrea/antrea-agent-ubuntu-amd64',
      'antrea/antrea-agent-ubuntu-arm64',
      'antrea/antrea-agent-ubuntu-arm',
      'antrea-io/antrea-agent-ubuntu',
      'antrea/antrea-agent-ubi',
      'antrea/antrea-ubuntu',
      'antrea/antrea-ubuntu-amd64',
      'antrea/antrea-ubi',
      'antrea/antrea-windows',
    ],
    name: 'antrea',
    references: [
      'github:antrea-io/antrea@v2.7.0(e59003c2) build/yamls/antrea.yml: DaemonSet antrea-agent initContainer install-cni runs "antrea/antrea-agent-ubuntu:latest" with command ["install_cni"] (build/images/scripts/install_cni: install -m 755 /usr/local/bin/antrea-cni /host/opt/cni/bin/antrea); release manifests carry the release tag instead',
      'github:antrea-io/antrea@v2.7.0(e59003c2) hack/release/prepare-assets.sh:107,109 IMG_TAG=$VERSION, AGENT_IMG_NAME=antrea/antrea-agent-ubuntu (@v2.0.0(3d0bd1e9) the same); @v1.15.0(6507578d) :107 projects.registry.vmware.com/antrea/antrea-agent-ubuntu; @v1.0.0(a37a34aa) :67 and @v1.14.0(df022c0b) :107 IMG_NAME=projects.registry.vmware.com/antrea/antrea-ubuntu; @v0.10.0(1e2076d7) :67 IMG_NAME=antrea/antrea-ubuntu',
      'github:antrea-io/antrea@v2.7.0(e59003c2) .github/workflows/build_tag.yml:138-142 antrea-agent-ubuntu:"${DOCKER_TAG}" from antrea-agent-ubuntu-arm64, -arm, -amd64, pushed to docker.io/antrea and ghcr.io/antrea-io (:108-111); :202 antrea/antrea-agent-ubi:"${VERSION}"; @v1.14.0(df022c0b) build_tag.yml antrea-ubuntu-amd64, antrea-ubi',
      'github:antrea-io/antrea@v2.7.0(e59003c2) build/yamls/antrea-windows.yml: initContainer install-cni runs antrea/antrea-windows (build/images/scripts/Install-WindowsCNI.ps1:6 cp /k/antrea/cni/* /host/opt/cni/bin/); prepare-assets.sh:113 IMG_NAME=antrea/antrea-windows',
      'corpus antrea/v2.7.0/antrea.yml: "antrea/antrea-agent-ubuntu:latest" (install-cni, antrea-agent, antrea-ovs); antrea/v2.7.0/antrea-windows.yml: antrea/antrea-windows:latest',
    ],
    note: 'The agent image (antrea-ubuntu before v1.15) installs the antrea plugin; the controller images (antrea-controller-ubuntu) install nothing and are not listed.',
  },
  {
    id: 'kube-ovn',
    repositories: ['kubeovn/kube-ovn', 'alaudak8s/kube-ovn', 'alaudak8s/kube-ovn-cni'],
    name: 'kube-ovn',
    // Builds of the same release: the debug build, the x86 build for CPUs without newer
    // instructions (`-amd64-legacy`; the arch suffix goes next), the DPDK build.
    stripSuffixes: [/-debug$/, /-legacy$/, /-dpdk$/],
    references: [
      'github:kubeovn/kube-ovn@v1.16.2(12506be4) dist/images/install.sh:4-5 REGISTRY="docker.io/kubeovn", VERSION="v1.16.2"; :7982-7986 initContainer install-cni image "$REGISTRY/kube-ovn:$VERSION" command /kube-ovn/install-cni.sh; :129 DPDK_TAG="${VERSION}-dpdk"',
      'github:kubeovn/kube-ovn@v1.16.2(12506be4) charts/kube-ovn/values.yaml: global.registry.address docker.io/kubeovn, images.kubeovn.repository kube-ovn, tag v1.16.2',
      'github:kubeovn/kube-ovn@v1.16.2(12506be4) Makefile:13-15 RELEASE_TAG = $(shell cat VERSION), DEBUG_TAG = …-debug, LEGACY_TAG = …-amd64-legacy',
      'github:kubeovn/kube-ovn@v1.1.0(0258e5dd) yamls: index.alauda.cn/alaudak8s/kube-ovn:v1.1.0; @v1.2.0(3ec98291) kubeovn/kube-ovn:v1.2.0',
      'github:kubeovn/kube-ovn@v1.0.0(f40ce553) yamls/kube-ovn.yaml:110-113 initContainer install-cni image "index.alauda.cn/alaudak8s/kube-ovn-cni:v1.0.0" command ["/kube-ovn/install-cni.sh"] (the same image name from v0.5.0(71eaa340))',
    ],
  },
  {
    id: 'istio-cni',
    repositories: ['istio/install-cni', 'istio-release/install-cni'],
    name: 'istio',
    // The image variant the chart appends (`1.26.0-distroless`): a build of the same release.
    stripSuffixes: [/-distroless$/, /-debug$/],
    references: [
      'github:istio/istio@1.30.3(56df41f6) manifests/charts/istio-cni/templates/daemonset.yaml:96 image "{{ .Values.hub | default .Values.global.hub }}/{{ .Values.image | default "install-cni" }}:{{ template "istio-tag" . }}" (the install-cni container, which copies istio-cni into the CNI bin directory and appends its entry)',
      'github:istio/istio@1.30.3(56df41f6) manifests/charts/istio-cni/templates/_helpers.tpl:7 istio-tag = tag (the release, set when the chart is released), then -variant (`distroless`, `debug`)',
    ],
  },
  {
    id: 'whereabouts',
    repositories: ['k8snetworkplumbingwg/whereabouts', 'dougbtv/whereabouts'],
    name: 'whereabouts',
    references: [
      'github:k8snetworkplumbingwg/whereabouts@v0.9.4(3a262bd0) Dockerfile:10 COPY …/bin/whereabouts, script/install-cni.sh:34 cp -f /whereabouts $CNI_BIN_DIR; doc/crds/daemonset-install.yaml:126 image ghcr.io/k8snetworkplumbingwg/whereabouts:latest (the DaemonSet that installs the binary)',
      'github:k8snetworkplumbingwg/whereabouts@v0.9.4(3a262bd0) .github/workflows/image-push-release.yml:29-41,79,118 tags of a `v*` push: the git tag (multi-arch), and -amd64/-arm64 builds; hack/release/chart-update.sh:50-51 the chart\'s image.tag = the git tag',
      'github:k8snetworkplumbingwg/whereabouts@v0.4(96ef85cf) .travis.yml:50-57 docker tag dougbtv/whereabouts:latest dougbtv/whereabouts:$TRAVIS_TAG on a `v*` tag (v0.2–v0.4 on Docker Hub)',
    ],
    note: '`latest`, `latest-ocp` and the other `latest*` tags are builds of the main branch, not releases.',
  },
  {
    id: 'sriov-cni',
    repositories: ['k8snetworkplumbingwg/sriov-cni', 'nfvpe/sriov-cni'],
    name: 'sriov-cni',
    references: [
      'github:k8snetworkplumbingwg/sriov-cni@v2.10.0(6e57b33a) images/sriov-cni-daemonset.yaml:30 image ghcr.io/k8snetworkplumbingwg/sriov-cni; images/entrypoint.sh copies /usr/bin/sriov into the CNI bin directory',
      'github:k8snetworkplumbingwg/sriov-cni@v2.8.0(36570f53) .github/workflows/image-push-release.yml:30-36,45,82,119,148-151 a `v*` tag push: the git tag (manifest list) and its -amd64/-arm64/-ppc64le builds; @v2.10.0 :33-48 the git tag, multi-arch',
      'github:k8snetworkplumbingwg/sriov-cni@v2.1.0(00ec040d) .travis.yml:31-32,37 docker tag nfvpe/sriov-cni nfvpe/sriov-cni:$TRAVIS_TAG on `v*` tags (Docker Hub, v2.1.0–v2.6.1)',
      'github:k8snetworkplumbingwg/sriov-network-operator@249e2001 deployment/sriov-network-operator-chart/values.yaml:145 sriovCni: ghcr.io/k8snetworkplumbingwg/sriov-cni',
    ],
    note: '`latest`, `latest-<arch>` and commit tags are builds of the main branch; quay.io/openshift/origin-sriov-cni is an OpenShift build, named by OpenShift release.',
  },
  {
    id: 'ib-sriov-cni',
    repositories: ['k8snetworkplumbingwg/ib-sriov-cni', 'mellanox/ib-sriov-cni'],
    name: 'ib-sriov-cni',
    references: [
      'github:k8snetworkplumbingwg/ib-sriov-cni@v1.3.0(8cbc12ce) deployment/ib-sriov-cni-daemonset.yaml:30 image ghcr.io/k8snetworkplumbingwg/ib-sriov-cni; @v1.0.0(da58da78)–v1.0.2(af8a57a2) :30 mellanox/ib-sriov-cni',
      'github:k8snetworkplumbingwg/ib-sriov-cni@v1.1.1(abe30d62)–v1.3.0(8cbc12ce) .github/workflows/image-push-release.yaml:36 type=ref,event=tag (the git tag, and -amd64/-arm64/-ppc64le builds); @v1.1.0(3d6a0500) :36 type=semver,pattern={{version}} (`1.1.0`, no `v`)',
      'github:k8snetworkplumbingwg/ib-sriov-cni@v1.0.0(da58da78) .travis.yml:32,36 scripts/deploy.sh $IMAGE_NAME $TRAVIS_TAG on `v*` tags: mellanox/ib-sriov-cni:<tag> (Docker Hub, v1.0.0–v1.0.2)',
    ],
    note: '`latest`, `latest-<arch>`, `ppc64le` and commit tags are builds of the main branch.',
  },
  {
    id: 'ovs-cni',
    repositories: ['k8snetworkplumbingwg/ovs-cni-plugin', 'kubevirt/ovs-cni-plugin', 'kubevirt/ovs-cni-mirror-producer', 'kubevirt/ovs-cni-mirror-consumer'],
    name: 'ovs-cni',
    references: [
      'github:k8snetworkplumbingwg/ovs-cni@v0.39.0(6ef93aa4) examples/ovs-cni.yml:36,40-42 the init container copies /ovs, /ovs-mirror-producer and /ovs-mirror-consumer from ghcr.io/k8snetworkplumbingwg/ovs-cni-plugin into /host/opt/cni/bin; cmd/Dockerfile:42-52',
      'github:k8snetworkplumbingwg/ovs-cni@v0.39.0(6ef93aa4) .github/workflows/image-push-release.yaml:4,9-10,36,40 IMAGE_NAME ghcr.io/<repository>-plugin on `v*` tag pushes (docker/metadata-action, the git tag, latest=false)',
      'github:k8snetworkplumbingwg/ovs-cni@v0.25.0(3522e441) Makefile:3,87-88 IMAGE_GIT_TAG = git describe --tags (the tag at a tagged commit) for quay.io/kubevirt/ovs-cni-plugin; @v0.28.0(2fa991b4) examples/ovs-cni.yml:36,49,62 one image per plugin (ovs-cni-mirror-producer, ovs-cni-mirror-consumer) in v0.28 only',
    ],
    note: 'quay.io/kubevirt/ovs-cni-marker holds the marker, no CNI plugin; `latest` is a build of the main branch.',
  },
  {
    id: 'azure-cni',
    repositories: ['containernetworking/azure-cni'],
    name: 'azure-cni',
    references: [
      'github:Azure/azure-container-networking@v1.8.12(317afc74) Makefile:38,44 CNI_VERSION = ACN_VERSION = git describe --tags (the release tag); :301 CNI_IMAGE = azure-cni; :708-712 cni-manifest-build TAG=$(CNI_VERSION)',
      'github:Azure/azure-container-networking@v1.8.12(317afc74) cni/Dockerfile: builds azure-vnet, azure-vnet-ipam, azure-vnet-ipamv6 from the tag\'s source into the payload dropgz deploys',
      'github:Azure/azure-container-networking@v1.8.12(317afc74) hack/manifests/cni-installer.yaml:43-51 initContainer azure-cni image mcr.microsoft.com/containernetworking/azure-cni:v1.5.16 command ["/dropgz"] args deploy azure-vnet -o /opt/cni/bin/azure-vnet',
    ],
  },
  {
    id: 'azure-ipam',
    repositories: ['containernetworking/azure-ipam'],
    name: 'azure-ipam',
    references: [
      'github:Azure/azure-container-networking@v1.8.12(317afc74) Makefile:41 AZURE_IPAM_VERSION = notdir(git describe --match "azure-ipam*") (tag azure-ipam/v0.4.1 → v0.4.1); :644-648 azure-ipam-manifest-build TAG=$(AZURE_IPAM_VERSION)',
      'github:Azure/azure-container-networking@azure-ipam/v0.4.1(73f67339) test/integration/manifests/cilium/cns-write-ovly.yaml:143 mcr.microsoft.com/containernetworking/azure-ipam:latest',
    ],
  },
  {
    id: 'azure-cni-dropgz',
    repositories: ['containernetworking/cni-dropgz'],
    name: null,
    references: [
      'github:Azure/azure-container-networking@v1.5.10(1b2a04ab) Makefile:40 CNI_DROPGZ_VERSION = notdir(git describe --match "dropgz*"); :522-526 cni-dropgz-manifest-build TAG=$(CNI_DROPGZ_VERSION): the tag is the dropgz installer\'s, not the release of the plugins it carries',
      'github:Azure/azure-container-networking@v1.8.12(317afc74) test/e2e/manifests/cilium/v1.14/cns/daemonset.yaml:88-91 initContainer cni-installer image mcr.microsoft.com/containernetworking/cni-dropgz:v0.1.1 args deploy azure-ipam',
    ],
    note: 'Installs azure-vnet or azure-ipam of a release its tag does not tell. Unknown stays unknown.',
  },
  {
    id: 'calico-enterprise-cni',
    repositories: ['tigera/cni', 'tigera/cni-windows'],
    name: null,
    references: [
      'docs.tigera.io Calico Enterprise 3.17 "Install from a private registry": docker pull quay.io/tigera/cni:v3.17.0 and quay.io/tigera/cni:v3.17.0-fips, beside quay.io/tigera/operator:v1.30.2 and quay.io/tigera/cnx-node:v3.17.0 (the images the Tigera operator deploys for Calico Enterprise)',
    ],
    note: "Calico Enterprise's cni image: its tags follow Calico Enterprise's own release numbers, not Calico's (Enterprise 3.17 is not Calico 3.17), and no sourced table maps one to the other, so the tag names no release the data knows. Unknown stays unknown.",
  },
  {
    id: 'kube-router',
    repositories: ['cloudnativelabs/kube-router'],
    name: null,
    references: [
      'github:cloudnativelabs/kube-router@v2.11.1(61066dc6) Makefile:47 CNI_VERSION=v1.9.1, cni-download: the containernetworking/plugins release tarball into /usr/libexec/cni (since v2.1.0(a7d7ac5d) CNI_VERSION=v1.4.0; v2.5.0 v1.6.2, v2.6.0 v1.8.0, v2.7.0 v1.9.0, v2.9.0 v1.9.1)',
      'github:cloudnativelabs/kube-router@v2.11.1(61066dc6) build/image-assets/cni-install: copies bridge, portmap, host-local and loopback to /opt/cni/bin only where the host has no executable of that name ("already exists and is executable, skipping")',
      'github:cloudnativelabs/kube-router@v2.11.1(61066dc6) daemonset/kubeadm-kuberouter.yaml:93-111: initContainer install-cni runs /usr/local/bin/cni-install; the manifests use the image without a tag',
    ],
    note: 'The image carries containernetworking/plugins of a known release but installs them only where the node has none, so the tag does not tell the release the node runs.',
  },
  {
    id: 'cilium',
    repositories: ['cilium/cilium', 'rancher/mirrored-cilium-cilium'],
    name: 'cilium',
    references: [
      'cilium.ts CILIUM_CNI_ROWS: cilium-cni releases ">=1.0.0 <1.12.0", ">=1.12.0 <1.18.0", ">=1.18.0" of cilium/cilium, read at its tags (they replace the reference\'s rows, whose releases are null)',
      'github:tommyp1ckles/cilium@aeb2d1b6 install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml:807-811: initContainer install-cni-binaries runs the agent image (cilium.image) with /install-plugin.sh; images/cilium/Dockerfile:81 copies plugins/cilium-cni/install-plugin.sh (the agent image carries cilium-cni of its own release)',
      'github:rancher/rke2-charts@d83185c9 charts/rke2-cilium/rke2-cilium/1.20.102/values.yaml:249-250: image repository "rancher/mirrored-cilium-cilium", tag "v1.20.1" (RKE2 mirrors the upstream image under its own tag)',
    ],
  },
];

/** The containernetworking plugins a calico/cni image installs beside calico and calico-ipam. */
export const CALICO_BUNDLED_PLUGIN_TYPES: readonly string[] = ['loopback', 'host-local', 'portmap', 'tuning', 'bandwidth'];
export const CALICO_BUNDLED_PLUGIN_TYPES_REFERENCES: readonly string[] = [
  'cni-compat.md §4 Calico: "Bundled plugins (loopback, host-local, portmap, tuning, bandwidth; flannel until 3.21), from CNI_VERSION in the Makefile"',
  'cni-compat.json templates["calico-config.cni_network_config"].bundledPlugins',
];

/** One row: calico/cni tags in `calicoCni` install containernetworking/plugins `cniPlugins`. */
export interface CalicoBundledRow {
  /** A semver range over calico/cni (projectcalico cni-plugin) image tags. */
  readonly calicoCni: string;
  /**
   * The containernetworking/plugins release, or null where Calico builds its own fork
   * (calico-fork.ts: the fork's line is numbered by the Calico release).
   */
  readonly cniPlugins: string | null;
  /** What the evidence table records for these tags. */
  readonly evidence: string;
  readonly references: readonly string[];
}

const CALICO_TABLE =
  'cni-compat.md §4 Calico, bundled plugins table (3.0 v0.6.0; 3.2–3.7 v0.7.1 / v0.7.5; 3.8–3.14 v0.8.0; 3.15–3.20 v0.8.6; 3.21–3.22 v1.0.0; 3.23 to 3.28.2 v1.1.1; 3.27.5, 3.28.3 and later projectcalico/containernetworking-plugins master)';
const CALICO_JSON = 'cni-compat.json templates["calico-config.cni_network_config"].bundledPlugins';
const STANDALONE = 'evidence/calico-cni-plugin-standalone-tags.tsv (projectcalico/cni-plugin Makefile CNI_VERSION per tag)';
const MONOREPO = 'evidence/calico-monorepo-tags.tsv (projectcalico/calico cni-plugin/Makefile + metadata.mk CNI_VERSION per tag)';

/**
 * calico/cni image tag → bundled containernetworking/plugins release. Ranges follow the evidence
 * tables tag by tag, which are finer than the summary table in cni-compat.md: v3.1.x and
 * v3.2.0–v3.2.6 bundle v0.6.0, and within 3.3–3.6 the early patches bundle v0.7.1 and the later
 * ones v0.7.5. v0.6.0, v0.7.1 and v0.7.5 select the same data rows (">=0.6.0 <0.8.0") for every
 * bundled type. Tags the evidence records no CNI_VERSION for (v1.0.0–v1.6.1; Calico 3.0.0–3.0.9
 * shipped calico/cni v2.0.x) have no row.
 */
export const CALICO_BUNDLED_CNI_PLUGINS: readonly CalicoBundledRow[] = [
  { calicoCni: '1.6.2', cniPlugins: '0.5.1', evidence: 'v1.6.2: CNI_VERSION=v0.5.1', references: [STANDALONE] },
  { calicoCni: '>=1.7.0 <1.11.0', cniPlugins: '0.5.2', evidence: 'v1.7.0–v1.10.0: CNI_VERSION=v0.5.2', references: [STANDALONE] },
  {
    calicoCni: '>=1.11.0 <1.12.0',
    cniPlugins: '0.6.0',
    evidence: 'v1.11.0–v1.11.8 (Calico 2.6): CNI_VERSION=v0.6.0',
    references: [STANDALONE, 'cni-compat.md §4 Calico: "Calico v2.6.12 ships calico/cni v1.11.8"'],
  },
  {
    calicoCni: '>=2.0.0 <2.1.0',
    cniPlugins: '0.6.0',
    evidence: 'v2.0.0–v2.0.7 (Calico 3.0): CNI_VERSION=v0.6.0',
    references: [STANDALONE, CALICO_TABLE, CALICO_JSON],
  },
  {
    calicoCni: '>=3.0.10 <3.2.7',
    cniPlugins: '0.6.0',
    evidence: 'v3.0.10–v3.0.12, v3.1.0–v3.1.7, v3.2.0–v3.2.6: CNI_VERSION=v0.6.0',
    references: [STANDALONE, CALICO_TABLE],
  },
  { calicoCni: '>=3.2.7 <3.3.0', cniPlugins: '0.7.5', evidence: 'v3.2.7–v3.2.8: CNI_VERSION=v0.7.5', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.3.0 <3.3.6', cniPlugins: '0.7.1', evidence: 'v3.3.0–v3.3.5: CNI_VERSION=v0.7.1', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.3.6 <3.4.0', cniPlugins: '0.7.5', evidence: 'v3.3.6–v3.3.7: CNI_VERSION=v0.7.5', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.4.0 <3.4.4', cniPlugins: '0.7.1', evidence: 'v3.4.0–v3.4.3: CNI_VERSION=v0.7.1', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.4.4 <3.5.0', cniPlugins: '0.7.5', evidence: 'v3.4.4: CNI_VERSION=v0.7.5', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.5.0 <3.5.4', cniPlugins: '0.7.1', evidence: 'v3.5.0–v3.5.3: CNI_VERSION=v0.7.1', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.5.4 <3.6.0', cniPlugins: '0.7.5', evidence: 'v3.5.4–v3.5.8: CNI_VERSION=v0.7.5', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.6.0 <3.6.1', cniPlugins: '0.7.1', evidence: 'v3.6.0: CNI_VERSION=v0.7.1', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.6.1 <3.8.0', cniPlugins: '0.7.5', evidence: 'v3.6.1–v3.6.5, v3.7.0–v3.7.5: CNI_VERSION=v0.7.5', references: [STANDALONE, CALICO_TABLE] },
  { calicoCni: '>=3.8.0 <3.15.0', cniPlugins: '0.8.0', evidence: 'v3.8.0–v3.14.2: CNI_VERSION=v0.8.0', references: [STANDALONE, CALICO_TABLE, CALICO_JSON] },
  { calicoCni: '>=3.15.0 <3.21.0', cniPlugins: '0.8.6', evidence: 'v3.15.0–v3.20.6: CNI_VERSION=v0.8.6', references: [STANDALONE, CALICO_TABLE, CALICO_JSON] },
  {
    calicoCni: '>=3.21.0 <3.23.0',
    cniPlugins: '1.0.0',
    evidence: 'v3.21.0–v3.21.2 (standalone), v3.21.3–v3.22.5 (monorepo): CNI_VERSION=v1.0.0',
    references: [STANDALONE, MONOREPO, CALICO_TABLE, CALICO_JSON],
  },
  {
    calicoCni: '>=3.23.0 <3.27.5',
    cniPlugins: '1.1.1',
    evidence: 'v3.23.0–v3.24.5: CNI_VERSION=v1.1.1; v3.24.6–v3.27.4: CNI_VERSION=v1.1.1-calico+go-1.x (rebuilds of v1.1.1)',
    references: [MONOREPO, CALICO_TABLE, CALICO_JSON],
  },
  {
    calicoCni: '>=3.27.5 <3.28.0',
    cniPlugins: null,
    evidence: 'v3.27.5: CNI_VERSION=master (projectcalico/containernetworking-plugins master: calico-fork.ts)',
    references: [MONOREPO, CALICO_TABLE, CALICO_JSON],
  },
  {
    calicoCni: '>=3.28.0 <3.28.3',
    cniPlugins: '1.1.1',
    evidence: 'v3.28.0–v3.28.2: CNI_VERSION=v1.1.1-calico+go-1.22.x (rebuilds of v1.1.1)',
    references: [MONOREPO, CALICO_TABLE, CALICO_JSON],
  },
  {
    calicoCni: '>=3.28.3',
    cniPlugins: null,
    evidence: 'v3.28.3–v3.28.5, v3.29.0–v3.32.1: CNI_VERSION=master (projectcalico/containernetworking-plugins master: calico-fork.ts)',
    references: [MONOREPO, CALICO_TABLE, CALICO_JSON],
  },
];
