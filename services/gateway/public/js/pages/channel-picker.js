// "Map to Zoho": a dialog listing the organisation's Zoho Cliq channels, searchable, with the
// channels already mapped shown as taken (and by which client and room), then a confirm step.
import { get, post } from "../api.js";
import { errorNotice, h, mount, runAction } from "../dom.js";
import { formatTime } from "../format.js";

const BACKFILL = [
  ["", "Service default"],
  ["0", "From now on"],
  ["1", "Last day"],
  ["7", "Last 7 days"],
  ["30", "Last 30 days"],
  ["365", "Last year"],
  ["3650", "Everything (10 years)"],
];

/**
 * @param {{ client: { id: string, name: string }, room: { id: string, name: string }, onMapped: (mapping: object) => void }} opts
 */
export function openChannelPicker({ client, room, onMapped }) {
  let channels = [];
  let selected = null;

  const search = h("input", { type: "search", class: "search", placeholder: "Search channels by name", "aria-label": "Search channels", autocomplete: "off" });
  const list = h("ul", { class: "channel-list", role: "listbox", "aria-label": "Zoho Cliq channels" }, h("li", { class: "muted" }, "Loading channels from Zoho…"));
  const info = h("p", { class: "muted small" });
  const backfill = h("select", { name: "backfillDays" }, BACKFILL.map(([v, label]) => h("option", { value: v }, label)));
  const summary = h("div", { class: "muted" }, "Choose a channel.");
  const out = h("div", { "aria-live": "polite" });
  const confirm = h("button", { type: "button", class: "primary", disabled: true }, "Confirm mapping");
  const cancel = h("button", { type: "button" }, "Cancel");
  const refresh = h("button", { type: "button", class: "small" }, "Refresh from Zoho");

  const dialog = h(
    "dialog",
    { "aria-labelledby": "picker-title", class: "channel-picker" },
    h(
      "div",
      { class: "dialog-body" },
      h("h2", { id: "picker-title" }, `Map “${room.name}” to a Zoho Cliq channel`),
      h("div", { class: "row" }, search, refresh),
      info,
      list,
      h("div", { class: "row" }, h("label", {}, "Import history", backfill), summary),
      out,
    ),
    h("div", { class: "dialog-foot" }, cancel, confirm),
  );

  function close() {
    dialog.close();
    dialog.remove();
  }

  function renderList() {
    const q = search.value.trim().toLowerCase();
    const shown = channels.filter((c) => q === "" || c.name.toLowerCase().includes(q) || (c.uniqueName ?? "").toLowerCase().includes(q));
    if (shown.length === 0) return mount(list, h("li", { class: "muted" }, channels.length === 0 ? "The organisation has no channels." : "No channel matches."));
    mount(
      list,
      shown.map((c) => {
        const taken = c.mapping ? `taken by ${c.mapping.clientName} › ${c.mapping.roomName}` : null;
        const unreadable = c.chatId === null ? "never opened by the connected account: cannot be read" : null;
        const button = h(
          "button",
          { type: "button", role: "option", "aria-pressed": selected?.channelId === c.channelId ? "true" : "false", disabled: Boolean(taken || unreadable), dataset: { channelId: c.channelId } },
          h("span", {}, h("strong", {}, c.name), " ", h("span", { class: "muted small" }, [c.level, c.participantCount === null ? null : `${c.participantCount} members`].filter(Boolean).join(" · "))),
          h("span", { class: "taken" }, taken ?? unreadable ?? (c.lastMessageTime ? `last message ${formatTime(c.lastMessageTime)}` : "")),
        );
        button.addEventListener("click", () => select(c));
        return h("li", {}, button);
      }),
    );
  }

  function select(c) {
    selected = c;
    confirm.disabled = false;
    confirm.textContent = `Map to ${c.name}`;
    mount(summary, `“${room.name}” will sync messages of ${c.name}.`);
    renderList();
  }

  async function load(fresh) {
    try {
      const r = await get(`/zoho-cliq/channels${fresh ? "?refresh=true" : ""}`);
      channels = r.channels;
      if (selected) selected = channels.find((c) => c.channelId === selected.channelId && !c.mapping) ?? null;
      if (!selected) {
        confirm.disabled = true;
        confirm.textContent = "Confirm mapping";
        mount(summary, "Choose a channel.");
      }
      mount(info, `${channels.length} channel(s), ${channels.filter((c) => c.mapping).length} already mapped · listed ${formatTime(r.fetchedAt)}${r.cached ? " (cached)" : ""}`);
      renderList();
    } catch (err) {
      mount(list, h("li", {}, errorNotice(err, "Could not list the channels")), err.code === "zoho_not_connected" || err.code === "reauth_required" ? h("li", {}, h("a", { href: "#/integrations" }, "Go to Integrations › Zoho Cliq")) : null);
    }
  }

  search.addEventListener("input", renderList);
  refresh.addEventListener("click", () => void runAction(refresh, null, () => load(true)));
  cancel.addEventListener("click", close);
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close();
  });
  confirm.addEventListener("click", async () => {
    if (!selected) return;
    const days = backfill.value === "" ? {} : { backfillDays: Number(backfill.value) };
    const mapping = await runAction(confirm, out, () => post(`/clients/${client.id}/rooms/${room.id}/zoho-mapping`, { zohoChannelId: selected.channelId, ...days }), { context: "Mapping failed" });
    if (mapping) {
      close();
      onMapped(mapping);
    } else {
      // The list may be stale (someone else mapped the channel meanwhile): show who holds it now.
      await load(false);
    }
  });

  document.body.append(dialog);
  dialog.showModal();
  search.focus();
  void load(false);
  return { close };
}
