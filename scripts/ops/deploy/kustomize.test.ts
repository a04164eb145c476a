import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KustomizeError, renderKustomization, type K8sObject } from "./kustomize.ts";
import { strategicMerge } from "./strategic-merge.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kustomize-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: cliq-sync
          env: [{ name: A, value: "1" }, { name: B, value: "2" }]
          resources: { requests: { cpu: 100m } }
        - name: side
          image: other:1.0
`;
const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: { name: job }
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec: { restartPolicy: Never, containers: [{ name: job, image: cliq-sync }] }
`;

function find(objects: K8sObject[], kind: string, name: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`${kind}/${name} not rendered`);
  return o;
}

describe("renderKustomization", () => {
  it("when an overlay sets namespace, labels, images, replicas and a patch, then the base objects come out transformed like kustomize does", () => {
    write("base/kustomization.yaml", "resources: [app.yaml, cron.yaml]\n");
    write("base/app.yaml", DEPLOYMENT);
    write("base/cron.yaml", CRONJOB);
    write("env/kustomization.yaml", `namespace: prod
resources: [../base]
labels: [{ pairs: { env: prod }, includeTemplates: true }]
images: [{ name: cliq-sync, newName: registry.example.com/cliq-sync, newTag: "1.2.3" }]
replicas: [{ name: web, count: 5 }]
patches: [{ path: patch.yaml }]
`);
    write("env/patch.yaml", `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          env: [{ name: B, value: "20" }, { name: C, value: "3" }]
          resources: { limits: { memory: 1Gi } }
`);
    const out = renderKustomization(join(dir, "env"));
    const web = find(out, "Deployment", "web");
    expect(web.metadata).toEqual({ name: "web", namespace: "prod", labels: { app: "web", env: "prod" } });
    expect(web.spec.replicas).toBe(5);
    expect(web.spec.selector).toEqual({ matchLabels: { app: "web" } });
    expect(web.spec.template.metadata.labels).toEqual({ app: "web", env: "prod" });
    const [main, side] = web.spec.template.spec.containers;
    expect(main).toEqual({
      name: "web",
      image: "registry.example.com/cliq-sync:1.2.3",
      env: [{ name: "A", value: "1" }, { name: "B", value: "20" }, { name: "C", value: "3" }],
      resources: { requests: { cpu: "100m" }, limits: { memory: "1Gi" } },
    });
    expect(side.image).toBe("other:1.0");
    const job = find(out, "CronJob", "job");
    expect(job.metadata.namespace).toBe("prod");
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].image).toBe("registry.example.com/cliq-sync:1.2.3");
    expect(job.spec.jobTemplate.spec.template.metadata.labels).toEqual({ env: "prod" });
  });

  it("when a kustomization uses a field this renderer does not implement, then it refuses instead of ignoring it", () => {
    write("k/kustomization.yaml", "resources: []\nnamePrefix: x-\n");
    expect(() => renderKustomization(join(dir, "k"))).toThrow(new KustomizeError(`${join(dir, "k", "kustomization.yaml")}: "namePrefix" is not supported by this renderer`));
    write("s/kustomization.yaml", "labels: [{ pairs: { a: b }, includeSelectors: true }]\n");
    expect(() => renderKustomization(join(dir, "s"))).toThrow(/includeSelectors is not supported/);
  });

  it("when a patch names an object that does not exist, then rendering fails naming it", () => {
    write("k/kustomization.yaml", "resources: [app.yaml]\npatches: [{ path: p.yaml }]\n");
    write("k/app.yaml", DEPLOYMENT);
    write("k/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: wbe }\nspec: { replicas: 1 }\n");
    expect(() => renderKustomization(join(dir, "k"))).toThrow(/patch target Deployment\/wbe not found/);
  });
});

describe("strategicMerge", () => {
  it("when lists have merge keys, then elements merge by key; other lists are replaced; null and $patch: delete remove", () => {
    const base = { a: 1, b: { c: 2, d: 3 }, args: ["x"], volumes: [{ name: "tmp", emptyDir: {} }, { name: "old", emptyDir: {} }], ports: [{ containerPort: 80, name: "http" }] };
    const patch = { b: { d: null }, args: ["y"], volumes: [{ name: "old", $patch: "delete" }, { name: "new", emptyDir: {} }], ports: [{ containerPort: 80, protocol: "TCP" }] };
    expect(strategicMerge(base, patch)).toEqual({
      a: 1,
      b: { c: 2 },
      args: ["y"],
      volumes: [{ name: "tmp", emptyDir: {} }, { name: "new", emptyDir: {} }],
      ports: [{ containerPort: 80, name: "http", protocol: "TCP" }],
    });
  });
});
