import { describe, expect, it } from "vitest";
import { escapeHtml, renderRecordsPage } from "./html-page.ts";
import type { IngestRecord } from "./sink-state.ts";

function record(transcript: string, channelName = "general"): IngestRecord {
  return {
    key: "k1",
    receivedAt: "2025-01-02T03:04:07.000Z",
    jobId: "j1",
    body: {
      source: "zoho_cliq",
      client_id: "00000000-0000-0000-0000-000000000001",
      room_id: "00000000-0000-0000-0000-000000000002",
      channel: { id: "T1", chat_id: "CT1", name: channelName },
      transcript,
      message_count: 1,
      first_message_time: "2025-01-02T03:04:05.000Z",
      last_message_time: "2025-01-02T03:04:05.000Z",
      message_ids_digest: "d",
    },
  };
}

describe("records page", () => {
  it("when text holds HTML special characters, then they are escaped", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("when a transcript or channel name contains markup, then the page shows it as text", () => {
    const page = renderRecordsPage([record("[2025-01-02 03:04:05] Eve: <script>alert(1)</script>", "<b>x</b>")]);
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<b>x</b>");
    expect(page).toContain("Eve: &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("when nothing was delivered, then the page says so", () => {
    expect(renderRecordsPage([])).toContain("Nothing delivered yet.");
  });
});
