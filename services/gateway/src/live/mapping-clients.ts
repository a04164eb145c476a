// Which client a mapping belongs to, for filtering sync events (they carry only the mappingId).
// A mapping never moves to another client, so answers are cached for the life of the process;
// mapping.created events seed the cache without a command.
import { AppError, type Actor } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";

export type MappingClients = {
  /** The mapping's client id; null when the mapping no longer exists. Other failures throw. */
  clientOf(mappingId: string, actor: Actor): Promise<string | null>;
  remember(mappingId: string, clientId: string): void;
};

export function createMappingClients(commands: Pick<CommandClient, "request">, maxEntries = 10_000): MappingClients {
  const known = new Map<string, string>();
  const asking = new Map<string, Promise<string | null>>();

  function remember(mappingId: string, clientId: string): void {
    known.delete(mappingId);
    known.set(mappingId, clientId);
    // Map iterates in insertion order: the first key is the least recently learned.
    if (known.size > maxEntries) known.delete(known.keys().next().value as string);
  }

  async function ask(mappingId: string, actor: Actor): Promise<string | null> {
    try {
      const mapping = await commands.request("mappingGet", { actor, mappingId });
      remember(mappingId, mapping.clientId);
      return mapping.clientId;
    } catch (err) {
      if (err instanceof AppError && err.code === "mapping_not_found") return null;
      throw err;
    }
  }

  return {
    remember,
    async clientOf(mappingId, actor) {
      const cached = known.get(mappingId);
      if (cached !== undefined) return cached;
      let pending = asking.get(mappingId);
      if (pending === undefined) {
        pending = ask(mappingId, actor).finally(() => asking.delete(mappingId));
        asking.set(mappingId, pending);
      }
      return pending;
    },
  };
}
