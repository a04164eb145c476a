// An in-memory chat with the messages API's window rule, for unit tests of the paging logic:
// the NEWEST `limit` messages in [fromtime, totime] (inclusive), ties at one millisecond broken by
// arrival order (as Cliq and the simulator do), each page returned ascending by (time, id).
import { compareMessages, type MessageRef } from "../domain/cursor.ts";
import type { PageQuery } from "./message-source.ts";

export class FakeChat {
  readonly #messages: MessageRef[] = [];
  requests: PageQuery[] = [];

  constructor(messages: readonly MessageRef[] = []) {
    this.add(messages);
  }

  /** Appends after every message of the same or an earlier millisecond. */
  add(messages: readonly MessageRef[]): void {
    for (const m of messages) {
      let i = this.#messages.length;
      while (i > 0 && (this.#messages[i - 1] as MessageRef).time > m.time) i--;
      this.#messages.splice(i, 0, m);
    }
  }

  all(): MessageRef[] {
    return [...this.#messages].sort(compareMessages);
  }

  page(q: PageQuery): MessageRef[] {
    this.requests.push(q);
    const inWindow = this.#messages.filter((m) => m.time >= q.fromTime && (q.toTime === null || m.time <= q.toTime));
    return inWindow.slice(Math.max(0, inWindow.length - q.limit)).sort(compareMessages);
  }
}

/** `count` messages from `start`, `spacing` ms apart, with `sameMsEvery`-th sharing the previous ms. */
export function generateMessages(count: number, start = 1_000_000, spacing = 1_000, sameMsEvery = 7): MessageRef[] {
  const out: MessageRef[] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % sameMsEvery !== 0) t += spacing;
    // Random-looking suffixes so id order and arrival order differ inside a millisecond.
    out.push({ time: t, id: `${t}_${((i * 7919) % 1000).toString().padStart(3, "0")}` });
  }
  return out;
}
