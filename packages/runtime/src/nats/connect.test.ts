import { describe, expect, it } from "vitest";
import { natsConnectionOptions } from "./connect.ts";

describe("natsConnectionOptions", () => {
  it("when the URL carries credentials, then they become auth options and leave the server list", () => {
    expect(natsConnectionOptions("nats://app:s3cret@nats.internal:4222")).toEqual({ servers: "nats://nats.internal:4222", user: "app", pass: "s3cret" });
    expect(natsConnectionOptions("nats://tok3n@nats.internal:4222")).toEqual({ servers: "nats://nats.internal:4222", token: "tok3n" });
  });
  it("when the URL has no credentials, then it is used as is", () => {
    expect(natsConnectionOptions("nats://127.0.0.1:4222")).toEqual({ servers: "nats://127.0.0.1:4222" });
  });
});
