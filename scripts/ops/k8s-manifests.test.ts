// k8s/: both overlays rendered offline (scripts/ops/deploy/kustomize.ts), every object validated
// against the Kubernetes API schemas, and the properties operations rely on asserted by name.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sharedBudgetOptions, type ZohoBudgetConfig } from "@cliq/zoho-limiter";
import { describe, expect, it } from "vitest";
import { validateK8sObject } from "./deploy/k8s-schema.ts";
import { podTemplatesOf, readYamlObjects, renderKustomization, type K8sObject } from "./deploy/kustomize.ts";
import { checkServiceEnv, serviceOfCommand, SERVICE_NAMES, variablesOf, type ServiceName } from "./deploy/service-env.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const OVERLAYS = { staging: "cliq-sync-staging", production: "cliq-sync" } as const;
const DEPLOYMENTS = ["gateway", "auth", "channel-mapping", "sync-worker"];
const APP_USER = 1000;

/** Values an operator would put in the real Secret (the template holds placeholders). */
const SECRET_VALUES: Record<string, string> = {
  NATS_URL: "tls://cliq:pw@nats.internal:4222",
  DATABASE_URL: "postgresql://cliq:pw@db.internal:5432/cliq_sync?sslmode=require",
  REDIS_URL: "rediss://:pw@redis.internal:6380",
  ZOHO_CLIENT_SECRET: "zoho-secret",
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  INGEST_TOKEN: "ingest-token",
  JWT_SECRET: randomBytes(32).toString("hex"),
  SERVICE_TOKEN: randomBytes(24).toString("hex"),
};
const secretTemplate = readYamlObjects(`${root}k8s/base/secret.example.yaml`)[0] as K8sObject & { stringData: Record<string, string> };

type Container = {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
};
type Probe = { httpGet?: { path: string; port: string | number } };
type PodSpec = { containers: Container[]; volumes?: Array<{ name: string; emptyDir?: object }>; securityContext?: Record<string, unknown>; automountServiceAccountToken?: boolean };

const spec = (o: K8sObject) => o.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const podSpecOf = (o: K8sObject) => podTemplatesOf(o)[0]!.spec as unknown as PodSpec;
const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`${kind}/${name} is not rendered`);
  return o;
};

function environmentOf(objects: K8sObject[], c: Container): { env: Record<string, string>; explicit: string[] } {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, (named(objects, "ConfigMap", from.configMapRef.name) as unknown as { data: Record<string, string> }).data);
    if (from.secretRef) throw new Error(`${c.name} takes a whole Secret (envFrom secretRef); use secretKeyRef per key`);
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const cm = e.valueFrom?.configMapKeyRef;
    env[e.name] = ref ? SECRET_VALUES[ref.key]! : cm ? (named(objects, "ConfigMap", cm.name) as unknown as { data: Record<string, string> }).data[cm.key]! : (e.value ?? "");
  }
  return { env, explicit: (c.env ?? []).map((e) => e.name) };
}

function serviceContainers(objects: K8sObject[]): Array<{ owner: K8sObject; container: Container; service: ServiceName }> {
  return objects.flatMap((o) =>
    podTemplatesOf(o).flatMap((t) =>
      ((t.spec?.containers as Container[]) ?? []).flatMap((c) => {
        const service = serviceOfCommand([...(c.command ?? []), ...(c.args ?? [])]);
        return service === undefined ? [] : [{ owner: o, container: c, service }];
      }),
    ),
  );
}

describe("the fixture Secret", () => {
  it("when compared with secret.example.yaml, then it has exactly the template's keys", () => {
    expect(Object.keys(SECRET_VALUES).sort()).toEqual(Object.keys(secretTemplate.stringData).sort());
  });
});

describe.each(Object.entries(OVERLAYS))("k8s/overlays/%s", (overlay, namespace) => {
  const objects = renderKustomization(`${root}k8s/overlays/${overlay}`);
  const workloads = objects.filter((o) => podTemplatesOf(o).length > 0);

  it("when rendered, then every object is valid against the Kubernetes API schema and lands in the overlay's namespace", async () => {
    const problems = (await Promise.all(objects.map(validateK8sObject))).flat();
    expect(problems).toEqual([]);
    expect(objects.filter((o) => o.metadata.namespace !== namespace).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(byKind(objects, "Deployment").map((o) => o.metadata.name).sort()).toEqual([...DEPLOYMENTS].sort());
    expect(serviceContainers(objects).map((s) => s.service).sort()).toEqual(expect.arrayContaining([...SERVICE_NAMES].sort()));
  });

  it("when pods start, then they run non-root on a read-only root filesystem with a writable /tmp, no privileges and bounded resources", () => {
    for (const o of workloads) {
      const pod = podSpecOf(o);
      const where = `${o.kind}/${o.metadata.name}`;
      expect({ where, pod: pod.securityContext, token: pod.automountServiceAccountToken }).toEqual({
        where,
        pod: expect.objectContaining({ runAsNonRoot: true, runAsUser: APP_USER, seccompProfile: { type: "RuntimeDefault" } }),
        token: false,
      });
      const tmp = pod.volumes?.find((v) => v.emptyDir !== undefined);
      for (const c of pod.containers) {
        expect({ where, sc: c.securityContext }).toEqual({ where, sc: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } });
        expect({ where, tmp: c.volumeMounts?.find((m) => m.mountPath === "/tmp")?.name }).toEqual({ where, tmp: tmp?.name ?? "missing emptyDir" });
        for (const kind of ["requests", "limits"] as const) {
          expect({ where, kind, keys: Object.keys(c.resources?.[kind] ?? {}).sort() }).toEqual({ where, kind, keys: ["cpu", "memory"] });
        }
        expect({ where, image: c.image }).toEqual({ where, image: expect.stringMatching(/^registry\.example\.com\/cliq-sync:(?!latest$)[\w.-]+$/) });
      }
    }
  });

  it("when the kubelet probes a Deployment, then startup, liveness and readiness hit /healthz, /healthz, /readyz on the port the service listens on", () => {
    for (const d of byKind(objects, "Deployment")) {
      const c = podSpecOf(d).containers[0]!;
      const { env } = environmentOf(objects, c);
      const port = d.metadata.name === "gateway" ? env.PORT : env.HEALTH_PORT;
      const probePaths = [c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => p?.httpGet?.path);
      expect({ d: d.metadata.name, probePaths }).toEqual({ d: d.metadata.name, probePaths: ["/healthz", "/healthz", "/readyz"] });
      for (const p of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
        const named = c.ports?.find((x) => x.name === p?.httpGet?.port);
        expect({ d: d.metadata.name, port: named?.containerPort }).toEqual({ d: d.metadata.name, port: Number(port) });
      }
      if (d.metadata.name !== "gateway") expect({ d: d.metadata.name, host: env.HEALTH_HOST }).toEqual({ d: d.metadata.name, host: "0.0.0.0" });
      const annotations = (podTemplatesOf(d)[0]!.metadata as { annotations?: Record<string, string> }).annotations ?? {};
      expect({ d: d.metadata.name, scrapePort: annotations["prometheus.io/port"] }).toEqual({ d: d.metadata.name, scrapePort: String(port) });
    }
  });

  it("when a service container starts, then its own config schema accepts the ConfigMap plus its env, and it is given only secrets it reads", () => {
    const secretKeys = new Set(Object.keys(secretTemplate.stringData));
    for (const { owner, container, service } of serviceContainers(objects)) {
      const where = `${owner.kind}/${owner.metadata.name}`;
      const { env, explicit } = environmentOf(objects, container);
      expect({ where, problems: checkServiceEnv(service, env, { strict: false }).problems }).toEqual({ where, problems: [] });
      const known = variablesOf(service);
      expect({ where, unread: explicit.filter((n) => !known.has(n)) }).toEqual({ where, unread: [] });
      for (const e of container.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) expect({ where, ref }).toEqual({ where, ref: { name: secretTemplate.metadata.name, key: expect.toSatisfy((k: string) => secretKeys.has(k)) } });
      }
    }
    const config = named(objects, "ConfigMap", "cliq-sync-config") as unknown as { data: Record<string, string> };
    const readBySome = new Set(SERVICE_NAMES.flatMap((s) => [...variablesOf(s)]));
    expect(Object.keys(config.data).filter((k) => !readBySome.has(k))).toEqual([]);
  });

  it("when channel-mapping and the sync workers call Zoho, then they draw from one shared budget", () => {
    const configOf = (service: ServiceName) => {
      const s = serviceContainers(objects).find((x) => x.service === service)!;
      return checkServiceEnv(service, environmentOf(objects, s.container).env, { strict: false }).config!;
    };
    const mapping = configOf("channel-mapping");
    const worker = configOf("sync-worker");
    // Same id, budgets, window and spacing: the settings in Redis do not depend on who started last.
    expect(sharedBudgetOptions(mapping as unknown as ZohoBudgetConfig)).toEqual(sharedBudgetOptions(worker as unknown as ZohoBudgetConfig));
  });

  it("when the daily sweep runs, then the scheduler is a non-overlapping CronJob at 02:00 whose schedule matches the slot maths", () => {
    const cron = named(objects, "CronJob", "scheduler");
    expect([spec(cron).schedule, spec(cron).timeZone, spec(cron).concurrencyPolicy]).toEqual(["0 2 * * *", "UTC", "Forbid"]);
    const c = podSpecOf(cron).containers[0]!;
    expect(c.command).toEqual(["node_modules/.bin/tsx", "services/scheduler/src/main.ts", "run-once"]);
    const { env } = environmentOf(objects, c);
    expect([env.SCHEDULE_CRON, env.SCHEDULE_TIMEZONE]).toEqual([spec(cron).schedule, spec(cron).timeZone]);
    expect(podSpecOf(named(objects, "Job", "migrate")).containers[0]!.command).toEqual(["node", "node_modules/prisma/build/index.js", "migrate", "deploy"]);
  });

  it("when nodes are drained or load grows, then every Deployment has a PDB selecting its pods and the sync workers autoscale", () => {
    for (const d of byKind(objects, "Deployment")) {
      const labels = podTemplatesOf(d)[0]!.metadata!.labels!;
      const selects = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
      expect(spec(d).selector.matchLabels).toSatisfy(selects);
      const pdb = byKind(objects, "PodDisruptionBudget").find((p) => selects(spec(p).selector.matchLabels));
      expect({ d: d.metadata.name, pdb: pdb?.metadata.name }).toEqual({ d: d.metadata.name, pdb: d.metadata.name });
    }
    const hpa = named(objects, "HorizontalPodAutoscaler", "sync-worker");
    expect(spec(hpa).scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "sync-worker" });
    expect(spec(hpa).minReplicas).toBeLessThanOrEqual(spec(hpa).maxReplicas);
  });

  it("when traffic arrives, then only the gateway's HTTP port and the metrics port (from monitoring) are open, and the gateway Service reaches its pods", () => {
    const policies = byKind(objects, "NetworkPolicy");
    expect(policies.find((p) => Object.keys(spec(p).podSelector).length === 0 && spec(p).policyTypes.includes("Ingress") && spec(p).ingress === undefined)).toBeDefined();
    const ingressPorts = policies.flatMap((p) => (spec(p).ingress ?? []).flatMap((r: { ports?: Array<{ port: number }> }) => (r.ports ?? []).map((x) => x.port)));
    expect(ingressPorts.sort()).toEqual([8080, 9090]);
    const svc = named(objects, "Service", "gateway");
    const gw = named(objects, "Deployment", "gateway");
    expect(spec(svc).selector).toEqual(spec(gw).selector.matchLabels);
    expect(podSpecOf(gw).containers[0]!.ports!.map((p) => p.name)).toContain(spec(svc).ports[0].targetPort);
  });

  it("when containers start, then every file their commands name exists in the image's source tree", () => {
    for (const o of workloads) {
      for (const c of podSpecOf(o).containers) {
        for (const arg of [...(c.command ?? []), ...(c.args ?? [])].filter((a) => a.includes("/"))) {
          expect({ arg, exists: existsSync(`${root}${arg}`) }).toEqual({ arg, exists: true });
        }
      }
    }
  });
});

describe("Dockerfile", () => {
  it("when the image runs, then it runs as the non-root uid the pods require, with tsx as the entrypoint the k8s args rely on", () => {
    const text = readFileSync(`${root}Dockerfile`, "utf8");
    const finalStage = text.slice(text.lastIndexOf("\nFROM "));
    expect(finalStage).toMatch(new RegExp(`^USER ${APP_USER}:${APP_USER}$`, "m"));
    expect(finalStage).toMatch(/^ENTRYPOINT \["node_modules\/\.bin\/tsx"\]$/m);
    expect(text).toMatch(/npm ci --ignore-scripts/);
  });
});
