// The page a person running `npm start` opens to read what was delivered. Everything shown
// comes from request bodies, so every value is escaped.
import type { IngestRecord } from "./sink-state.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const MAX_SHOWN = 50;

export function renderRecordsPage(recordsNewestFirst: readonly IngestRecord[]): string {
  const shown = recordsNewestFirst.slice(0, MAX_SHOWN);
  const items = shown.map(renderRecord).join("\n");
  const more = recordsNewestFirst.length > MAX_SHOWN ? `<p>… and ${recordsNewestFirst.length - MAX_SHOWN} older documents.</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Ingest sink — ${recordsNewestFirst.length} documents</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
article { border: 1px solid #ccc; border-radius: 6px; padding: 0.75rem 1rem; margin-bottom: 1rem; }
pre { background: #f6f6f6; padding: 0.5rem; white-space: pre-wrap; word-break: break-word; }
.meta { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>Ingest sink</h1>
<p>${recordsNewestFirst.length} transcript documents received (newest first; refreshes every 5 s).</p>
${items === "" ? "<p>Nothing delivered yet.</p>" : items}
${more}
</body>
</html>
`;
}

function renderRecord(record: IngestRecord): string {
  const b = record.body;
  return `<article>
<h2>#${escapeHtml(b.channel.name)} → room ${escapeHtml(b.room_id)}</h2>
<p class="meta">client ${escapeHtml(b.client_id)} · ${b.message_count} messages · ${escapeHtml(b.first_message_time)} – ${escapeHtml(b.last_message_time)} · received ${escapeHtml(record.receivedAt)} · job ${escapeHtml(record.jobId)} · key ${escapeHtml(record.key)}</p>
<pre>${escapeHtml(b.transcript)}</pre>
</article>`;
}
