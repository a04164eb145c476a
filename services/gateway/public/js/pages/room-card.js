// One room on the Rooms page: its mapping, live status badge, actions and sync history. The card
// element stays in place across updates so an open confirmation or an error message survives the
// live refreshes that arrive while the user reads it.
import { h, mount, notice, runAction } from "../dom.js";
import { hintFor } from "../errors.js";
import { formatTime } from "../format.js";
import { badgeFor, laterTime } from "../live-state.js";
import { jobTable, warningLines } from "./job-history.js";

/**
 * @param {{
 *   canEdit: boolean,
 *   ops: {
 *     map(room): void,
 *     syncNow(mapping): Promise<unknown>,
 *     retry(job): Promise<unknown>,
 *     pause(room): Promise<unknown>,
 *     resume(room): Promise<unknown>,
 *     unmap(room): Promise<unknown>,
 *     older(mapping): void,
 *   },
 * }} opts
 */
export function createRoomCard({ canEdit, ops }) {
  const head = h("div");
  const side = h("div", { class: "room-side" });
  const errorLine = h("div", { class: "room-error" });
  const warnLine = h("div", { class: "room-error" });
  const history = h("div");
  const details = h("details", { open: true, class: "history" }, h("summary", {}, "Sync history"), history);
  const out = h("div", { class: "room-error", "aria-live": "polite" });
  const el = h("article", { class: "card room" }, head, side, errorLine, warnLine, details, out);
  let confirmingUnmap = false;
  let last = null;

  function button(label, action, opts = {}) {
    const b = h("button", { type: "button", class: opts.class, disabled: !canEdit || opts.disabled, title: opts.title });
    b.textContent = label;
    b.addEventListener("click", () => void action(b));
    return b;
  }

  function actionsFor(room, badge, latestFailed) {
    const m = room.mapping;
    if (room.kind !== "internal") return [h("span", { class: "muted small" }, "External rooms cannot be mapped")];
    if (m === null) return [button("Map to Zoho", () => ops.map(room), { class: "primary" })];
    if (confirmingUnmap) {
      return [
        h("span", { class: "small" }, `Unmap ${m.zohoChannelName}? History stays.`),
        button("Yes, unmap", (b) => runAction(b, out, () => ops.unmap(room), { context: "Unmap failed" }).finally(() => (confirmingUnmap = false)), { class: "danger" }),
        button("Cancel", () => {
          confirmingUnmap = false;
          update(...last);
        }),
      ];
    }
    const paused = m.syncStatus === "paused";
    const syncing = badge.tone === "syncing";
    return [
      badge.tone === "error" && latestFailed ? button("Retry", (b) => runAction(b, out, () => ops.retry(latestFailed), { context: "Retry failed" }), { class: "primary" }) : null,
      button("Sync now", (b) => runAction(b, out, () => ops.syncNow(m), { context: "Sync failed to start" }), { disabled: paused || syncing, title: paused ? "Resume the mapping first" : undefined }),
      paused
        ? button("Resume", (b) => runAction(b, out, () => ops.resume(room), { context: "Resume failed" }))
        : button("Pause", (b) => runAction(b, out, () => ops.pause(room), { context: "Pause failed" })),
      button("Unmap", () => {
        confirmingUnmap = true;
        update(...last);
      }, { class: "danger" }),
    ];
  }

  /** @param {object} room roomView  @param {{ list: object[], nextBefore: string | null } | undefined} jobs  @param {object | undefined} live */
  function update(room, jobs, live) {
    last = [room, jobs, live];
    const m = room.mapping;
    el.dataset.roomId = room.id;
    el.dataset.roomName = room.name;
    if (m) el.dataset.mappingId = m.id;
    else delete el.dataset.mappingId;
    const badge = badgeFor(m, live);
    const latest = jobs?.list[0];
    const latestFailed = latest?.status === "failed" ? latest : undefined;

    mount(
      head,
      h("h3", {}, room.name, h("span", { class: "kind" }, room.kind)),
      m
        ? h(
            "div",
            { class: "room-meta" },
            h("div", {}, "Zoho Cliq: ", h("strong", { class: "mapped-channel" }, m.zohoChannelName), " ", h("span", { class: "mono small" }, m.zohoChannelId)),
            // A completed run's event carries these before the API row has them.
            h("div", {}, `Last sync ${formatTime(laterTime(m.lastSyncAt, live?.lastSyncAt))} · newest message ${formatTime(laterTime(m.lastMessageTime, live?.lastMessageTime))} · syncing from ${formatTime(m.syncFrom)}`),
          )
        : h("div", { class: "room-meta" }, room.kind === "internal" ? "Not mapped to Zoho Cliq" : ""),
    );
    mount(
      side,
      h("div", { class: `badge ${badge.tone}`, dataset: { badge: badge.tone }, role: "status", "aria-label": `sync status: ${badge.label}` }, h("span", { "aria-hidden": "true" }, badge.icon), badge.label),
      h("div", { class: "actions" }, actionsFor(room, badge, latestFailed)),
    );
    mount(
      errorLine,
      badge.tone === "error" ? notice("error", `Sync failed: ${badge.error}`, hintFor(m?.lastErrorCode ?? live?.code ?? latestFailed?.errorCode), latestFailed ? "Retry runs the failed job again once the cause is fixed." : null) : null,
    );
    // The mapping's latest job could not read everything (roomView.latestJobWarnings).
    const warned = m === null ? null : room.latestJobWarnings;
    el.classList.toggle("warned", Boolean(warned));
    mount(
      warnLine,
      warned
        ? h(
            "div",
            { class: "notice warn", role: "status", dataset: { roomWarnings: String(warned.warnings.length), warnedJobId: warned.jobId } },
            h("strong", {}, h("span", { class: "tag warn" }, "Warning"), ` The latest sync (requested ${formatTime(warned.requestedAt)}) could not read every message`),
            warningLines(warned.warnings, m.zohoChatId, { shown: 2, tagged: false }),
          )
        : null,
    );
    details.classList.toggle("hidden", m === null);
    if (m !== null) {
      mount(
        history,
        jobs === undefined
          ? h("p", { class: "muted small" }, "Loading…")
          : jobTable(jobs.list, {
              canRetry: canEdit && m.syncStatus !== "paused",
              onRetry: (job, b) => void runAction(b, out, () => ops.retry(job), { context: "Retry failed" }),
              onOlder: jobs.nextBefore ? () => ops.older(m) : undefined,
              chatId: m.zohoChatId,
            }),
      );
    }
  }

  return { el, update };
}
