import { describe, expect, it } from "vitest";
import { FaultPlan } from "./fault-plan.ts";

describe("FaultPlan", () => {
  it("when a rule has times, then it applies to exactly that many matching requests", () => {
    const plan = new FaultPlan();
    plan.inject({ endpoint: "messages", kind: "status5xx", times: 2 });
    expect(plan.match("channels").fault).toBeUndefined();
    expect(plan.match("messages").fault?.kind).toBe("status5xx");
    expect(plan.match("messages").fault?.kind).toBe("status5xx");
    expect(plan.match("messages").fault).toBeUndefined();
  });

  it("when latency rules match, then their delays add up and the first answering rule still applies", () => {
    const plan = new FaultPlan();
    plan.inject({ endpoint: "any", kind: "latency", latencyMs: 20 });
    plan.inject({ endpoint: "token", kind: "latency", latencyMs: 5 });
    plan.inject({ endpoint: "token", kind: "htmlError", times: 1 });
    plan.inject({ endpoint: "token", kind: "timeout", times: 1 });
    expect(plan.match("token")).toEqual({ latencyMs: 25, fault: { endpoint: "token", kind: "htmlError", times: 1 } });
    expect(plan.match("token").fault?.kind).toBe("timeout");
    expect(plan.match("channel")).toEqual({ latencyMs: 20 });
  });

  it("when a rule has a rate, then the same sequence of outcomes repeats after clear()", () => {
    const run = (plan: FaultPlan) => {
      plan.inject({ endpoint: "any", kind: "status5xx", rate: 0.3 });
      return Array.from({ length: 200 }, () => plan.match("messages").fault !== undefined);
    };
    const plan = new FaultPlan();
    const first = run(plan);
    plan.clear();
    expect(run(plan)).toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it("when a rule is invalid, then inject throws naming the problem", () => {
    const plan = new FaultPlan();
    expect(() => plan.inject({ endpoint: "any", kind: "latency" })).toThrow(/latencyMs/);
    expect(() => plan.inject({ endpoint: "any", kind: "status5xx", rate: 2 })).toThrow(/rate/);
  });
});
