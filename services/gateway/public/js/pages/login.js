// Sign in: paste a bearer token (npm start prints a super-admin dev token). It is checked with
// GET /api/me before being kept for this tab.
import { get } from "../api.js";
import { errorNotice, h, mount, notice } from "../dom.js";
import { clearToken, normaliseToken, setToken } from "../session.js";

export function render(main, { message, onSignedIn }) {
  const out = h("div", { "aria-live": "polite" }, message ? notice("warn", "Signed out", message) : null);
  const input = h("textarea", { id: "token", name: "token", required: true, autocomplete: "off", spellcheck: "false", placeholder: "eyJhbGciOi…" });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");

  async function onSubmit(event) {
    event.preventDefault();
    const token = normaliseToken(input.value);
    if (token === null) {
      mount(out, notice("error", "That does not look like a token", "Paste the JWT itself (three dot-separated parts), without quotes."));
      return;
    }
    submit.disabled = true;
    setToken(token);
    try {
      const me = await get("/me");
      onSignedIn(me);
    } catch (err) {
      clearToken();
      mount(out, errorNotice(err, "Sign-in failed"));
    } finally {
      submit.disabled = false;
    }
  }

  mount(
    main,
    h(
      "section",
      { class: "card login" },
      h("h1", {}, "Sign in"),
      h("p", { class: "muted" }, "Paste a bearer token. ", h("code", {}, "npm start"), " prints a super-admin dev token; ", h("code", {}, "npm run dev-token"), " makes others."),
      h("form", { onsubmit: onSubmit }, h("label", { for: "token" }, "Bearer token", input), h("div", { class: "actions" }, submit)),
      out,
    ),
  );
  input.focus();
}
