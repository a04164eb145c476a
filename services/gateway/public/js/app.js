// Console entry point: hash routing (#/integrations, #/clients/<id>/rooms), the sign-in gate and
// the session bar. Each page is a module exporting `render(main, ctx)`, which may return a cleanup
// function (closing its event stream) run when the user navigates away.
import { get, setUnauthenticatedHandler } from "./api.js";
import { h, mount, notice } from "./dom.js";
import { clearToken, getToken } from "./session.js";
import * as home from "./pages/home.js";
import * as integrations from "./pages/integrations.js";
import * as login from "./pages/login.js";
import * as rooms from "./pages/rooms.js";

const main = document.getElementById("main");
const sessionBar = document.getElementById("session");
const RETURN_KEY = "cliq-sync.after-login";

const ROUTES = [
  { pattern: /^\/$/, page: home, nav: "clients" },
  { pattern: /^\/integrations$/, page: integrations, nav: "integrations" },
  { pattern: /^\/clients\/([^/]+)\/rooms$/, page: rooms, nav: "clients", params: ["clientId"] },
];

let cleanup = null;
let navigation = 0;
/** While the sign-in page is shown, a refused token is its own message, not an ended session. */
let onLoginPage = false;
let me = null;
let signInMessage = null;

/** "#/integrations?connected=1" → { path: "/integrations", query: URLSearchParams } */
export function parseHash(hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const q = raw.indexOf("?");
  return { path: q === -1 ? raw : raw.slice(0, q), query: new URLSearchParams(q === -1 ? "" : raw.slice(q + 1)) };
}

function renderSessionBar() {
  if (me === null) return mount(sessionBar);
  mount(
    sessionBar,
    h("span", { title: "signed in as" }, me.id),
    h("span", { class: "muted" }, me.roles.join(", ") || "no roles"),
    h("button", { type: "button", onclick: signOut }, "Sign out"),
  );
}

function signOut() {
  clearToken();
  me = null;
  signInMessage = null;
  location.hash = "#/login";
}

setUnauthenticatedHandler((err) => {
  if (onLoginPage) return;
  me = null;
  signInMessage = `Your session ended: ${err.message}. Paste a new token.`;
  if (parseHash(location.hash).path !== "/login") {
    sessionStorage.setItem(RETURN_KEY, location.hash);
    location.hash = "#/login";
  }
});

async function route() {
  const current = ++navigation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const { path, query } = parseHash(location.hash);
  if (path === "/login" || getToken() === null) {
    if (path !== "/login") sessionStorage.setItem(RETURN_KEY, location.hash || "#/");
    me = null;
    renderSessionBar();
    highlight(null);
    onLoginPage = true;
    login.render(main, { message: signInMessage, onSignedIn });
    return;
  }
  onLoginPage = false;
  if (me === null) {
    try {
      me = await get("/me");
    } catch (err) {
      if (err.code !== "unauthenticated") mount(main, notice("error", "Cannot load your session", err.message));
      return;
    }
    if (current !== navigation) return;
  }
  renderSessionBar();
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
  if (match === undefined) {
    highlight(null);
    mount(main, notice("warn", "No such page", `Nothing lives at ${path}.`), h("a", { href: "#/" }, "Go to the start page"));
    return;
  }
  const params = Object.fromEntries((match.r.params ?? []).map((name, i) => [name, decodeURIComponent(match.m[i + 1])]));
  highlight(match.r.nav);
  const result = await match.r.page.render(main, { me, params, query, isSuperAdmin: me.roles.includes("super_admin") });
  const dispose = typeof result === "function" ? result : null;
  // The user may have navigated on while this page was loading: release it at once then.
  if (current !== navigation) return dispose?.();
  cleanup = dispose;
  main.focus({ preventScroll: true });
}

function highlight(nav) {
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === nav);
}

function onSignedIn(user) {
  me = user;
  signInMessage = null;
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  const target = back && !back.startsWith("#/login") ? back : "#/";
  // Setting the hash it already has fires no hashchange: route directly then.
  if (location.hash === target) void route();
  else location.hash = target;
}

window.addEventListener("hashchange", () => void route());
void route();
