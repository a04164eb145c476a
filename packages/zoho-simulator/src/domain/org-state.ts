// The live organisation behind the Cliq endpoints: channels in creation order, one time-
// ordered log per chat (channel chats and thread chats, hidden entries interleaved), and the
// chats a test made unreachable (removed → 404, denied → 403).
import type { GeneratedOrg, SimChannel, SimHiddenEntry, SimMessage, SimUser } from "../types.ts";
import { ChatLog } from "./chat-log.ts";
import { summarise } from "./channel-summary.ts";

export class OrgState {
  readonly users: SimUser[];
  #channels: SimChannel[];
  readonly #logs = new Map<string, ChatLog>();
  readonly #denied = new Set<string>();

  constructor(org: GeneratedOrg) {
    // channels are copied (they change as messages arrive); message objects are shared with
    // the caller's data and never mutated, since deep-copying a bench-sized org takes seconds
    this.users = structuredClone(org.users);
    this.#channels = structuredClone(org.channels);
    for (const [chatId, msgs] of Object.entries(org.messages)) this.#logs.set(chatId, new ChatLog(msgs, org.hidden?.[chatId]));
    for (const [chatId, hidden] of Object.entries(org.hidden ?? {})) if (!this.#logs.has(chatId)) this.#logs.set(chatId, new ChatLog([], hidden));
    for (const ch of this.#channels) if (usableChatId(ch.chat_id) && !this.#logs.has(ch.chat_id)) this.#logs.set(ch.chat_id, new ChatLog());
  }

  channels(): SimChannel[] {
    return this.#channels;
  }

  /** by channel_id, or by unique_name (cliq2teams saw detail-by-slug work, doc §2.4) */
  findChannel(idOrSlug: string): SimChannel | undefined {
    return this.#channels.find((c) => c.channel_id === idOrSlug) ?? this.#channels.find((c) => c.unique_name === idOrSlug);
  }

  chat(chatId: string): { access: "ok"; log: ChatLog } | { access: "missing" } | { access: "denied" } {
    const log = this.#logs.get(chatId);
    if (!log) return { access: "missing" };
    if (this.#denied.has(chatId) || this.#denied.has(parentChatId(chatId))) return { access: "denied" };
    return { access: "ok", log };
  }

  messages(chatId: string): SimMessage[] {
    return this.#logs.get(chatId)?.all() ?? [];
  }

  hiddenEntries(chatId: string): SimHiddenEntry[] {
    return this.#logs.get(chatId)?.hidden() ?? [];
  }

  hiddenCount(chatId: string | null): number {
    return chatId === null ? 0 : (this.#logs.get(chatId)?.hiddenCount ?? 0);
  }

  addMessages(chatId: string, msgs: readonly SimMessage[]): void {
    const log = this.#logOrThrow("addMessages", chatId);
    log.append(structuredClone(msgs));
    this.#resummarise(chatId, log);
  }

  addHiddenEntries(chatId: string, entries: readonly SimHiddenEntry[]): void {
    const log = this.#logOrThrow("addHiddenEntries", chatId);
    log.appendHidden(entries);
    this.#resummarise(chatId, log);
  }

  #logOrThrow(what: string, chatId: string): ChatLog {
    const log = this.#logs.get(chatId);
    if (!log) throw new Error(`${what}: unknown chat_id ${chatId} (add its channel first)`);
    return log;
  }

  #resummarise(chatId: string, log: ChatLog): void {
    const channel = this.#channels.find((c) => c.chat_id === chatId);
    if (channel) summarise(channel, log.size, log.last());
  }

  addChannel(ch: SimChannel): void {
    const copy = structuredClone(ch);
    const at = this.#channels.findIndex((c) => c.channel_id === ch.channel_id);
    if (at >= 0) this.#channels[at] = copy;
    else this.#channels.push(copy);
    if (usableChatId(copy.chat_id) && !this.#logs.has(copy.chat_id)) this.#logs.set(copy.chat_id, new ChatLog());
  }

  /** the channel disappears from the list and its chat (and thread chats) answer 404. */
  removeChannel(channelId: string): void {
    const ch = this.#channels.find((c) => c.channel_id === channelId);
    if (!ch) throw new Error(`removeChannel: unknown channel_id ${channelId}`);
    this.#channels = this.#channels.filter((c) => c !== ch);
    if (!usableChatId(ch.chat_id)) return;
    for (const chatId of [...this.#logs.keys()]) if (chatId === ch.chat_id || parentChatId(chatId) === ch.chat_id) this.#logs.delete(chatId);
  }

  denyChannel(chatId: string): void {
    this.#denied.add(chatId);
  }
}

function usableChatId(chatId: string | null): chatId is string {
  return chatId !== null && chatId !== "null";
}

/** thread chats are `<parent chat>-T-<n>` (doc §2.2) */
function parentChatId(chatId: string): string {
  const at = chatId.indexOf("-T-");
  return at < 0 ? chatId : chatId.slice(0, at);
}
