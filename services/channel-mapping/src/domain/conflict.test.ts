import { describe, expect, it } from "vitest";
import { channelAlreadyMapped, roomAlreadyMapped } from "./conflict.ts";

describe("mapping conflicts", () => {
  it("when a channel is taken, then the error names the client and room that hold it", () => {
    const err = channelAlreadyMapped("T4000000040005", { mappingId: "m1", clientId: "c1", clientName: "Acme", roomId: "r1", roomName: "Ops" });
    expect(err.code).toBe("channel_already_mapped");
    expect(err.message).toContain('room "Ops" of client "Acme"');
    expect(err.details).toMatchObject({ clientId: "c1", clientName: "Acme", roomId: "r1", roomName: "Ops" });
  });

  it("when a room is taken, then the error names the channel it is mapped to", () => {
    const err = roomAlreadyMapped("r1", "Ops", { mappingId: "m1", zohoChannelId: "T1", zohoChannelName: "#sales" });
    expect(err.code).toBe("room_already_mapped");
    expect(err.message).toContain("#sales (T1)");
  });
});
