// Validates rendered Kubernetes objects against the API's OpenAPI schemas, offline, with the
// validators kubernetes-models ships per kind (types, required fields, enums, formats such as
// quantities). Those schemas do not reject unknown fields, so the manifest tests also assert the
// fields that matter (probes, securityContext, resources) by their exact names.
import type { K8sObject } from "./kustomize.ts";

type ModelClass = new (data: unknown) => { validate(): void };

/** `apps/v1` + `Deployment` → kubernetes-models/apps/v1/Deployment; core `v1` → kubernetes-models/v1/… */
function modulePath(apiVersion: string, kind: string): string {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) {
    throw new Error(`not a Kubernetes apiVersion/kind: ${apiVersion} ${kind}`);
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** Problems with one object (empty when valid); an unknown apiVersion/kind is a problem too. */
export async function validateK8sObject(o: K8sObject): Promise<string[]> {
  const where = `${o.kind}/${o.metadata.name}`;
  let Model: ModelClass;
  try {
    const mod = (await import(modulePath(o.apiVersion, o.kind))) as Record<string, unknown>;
    Model = mod[o.kind] as ModelClass;
    if (typeof Model !== "function") throw new Error("no model class");
  } catch {
    return [`${where}: ${o.apiVersion} ${o.kind} is not a Kubernetes API type known to kubernetes-models`];
  }
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
}
