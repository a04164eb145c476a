// Start page: the clients whose rooms can be mapped (GET /api/clients, searchable by name), and
// any client opened by id. A gateway without the list links the demo client instead.
import { get } from "../api.js";
import { h, mount, notice } from "../dom.js";

const DEMO_CLIENT = { id: "00000000-0000-4000-8000-000000000001", name: "Demo Client" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadClients(search) {
  try {
    const body = await get(search ? `/clients?search=${encodeURIComponent(search)}` : "/clients");
    return { clients: Array.isArray(body?.clients) ? body.clients : [], listed: true, more: typeof body?.next === "string" };
  } catch (err) {
    if (err.code === "route_not_found") return { clients: [DEMO_CLIENT], listed: false };
    throw err;
  }
}

export async function render(main) {
  const out = h("div");
  const idInput = h("input", { name: "clientId", placeholder: "client id (uuid)", size: 40, autocomplete: "off" });
  const openById = h(
    "form",
    {
      class: "row",
      onsubmit: (e) => {
        e.preventDefault();
        const id = idInput.value.trim();
        if (!UUID.test(id)) return mount(out, notice("error", "Not a client id", "A client id is a UUID such as 00000000-0000-4000-8000-000000000001."));
        location.hash = `#/clients/${id}/rooms`;
      },
    },
    idInput,
    h("button", { type: "submit" }, "Open rooms"),
  );
  const list = h("ul", { class: "clients" }, h("li", { class: "muted" }, "Loading…"));
  const searchInput = h("input", { type: "search", name: "search", placeholder: "client name", maxlength: 100, autocomplete: "off" });
  const searchForm = h(
    "form",
    {
      class: "row",
      onsubmit: (e) => {
        e.preventDefault();
        void show(searchInput.value.trim());
      },
    },
    searchInput,
    h("button", { type: "submit" }, "Search"),
  );
  mount(
    main,
    h("h1", {}, "Clients"),
    h("p", { class: "muted" }, "Open a client's rooms to map them to Zoho Cliq channels and follow their syncs."),
    h("section", { class: "card" }, searchForm, list, h("h2", {}, "Open a client by id"), openById, out),
    h("section", { class: "card" }, h("h2", {}, "Zoho Cliq connection"), h("p", {}, h("a", { href: "#/integrations" }, "Integrations › Zoho Cliq"), " — connect, test, refresh or disconnect.")),
  );
  async function show(search) {
    try {
      const { clients, listed, more } = await loadClients(search);
      mount(
        list,
        clients.length === 0 ? h("li", { class: "muted" }, search ? `No client matches “${search}”.` : "No clients.") : null,
        clients.map((c) =>
          h(
            "li",
            { "data-client-id": c.id },
            h("a", { href: `#/clients/${c.id}/rooms` }, `${c.name} › Rooms`),
            " ",
            typeof c.internalRooms === "number" ? h("span", { class: "muted small" }, `${c.mappedRooms} of ${c.internalRooms} internal rooms mapped`) : null,
            " ",
            h("span", { class: "muted mono small" }, c.id),
          ),
        ),
        more ? h("li", { class: "muted small" }, "More clients exist: search by name.") : null,
        listed ? null : h("li", { class: "muted small" }, "This gateway has no client list; the demo client is shown."),
      );
    } catch (err) {
      mount(list, h("li", {}, notice("error", "Could not load the clients", err.message)));
    }
  }
  await show("");
}
