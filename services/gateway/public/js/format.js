// Display formatting: dates in the viewer's locale with a relative hint, durations, counts.

/** "2025-01-06 08:00:00" (local time), or "—" for null. */
export function formatTime(iso) {
  if (iso === null || iso === undefined) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "in 54 min", "3 h ago", relative to `now` (ms). */
export function relativeTime(iso, now = Date.now()) {
  if (iso === null || iso === undefined) return "";
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1_000, "s"],
  ];
  const [size, name] = units.find(([u]) => abs >= u) ?? [1_000, "s"];
  const n = Math.round(abs / size);
  return diff >= 0 ? `in ${n} ${name}` : `${n} ${name} ago`;
}

/** "1.4 s", "820 ms", "2 min 5 s", or "—". */
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** "2025-01-06 09:00:00.123 UTC": one exact millisecond (epoch ms), whatever the viewer's zone. */
export function formatUtcMs(ms) {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.toISOString().slice(0, 23).replace("T", " ")} UTC`;
}

/**
 * A job warning (SyncWarning) as a sentence. `channelChatId`, when given, names a thread's chat
 * apart from the channel's own. Unknown codes show the worker's message.
 */
export function describeWarning(w, channelChatId) {
  if (w.code !== "unreachable_messages") return w.message;
  const where = channelChatId !== undefined && w.chatId !== channelChatId ? ` in thread chat ${w.chatId}` : "";
  // A full page of one millisecond: how many more there are is unknown, only that one page holds no more.
  return `More messages share ${formatUtcMs(w.time)}${where} than one Zoho page holds: ${w.seen} were read, the rest cannot be reached through the Zoho API.`;
}
