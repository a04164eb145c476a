// The signed-in token lives in sessionStorage: it survives the OAuth round trip through Zoho in
// this tab, and is gone when the tab closes.
const KEY = "cliq-sync.token";

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** Accepts "eyJ…" or "Bearer eyJ…" (with stray whitespace, as pasted from a terminal). */
export function normaliseToken(raw) {
  const t = raw.trim().replace(/^bearer\s+/i, "").replace(/\s+/g, "");
  return /^[A-Za-z0-9_~+/=.-]+$/.test(t) ? t : null;
}
