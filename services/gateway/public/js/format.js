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
