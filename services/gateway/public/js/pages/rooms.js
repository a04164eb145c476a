// Clients › [client] › Rooms: each room with its Zoho Cliq mapping and a live status badge.
// Data comes from the API; live changes come from the event stream and are merged in (see
// live-state.js), then the affected rows are re-read so the page converges on the stored state.
import { get, post, del } from "../api.js";
import { errorNotice, h, mount, notice } from "../dom.js";
import { openEventStream } from "../event-stream.js";
import { applyEvent, emptyLiveState, markRequested, mergeJobs } from "../live-state.js";
import { openChannelPicker } from "./channel-picker.js";
import { createRoomCard } from "./room-card.js";

const JOBS_PAGE = 10;
const POLL_MS = 5_000;

export function render(main, { params, me }) {
  const clientId = params.clientId;
  const canEdit = me.roles.includes("super_admin") || me.roles.includes("backend");
  const live = emptyLiveState();
  const cards = new Map(); // roomId → card
  const jobs = new Map(); // mappingId → { list, nextBefore }
  let client = { id: clientId, name: clientId };
  let rooms = [];
  let closed = false;
  let poller = null;

  const title = h("h1", {}, "Rooms");
  const crumb = h("div", { class: "breadcrumb" }, h("a", { href: "#/" }, "Clients"), " › ", h("span", { class: "client-name" }, "…"), " › Rooms");
  const liveEl = h("span", { class: "live", dataset: { live: "connecting" } }, "Connecting to live updates…");
  const pageOut = h("div", { "aria-live": "polite" });
  const list = h("div", { class: "rooms" }, h("p", { class: "muted" }, "Loading rooms…"));
  mount(main, crumb, h("div", { class: "page-head" }, title, liveEl), canEdit ? null : notice("info", "Read only", "Mapping rooms needs the super_admin or backend role."), pageOut, list);

  const mappingOf = (mappingId) => rooms.find((r) => r.mapping?.id === mappingId);

  function draw(room) {
    let card = cards.get(room.id);
    if (card === undefined) {
      card = createRoomCard({ canEdit, ops });
      cards.set(room.id, card);
    }
    const m = room.mapping;
    card.update(room, m ? withLive(m.id) : undefined, m ? live.mappings.get(m.id) : undefined);
    return card.el;
  }

  function withLive(mappingId) {
    const j = jobs.get(mappingId);
    return j === undefined ? undefined : { list: mergeJobs(j.list, live, mappingId), nextBefore: j.nextBefore };
  }

  async function loadRooms() {
    try {
      const r = await get(`/clients/${clientId}/rooms`);
      if (closed) return;
      client = r.client;
      rooms = r.rooms;
      title.textContent = `${client.name} — Rooms`;
      mount(crumb.querySelector(".client-name"), client.name);
      document.title = `${client.name} › Rooms · cliq-sync`;
      mount(list, rooms.length === 0 ? h("p", { class: "muted" }, "This client has no rooms.") : rooms.map(draw));
      await Promise.all(rooms.filter((x) => x.mapping && !jobs.has(x.mapping.id)).map((x) => loadJobs(x.mapping.id)));
    } catch (err) {
      if (!closed) mount(list, errorNotice(err, "Could not load the rooms"), h("button", { type: "button", onclick: () => void loadRooms() }, "Try again"));
    }
  }

  async function loadJobs(mappingId, { older = false } = {}) {
    const prev = jobs.get(mappingId);
    // A refresh re-reads as many rows as are shown, so older pages the user opened stay open.
    const limit = Math.min(200, Math.max(JOBS_PAGE, prev?.list.length ?? 0));
    const query = older && prev?.nextBefore ? `limit=${JOBS_PAGE}&before=${encodeURIComponent(prev.nextBefore)}` : `limit=${limit}`;
    try {
      const r = await get(`/zoho-mappings/${mappingId}/jobs?${query}`);
      if (closed) return;
      const list = older && prev ? [...prev.list, ...r.jobs.filter((j) => !prev.list.some((p) => p.id === j.id))] : r.jobs;
      jobs.set(mappingId, { list, nextBefore: r.nextBefore });
      const room = mappingOf(mappingId);
      if (room) draw(room);
    } catch (err) {
      if (!closed) mount(pageOut, errorNotice(err, "Could not load the sync history"));
    }
  }

  // Debounced re-reads after events: the projection writes the same events a moment later.
  const pending = new Map();
  function refreshSoon(key, fn, ms) {
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => void fn(), ms));
  }

  function onEvent(envelope) {
    const mappingId = applyEvent(live, envelope);
    if (mappingId === undefined) return;
    const room = mappingOf(mappingId);
    if (room === undefined || envelope.type.startsWith("mapping.")) return refreshSoon("rooms", loadRooms, 200);
    draw(room);
    refreshSoon(`jobs:${mappingId}`, () => loadJobs(mappingId), 300);
    if (envelope.type === "sync.completed" || envelope.type === "sync.failed") {
      refreshSoon("rooms", loadRooms, 400);
      refreshSoon(`late:${mappingId}`, () => Promise.all([loadRooms(), loadJobs(mappingId)]), 2_000);
    }
  }

  function setLive(state, text) {
    liveEl.dataset.live = state;
    liveEl.className = `live ${state}`;
    liveEl.textContent = text;
  }

  function startPolling() {
    poller ??= setInterval(() => {
      void loadRooms();
      for (const r of rooms) if (r.mapping) void loadJobs(r.mapping.id);
    }, POLL_MS);
  }

  function stopPolling() {
    if (poller !== null) clearInterval(poller);
    poller = null;
  }

  const stream = openEventStream({
    query: { clientId },
    onEvent,
    onState: (state, info) => {
      if (closed) return;
      if (state === "connected") {
        setLive("connected", "Live");
        stopPolling();
        if (info?.resumed) void loadRooms(); // catch up on anything a replay could not cover
      } else if (state === "reconnecting") {
        // Until the stream is back, re-read now and then so the page does not go stale.
        setLive("reconnecting", `Live updates interrupted; refreshing every ${POLL_MS / 1000} s while reconnecting…`);
        startPolling();
      } else if (state === "unavailable") {
        setLive("polling", `Live updates unavailable; refreshing every ${POLL_MS / 1000} s`);
        startPolling();
      } else if (state === "connecting") setLive("connecting", "Connecting to live updates…");
    },
  });

  const mappingPath = (room) => `/clients/${clientId}/rooms/${room.id}/zoho-mapping`;
  async function afterChange() {
    await loadRooms();
  }
  const ops = {
    map(room) {
      openChannelPicker({
        client,
        room,
        onMapped: (m) => {
          mount(pageOut, notice("ok", `Mapped ${room.name} to ${m.zohoChannelName}`, "It syncs on the schedule; use “Sync now” to start right away."));
          void afterChange();
        },
      });
    },
    async syncNow(mapping) {
      const r = await post(`/zoho-mappings/${mapping.id}/sync`);
      markRequested(live, mapping.id, r.jobId);
      const room = mappingOf(mapping.id);
      if (room) draw(room);
      return r;
    },
    async retry(job) {
      const r = await post(`/zoho-sync-jobs/${job.id}/retry`);
      markRequested(live, job.mappingId, r.jobId);
      const room = mappingOf(job.mappingId);
      if (room) draw(room);
      return r;
    },
    pause: (room) => post(`${mappingPath(room)}/pause`).then(afterChange),
    resume: (room) => post(`${mappingPath(room)}/resume`).then(afterChange),
    async unmap(room) {
      await del(mappingPath(room));
      mount(pageOut, notice("ok", `Unmapped ${room.name}`, "Its sync history is kept."));
      await afterChange();
    },
    older: (mapping) => void loadJobs(mapping.id, { older: true }),
  };

  void loadRooms();
  return () => {
    closed = true;
    stream.close();
    stopPolling();
    for (const t of pending.values()) clearTimeout(t);
  };
}
