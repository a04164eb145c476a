// One channel, 100 simultaneous create requests from three connections, served by three
// replicas (two in this process, each with its own NATS connection and Prisma pool, and one real
// child process running main.ts): exactly one mapping wins; the 99 others are told who holds it.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, type CommandReplyData } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import { ADMIN, startHarness, storedEvents, type Harness } from "./test-support/harness.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

type Child = { process: ChildProcess; output: string[] };

function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${output.join("")}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString("utf8"));
      if (output.join("").includes('"msg":"channel-mapping started"')) {
        clearTimeout(timer);
        resolve({ process: child, output });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (c: Buffer) => output.push(c.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code}:\n${output.join("")}`));
    });
  });
}

function stopChild(child: Child): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve(child.process.exitCode);
    child.process.removeAllListeners("exit");
    child.process.once("exit", (code) => resolve(code));
    child.process.kill("SIGTERM");
  });
}

describe("concurrent creates of the same channel", () => {
  let h: Harness;
  let child: Child | undefined;
  let clients: CommandClient[];

  beforeAll(async () => {
    h = await startHarness({ channels: 4 });
    await h.startInstance();
    await h.startInstance();
    child = await startChild({ ...h.env, LOG_LEVEL: "debug" });
    clients = [h.commands, await h.newCommandClient(), await h.newCommandClient()];
  }, 60_000);

  afterAll(async () => {
    if (child) expect(await stopChild(child)).toBe(0);
    await h?.close();
  });

  it("when 100 creates race for one channel across three replicas, then exactly one succeeds and 99 conflicts name the holder", async () => {
    const owners = await Promise.all(["Acme", "Globex", "Initech", "Umbrella"].map((name) => h.seedClient(name, Array.from({ length: 25 }, (_, i) => ({ name: `${name}-room-${i}` })))));
    const targets = owners.flatMap((o) => o.rooms.map((r) => ({ clientId: o.id, roomId: r.id })));
    const channel = h.sim.channels().find((c) => c.chat_id !== null)!;

    const results = await Promise.allSettled(
      targets.map((t, i) => clients[i % clients.length]!.request("mappingCreate", { actor: ADMIN, ...t, zohoChannelId: channel.channel_id })),
    );

    const won = results.filter((r): r is PromiseFulfilledResult<CommandReplyData<"mappingCreate">> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as AppError);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    const winner = won[0]!.value;
    const holderRoom = targets.find((t) => t.roomId === winner.roomId)!;
    const holderClient = owners.find((o) => o.id === holderRoom.clientId)!;
    for (const err of lost) {
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe("channel_already_mapped");
      expect(err.details).toMatchObject({
        clientId: holderClient.id,
        clientName: holderClient.name,
        roomId: winner.roomId,
        roomName: holderClient.rooms.find((r) => r.id === winner.roomId)!.name,
      });
    }

    expect(await h.t.db.zohoChannelMapping.count({ where: { zohoChannelId: channel.channel_id } })).toBe(1);
    const created = (await storedEvents(h, "mapping")).filter((e) => e.envelope.type === "mapping.created");
    expect(created.map((e) => e.envelope.data.mappingId)).toEqual([winner.id]);
    // The child replica really took part: it refused some of the racing requests itself.
    expect(child!.output.join("").match(/"code":"channel_already_mapped"/g)?.length ?? 0).toBeGreaterThan(0);
  });
});
