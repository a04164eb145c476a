import { COMMANDS, type CommandName } from "@cliq/contracts";
import { describe, expect, it } from "vitest";
import { COMMAND_EXAMPLES } from "./examples.ts";

describe("documented examples", () => {
  it.each(Object.keys(COMMANDS) as CommandName[])("when %s's example is checked against the contract, then it is a valid reply", (name) => {
    const parsed = COMMANDS[name].reply.safeParse(COMMAND_EXAMPLES[name]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
