// A mapping's sync runs as a table: type, status, fetched, processed, time, error and warnings,
// and Retry on failed runs.
import { h } from "../dom.js";
import { hintFor } from "../errors.js";
import { describeWarning, formatDuration, formatTime } from "../format.js";

const STATUS_LABEL = { pending: "⏳ pending", running: "🔵 running", completed: "✅ completed", failed: "❌ failed" };
/** Warnings listed in a row; the rest are counted. */
const SHOWN_WARNINGS = 3;

/** A job's warnings as text lines, tagged "Warning" (text and CSS, no icon font needed) unless the caller's title is. */
export function warningLines(warnings, channelChatId, { shown = SHOWN_WARNINGS, tagged = true } = {}) {
  const lines = warnings.slice(0, shown).map((w) => h("div", { class: "warn-line" }, tagged ? [h("span", { class: "tag warn" }, "Warning"), " "] : null, describeWarning(w, channelChatId)));
  if (warnings.length > shown) lines.push(h("div", { class: "warn-line muted" }, `and ${warnings.length - shown} more ${warnings.length - shown === 1 ? "millisecond" : "milliseconds"} like it`));
  return lines;
}

/**
 * @param {object[]} jobs newest first
 * @param {{ onRetry: (job: object, button: HTMLButtonElement) => void, onOlder?: () => void, canRetry: boolean, chatId?: string }} opts
 */
export function jobTable(jobs, { onRetry, onOlder, canRetry, chatId }) {
  if (jobs.length === 0) return h("p", { class: "muted small" }, "No sync has run yet.");
  const rows = jobs.map((job) => {
    const retry = job.status === "failed" && canRetry ? h("button", { type: "button", class: "small" }, "Retry") : null;
    retry?.addEventListener("click", () => onRetry(job, retry));
    const error = job.errorCode ? [h("span", { class: "mono" }, job.errorCode), ": ", job.errorMessage ?? "", hintFor(job.errorCode) ? h("div", { class: "muted" }, hintFor(job.errorCode)) : null] : "";
    const warnings = job.warnings ?? [];
    return h(
      "tr",
      { class: `job-${job.status}${warnings.length > 0 ? " job-warned" : ""}`, dataset: { jobId: job.id, jobStatus: job.status, jobType: job.jobType, jobWarnings: String(warnings.length) } },
      h("td", {}, job.jobType),
      h("td", {}, STATUS_LABEL[job.status] ?? job.status),
      h("td", { class: "num", dataset: { col: "fetched" } }, String(job.messagesFetched)),
      h("td", { class: "num", dataset: { col: "processed" } }, String(job.messagesProcessed)),
      h("td", { class: "num" }, formatDuration(job.processingTimeMs)),
      h("td", {}, formatTime(job.requestedAt)),
      h("td", { dataset: { col: "problems" } }, error, warningLines(warnings, chatId)),
      h("td", {}, retry),
    );
  });
  return h(
    "div",
    {},
    // On a narrow screen the table scrolls inside the card instead of widening the page.
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "jobs" },
        h("thead", {}, h("tr", {}, ["Type", "Status", "Fetched", "Processed", "Time", "Requested", "Error / warnings", ""].map((c) => h("th", {}, c)))),
        h("tbody", {}, rows),
      ),
    ),
    onOlder ? h("button", { type: "button", class: "small", onclick: onOlder }, "Show older runs") : null,
  );
}
