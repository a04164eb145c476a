// What a channel's list entry says about its newest message (doc §2.3 last_message_info).
import type { SimChannel, SimLastMessageInfo, SimMessage } from "../types.ts";
import { formatTime, timeFormOf, toEpochMs, type TimeForm } from "./time.ts";

export function lastMessageInfo(msg: SimMessage, form: TimeForm): SimLastMessageInfo {
  const text = msg.content.text ?? msg.content.comment ?? msg.content.file?.name ?? "";
  return {
    sender_id: msg.sender.id,
    sender_name: msg.sender.name,
    message_type: msg.type,
    time: formatTime(toEpochMs(msg.time), form),
    text,
  };
}

/** last_message_info, last_modified_time and total_message_count from a channel's entry count and newest visible message. */
export function summarise(channel: SimChannel, entries: number, last: SimMessage | undefined): void {
  // entries = visible + hidden: total_message_count counts what the API never returns (doc §2.3 notes)
  channel.total_message_count = String(entries);
  if (!last) return;
  const form = timeFormOf(channel.last_modified_time);
  channel.last_modified_time = formatTime(toEpochMs(last.time), form);
  channel.last_message_info = lastMessageInfo(last, form);
}
