// A small kustomize renderer for the subset k8s/ uses, so the overlays can be rendered and
// validated offline without the kustomize binary: resources (files and directories), namespace,
// labels (metadata + pod templates, never selectors), images, replicas, and strategic-merge
// patches matched by kind and name. Anything else in a kustomization.yaml is an error rather than
// silently ignored, so this never renders something kustomize would render differently.
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { strategicMerge } from "./strategic-merge.ts";

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown }; [k: string]: unknown };

type Kustomization = {
  resources?: string[];
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path?: string; patch?: string }>;
};

const SUPPORTED = new Set(["apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass"]);

export class KustomizeError extends Error {
  override readonly name = "KustomizeError";
}

export function readYamlObjects(file: string): K8sObject[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const out: K8sObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new KustomizeError(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const o = value as Partial<K8sObject>;
    if (typeof o.apiVersion !== "string" || typeof o.kind !== "string" || typeof o.metadata?.name !== "string") {
      throw new KustomizeError(`${file}: every document needs apiVersion, kind and metadata.name`);
    }
    out.push(o as K8sObject);
  }
  return out;
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, "kustomization.yaml");
  const k = readYamlObjectsLoose(file) as Kustomization & Record<string, unknown>;
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new KustomizeError(`${file}: "${key}" is not supported by this renderer`);
  for (const l of k.labels ?? []) if (l.includeSelectors) throw new KustomizeError(`${file}: labels.includeSelectors is not supported (selectors are immutable; label them in the base)`);
  return k;
}

function readYamlObjectsLoose(file: string): unknown {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  if (docs.length !== 1 || docs[0]!.errors.length > 0) throw new KustomizeError(`${file}: expected one YAML document`);
  return docs[0]!.toJS();
}

type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> };
type WithTemplate = { template?: PodTemplate; jobTemplate?: { metadata?: { labels?: Record<string, string> }; spec?: { template?: PodTemplate } } };

/** Pod templates inside an object (Deployment-like, Job, CronJob). */
export function podTemplatesOf(o: K8sObject): PodTemplate[] {
  const spec = o.spec as WithTemplate | undefined;
  const template = o.kind === "CronJob" ? spec?.jobTemplate?.spec?.template : spec?.template;
  return template !== undefined && typeof template === "object" ? [template] : [];
}

function containersOf(o: K8sObject): Array<{ image?: string }> {
  return podTemplatesOf(o).flatMap((t) => [...((t.spec?.containers as Array<{ image?: string }>) ?? []), ...((t.spec?.initContainers as Array<{ image?: string }>) ?? [])]);
}

function imageName(image: string): string {
  const at = image.indexOf("@");
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function addLabels(target: { labels?: Record<string, string> } | undefined, pairs: Record<string, string>): void {
  if (target === undefined) return;
  target.labels = { ...(target.labels ?? {}), ...pairs };
}

function applyPatch(objects: K8sObject[], patch: K8sObject, where: string): K8sObject[] {
  let matched = false;
  const out = objects.map((o) => {
    if (o.kind !== patch.kind || o.metadata.name !== patch.metadata.name || o.apiVersion !== patch.apiVersion) return o;
    matched = true;
    return strategicMerge(o, patch) as K8sObject;
  });
  if (!matched) throw new KustomizeError(`${where}: patch target ${patch.kind}/${patch.metadata.name} not found`);
  return out;
}

/** Renders the kustomization in `dir` (a directory holding kustomization.yaml). */
export function renderKustomization(dir: string): K8sObject[] {
  const root = resolve(dir);
  const k = readKustomization(root);
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = resolve(root, r);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readYamlObjects(path)));
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    if (seen.has(id)) throw new KustomizeError(`${root}: ${o.kind} ${o.metadata.name} is defined twice`);
    seen.add(id);
  }
  for (const p of k.patches ?? []) {
    const where = p.path === undefined ? `${root} (inline patch)` : join(root, p.path);
    const docs = p.path !== undefined ? readYamlObjects(join(root, p.path)) : parseAllDocuments(p.patch ?? "").map((d) => d.toJS() as K8sObject);
    for (const patch of docs) objects = applyPatch(objects, patch, where);
  }
  for (const r of k.replicas ?? []) {
    const target = objects.find((o) => ["Deployment", "StatefulSet"].includes(o.kind) && o.metadata.name === r.name);
    if (target === undefined) throw new KustomizeError(`${root}: replicas target ${r.name} not found`);
    (target.spec as Record<string, unknown>).replicas = r.count;
  }
  for (const img of k.images ?? []) {
    for (const c of objects.flatMap(containersOf)) {
      if (c.image === undefined || imageName(c.image) !== img.name) continue;
      const tag = img.digest !== undefined ? `@${img.digest}` : img.newTag !== undefined ? `:${img.newTag}` : c.image.slice(imageName(c.image).length);
      c.image = `${img.newName ?? img.name}${tag}`;
    }
  }
  if (k.namespace !== undefined) for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  for (const l of k.labels ?? []) {
    for (const o of objects) {
      addLabels(o.metadata, l.pairs);
      if (!l.includeTemplates) continue;
      for (const t of podTemplatesOf(o)) addLabels((t.metadata ??= {}), l.pairs);
      const jobTemplate = (o.spec as WithTemplate | undefined)?.jobTemplate;
      if (o.kind === "CronJob" && jobTemplate !== undefined) addLabels((jobTemplate.metadata ??= {}), l.pairs);
    }
  }
  return objects;
}
