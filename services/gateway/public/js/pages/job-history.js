// A mapping's sync runs as a table: type, status, fetched, processed, time, error, and Retry
// on failed runs.
import { h } from "../dom.js";
import { hintFor } from "../errors.js";
import { formatDuration, formatTime } from "../format.js";

const STATUS_LABEL = { pending: "⏳ pending", running: "🔵 running", completed: "✅ completed", failed: "❌ failed" };

/**
 * @param {object[]} jobs newest first
 * @param {{ onRetry: (job: object, button: HTMLButtonElement) => void, onOlder?: () => void, canRetry: boolean }} opts
 */
export function jobTable(jobs, { onRetry, onOlder, canRetry }) {
  if (jobs.length === 0) return h("p", { class: "muted small" }, "No sync has run yet.");
  const rows = jobs.map((job) => {
    const retry = job.status === "failed" && canRetry ? h("button", { type: "button", class: "small" }, "Retry") : null;
    retry?.addEventListener("click", () => onRetry(job, retry));
    const error = job.errorCode ? [h("span", { class: "mono" }, job.errorCode), ": ", job.errorMessage ?? "", hintFor(job.errorCode) ? h("div", { class: "muted" }, hintFor(job.errorCode)) : null] : "";
    return h(
      "tr",
      { class: `job-${job.status}`, dataset: { jobId: job.id, jobStatus: job.status, jobType: job.jobType } },
      h("td", {}, job.jobType),
      h("td", {}, STATUS_LABEL[job.status] ?? job.status),
      h("td", { class: "num", dataset: { col: "fetched" } }, String(job.messagesFetched)),
      h("td", { class: "num", dataset: { col: "processed" } }, String(job.messagesProcessed)),
      h("td", { class: "num" }, formatDuration(job.processingTimeMs)),
      h("td", {}, formatTime(job.requestedAt)),
      h("td", {}, error),
      h("td", {}, retry),
    );
  });
  return h(
    "div",
    {},
    h(
      "table",
      { class: "jobs" },
      h("thead", {}, h("tr", {}, ["Type", "Status", "Fetched", "Processed", "Time", "Requested", "Error", ""].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows),
    ),
    onOlder ? h("button", { type: "button", class: "small", onclick: onOlder }, "Show older runs") : null,
  );
}
