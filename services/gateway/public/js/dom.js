// A tiny element builder. Text always goes in as text (never HTML), so channel and room names
// from Zoho or TCIS cannot inject markup.
import { describeError } from "./errors.js";

/**
 * h("button", { class: "primary", onclick: fn, disabled: true }, "Save")
 * Attributes starting with "on" become listeners; `dataset` sets data-*; false/null/undefined are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "class") el.className = value;
    else if (key === "value" || key === "checked") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A notice box: tone is ok | error | warn | info. */
export function notice(tone, title, ...lines) {
  return h("div", { class: `notice ${tone}`, role: tone === "error" ? "alert" : "status" }, h("strong", {}, title), ...lines.filter(Boolean).map((l) => h("p", {}, l)));
}

/** A notice explaining an API error: what happened, what to do, the server's words and code. */
export function errorNotice(err, context) {
  const e = describeError(err);
  return h(
    "div",
    { class: "notice error", role: "alert", dataset: { errorCode: e.code } },
    h("strong", {}, context ? `${context}: ${e.hint}` : e.hint),
    h("p", {}, e.message, " ", h("span", { class: "code" }, `(${e.code})`)),
  );
}

/**
 * Runs an async action from a button: disables it meanwhile and shows the outcome in `out`
 * (an element whose content is replaced). Returns the action's result, or undefined on error.
 */
export async function runAction(button, out, action, { success, context } = {}) {
  const label = button?.textContent;
  if (button) {
    button.disabled = true;
    button.textContent = `${label}…`;
  }
  try {
    const result = await action();
    if (out && success) mount(out, typeof success === "function" ? success(result) : notice("ok", success));
    return result;
  } catch (err) {
    if (out) mount(out, errorNotice(err, context));
    else throw err;
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.textContent = label;
    }
  }
}
