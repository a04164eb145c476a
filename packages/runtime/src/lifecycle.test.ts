import { describe, expect, it } from "vitest";
import { StopStack, stopAll } from "./lifecycle.ts";

describe("stopAll", () => {
  it("when one stop throws, then the others still run in order and the failure is reported", async () => {
    const order: string[] = [];
    const run = stopAll(
      async () => void order.push("consumer"),
      { stop: async () => Promise.reject(new Error("health close failed")).finally(() => order.push("health")) },
      undefined,
      () => void order.push("nats"),
    );
    await expect(run).rejects.toThrow(AggregateError);
    expect(order).toEqual(["consumer", "health", "nats"]);
  });

  it("when a StopStack stops, then steps run last-registered first", async () => {
    const order: string[] = [];
    const stack = new StopStack();
    stack.push(async () => void order.push("nats"));
    stack.push({ stop: async () => void order.push("health") });
    stack.push(async () => void order.push("consumer"));
    await stack.stop();
    expect(order).toEqual(["consumer", "health", "nats"]);
  });
});
