// Integrations › Zoho Cliq: the organisation's one connection. Shows its status and offers
// authorize (browser redirect through Zoho, or paste the code), test, refresh and disconnect.
// The redirect flow comes back to #/integrations?connected=1 (or ?error=<code>) from the
// gateway's /auth/zoho/callback.
import { get, post } from "../api.js";
import { errorNotice, h, mount, notice, runAction } from "../dom.js";
import { formatTime, relativeTime } from "../format.js";

const BASE = "/integrations/zoho-cliq";
const DATA_CENTRES = [
  ["", "Default data centre"],
  ["us", "United States (zoho.com)"],
  ["eu", "Europe (zoho.eu)"],
  ["in", "India (zoho.in)"],
  ["au", "Australia (zoho.com.au)"],
  ["jp", "Japan (zoho.jp)"],
  ["ca", "Canada (zohocloud.ca)"],
  ["uk", "United Kingdom (zoho.uk)"],
  ["sa", "Saudi Arabia (zoho.sa)"],
  ["cn", "China (zoho.com.cn)"],
];
const STATE_LABELS = { connected: "Connected", disconnected: "Not connected", refreshing: "Refreshing tokens…", reauth_required: "Reconnect required" };
const PASTE_STATE_KEY = "cliq-sync.oauth-state";

export function render(main, { query, isSuperAdmin }) {
  const flash = h("div", { id: "flash" }, flashFor(query));
  if (query.has("connected") || query.has("error")) history.replaceState(null, "", "#/integrations");

  const statusBox = h("div", { id: "zoho-status" }, h("p", { class: "muted" }, "Loading the connection status…"));
  const actionOut = h("div", { id: "action-result", "aria-live": "polite" });
  const connectOut = h("div", { id: "connect-result", "aria-live": "polite" });

  async function loadStatus() {
    try {
      const status = await get(`${BASE}/status`);
      mount(statusBox, statusView(status));
      return status;
    } catch (err) {
      mount(statusBox, errorNotice(err, "Could not load the connection status"), h("button", { type: "button", onclick: () => void loadStatus() }, "Try again"));
      return undefined;
    }
  }

  const adminOnly = isSuperAdmin ? null : notice("info", "Read only", "Only a super admin can connect, test, refresh or disconnect Zoho Cliq.");
  const btn = (label, onclick, cls) => h("button", { type: "button", class: cls, disabled: !isSuperAdmin, onclick }, label);

  const testBtn = btn("Test connection", () =>
    runAction(testBtn, actionOut, () => post(`${BASE}/test-connection`), {
      context: "Test failed",
      success: (r) => (r.ok ? notice("ok", "Connection works", `Zoho Cliq answered in ${r.latencyMs} ms${r.channelCount === null ? "" : ` and listed ${r.channelCount} channel(s)`}.`) : errorNotice(r.error ?? { code: "internal", message: "unknown failure" }, "Test failed")),
    }).then(loadStatus),
  );
  const refreshBtn = btn("Refresh tokens", () =>
    runAction(refreshBtn, actionOut, () => post(`${BASE}/refresh`), {
      context: "Refresh failed",
      success: (r) => notice("ok", "Tokens refreshed", `The new access token is valid until ${formatTime(r.expiresAt)} (version ${r.version}).`),
    }).then(loadStatus),
  );
  const disconnectBox = h("span", { class: "row" });
  const disconnectBtn = btn("Disconnect", () => confirmDisconnect(), "danger");
  function confirmDisconnect() {
    const yes = h("button", { type: "button", class: "danger" }, "Yes, disconnect");
    const no = h("button", { type: "button", onclick: () => mount(disconnectBox, disconnectBtn) }, "Cancel");
    yes.addEventListener("click", async () => {
      await runAction(yes, actionOut, () => post(`${BASE}/disconnect`), {
        context: "Disconnect failed",
        success: (r) => notice("ok", "Disconnected", r.revoked ? "Zoho revoked the refresh token; syncs stop until someone connects again." : "Zoho said the token was already invalid; the stored connection was removed."),
      });
      mount(disconnectBox, disconnectBtn);
      await loadStatus();
    });
    mount(disconnectBox, h("span", {}, "Revoke the tokens at Zoho? Syncs stop until someone connects again."), yes, no);
  }
  mount(disconnectBox, disconnectBtn);

  mount(
    main,
    h("div", { class: "breadcrumb" }, "Integrations"),
    h("h1", {}, "Zoho Cliq"),
    flash,
    adminOnly,
    h("section", { class: "card", "aria-labelledby": "status-h" }, h("h2", { id: "status-h" }, "Connection"), statusBox, h("div", { class: "actions" }, testBtn, refreshBtn, disconnectBox), actionOut),
    connectCard(isSuperAdmin, connectOut, loadStatus),
  );
  void loadStatus();
}

function flashFor(query) {
  if (query.get("connected") === "1") {
    const dc = query.get("location");
    return notice("ok", "Connected to Zoho Cliq", dc ? `Data centre: ${dc}.` : null);
  }
  const code = query.get("error");
  if (code) return errorNotice({ code, message: `Zoho's redirect came back with ${code}.` }, "Connecting failed");
  return null;
}

function statusView(s) {
  const state = h("span", { class: `state ${s.state}`, dataset: { state: s.state } }, STATE_LABELS[s.state] ?? s.state);
  const facts = [
    ["Status", state],
    ["Data centre", s.location ?? "—"],
    ["Accounts server", s.accountsServer ? h("span", { class: "mono" }, s.accountsServer) : "—"],
    ["Cliq server", s.cliqServer ? h("span", { class: "mono" }, s.cliqServer) : "—"],
    ["Scopes", s.scopes.length ? s.scopes.join(", ") : "—"],
    ["Access token expires", s.expiresAt ? `${formatTime(s.expiresAt)} (${relativeTime(s.expiresAt)})` : "—"],
    ["Connected by", s.authenticatedBy ?? "—"],
    ["Last refresh", s.lastRefreshAt ? `${formatTime(s.lastRefreshAt)} (${relativeTime(s.lastRefreshAt)})` : "—"],
    ["Token version", s.tokenVersion ?? "—"],
  ];
  const warning =
    s.state === "reauth_required"
      ? errorNotice({ code: "reauth_required", message: s.action ?? s.lastRefreshError ?? "Zoho refused the stored refresh token." }, "Reconnect required")
      : s.lastRefreshError
        ? notice("warn", "The last token refresh failed", s.lastRefreshError, s.action)
        : s.action
          ? notice(s.connected ? "info" : "warn", s.connected ? "Note" : "Not connected", s.action)
          : null;
  return h("div", {}, warning, h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
}

function connectCard(isSuperAdmin, out, loadStatus) {
  const dc = h("select", { name: "location", "aria-label": "Data centre", disabled: !isSuperAdmin }, DATA_CENTRES.map(([v, label]) => h("option", { value: v }, label)));
  const body = () => (dc.value === "" ? {} : { location: dc.value });

  const authorizeBtn = h("button", { type: "button", class: "primary", disabled: !isSuperAdmin }, "Authorize with Zoho");
  authorizeBtn.addEventListener("click", async () => {
    const r = await runAction(authorizeBtn, out, () => post(`${BASE}/authorize-url`, body()), { context: "Could not start the authorization" });
    if (r?.url) window.location.assign(r.url); // Zoho asks for consent, then redirects to /auth/zoho/callback
  });

  // Paste flow: for when Zoho's redirect cannot reach this gateway; the admin copies the code.
  const linkBox = h("div");
  const codeInput = h("input", { name: "code", size: 50, autocomplete: "off", placeholder: "authorization code, or the whole redirect URL", disabled: !isSuperAdmin });
  const linkBtn = h("button", { type: "button", disabled: !isSuperAdmin }, "Get authorization link");
  linkBtn.addEventListener("click", async () => {
    const r = await runAction(linkBtn, out, () => post(`${BASE}/authorize-url`, body()), { context: "Could not create the link" });
    if (!r) return;
    sessionStorage.setItem(PASTE_STATE_KEY, r.state);
    mount(linkBox, notice("info", "Open this link, approve, then paste the code Zoho shows (or the address you land on)", h("a", { href: r.url, target: "_blank", rel: "noopener noreferrer" }, "Open Zoho's consent page"), `Valid until ${formatTime(r.expiresAt)}.`));
  });
  const completeBtn = h("button", { type: "button", disabled: !isSuperAdmin }, "Complete connection");
  completeBtn.addEventListener("click", async () => {
    const parsed = parsePasted(codeInput.value);
    const state = parsed.state ?? sessionStorage.getItem(PASTE_STATE_KEY);
    if (!parsed.code) return mount(out, notice("error", "No code", "Paste the authorization code (or the whole redirect URL)."));
    if (!state) return mount(out, errorNotice({ code: "oauth_state_invalid", message: "no authorization was started in this tab; click “Get authorization link” first" }));
    const r = await runAction(completeBtn, out, () => post(`${BASE}/complete`, { code: parsed.code, state, ...(parsed.location ? { location: parsed.location } : {}), ...(parsed.accountsServer ? { accountsServer: parsed.accountsServer } : {}) }), {
      context: "Connecting failed",
      success: (c) => notice("ok", "Connected to Zoho Cliq", `Data centre ${c.location}; scopes ${c.scopes.join(", ")}; access token valid until ${formatTime(c.expiresAt)}.`),
    });
    if (r) {
      sessionStorage.removeItem(PASTE_STATE_KEY);
      codeInput.value = "";
      mount(linkBox);
      await loadStatus();
    }
  });

  return h(
    "section",
    { class: "card", "aria-labelledby": "connect-h" },
    h("h2", { id: "connect-h" }, "Connect"),
    h("p", { class: "muted" }, "One super admin connects the whole organisation. Authorizing again replaces the stored connection."),
    h("div", { class: "row" }, dc, authorizeBtn),
    h("details", {}, h("summary", {}, "Paste an authorization code instead"), h("div", { class: "actions" }, linkBtn), linkBox, h("div", { class: "row" }, codeInput, completeBtn)),
    out,
  );
}

/** A bare code, or a redirect URL carrying code, state, location and accounts-server. */
export function parsePasted(raw) {
  const text = raw.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      const q = new URL(text).searchParams;
      return { code: q.get("code") ?? undefined, state: q.get("state") ?? undefined, location: q.get("location") ?? undefined, accountsServer: q.get("accounts-server") ?? undefined };
    } catch {
      return { code: undefined };
    }
  }
  return { code: text || undefined };
}
