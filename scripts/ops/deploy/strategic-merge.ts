// Kubernetes strategic merge patch, for the lists k8s/ patches: maps merge key by key (null
// deletes), lists of named things merge element by element on their merge key, other lists are
// replaced, and `$patch: delete` on a list element removes it.

/** Merge keys of the core types' lists (from the Kubernetes API's patchMergeKey tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  ports: "containerPort",
  imagePullSecrets: "name",
  tolerations: "key",
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isMap(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function mergeList(key: string, base: Json[], patch: Json[]): Json[] {
  const mergeKey = MERGE_KEYS[key];
  const keyOf = (item: Json): unknown => {
    if (!isMap(item)) return undefined;
    // Container ports merge on containerPort, Service ports on port.
    if (key === "ports") return "containerPort" in item ? `c:${String(item.containerPort)}` : "port" in item ? `p:${String(item.port)}` : undefined;
    return mergeKey === undefined ? undefined : item[mergeKey];
  };
  if (mergeKey === undefined || !patch.every((p) => keyOf(p) !== undefined)) return patch.filter((p) => !(isMap(p) && p.$patch === "delete"));
  const out = [...base];
  for (const p of patch) {
    const i = out.findIndex((b) => keyOf(b) === keyOf(p));
    if (isMap(p) && p.$patch === "delete") {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMerge(out[i]!, p) as Json;
    else out.push(p);
  }
  return out;
}

export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (!isMap(base) || !isMap(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeList(k, out[k] as Json[], v);
    else if (isMap(v) && isMap(out[k])) out[k] = strategicMerge(out[k], v) as Json;
    else out[k] = v;
  }
  return out;
}
