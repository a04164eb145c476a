// The admin console in a real browser against the real stack (see testing/stack.ts): connect
// through the Zoho simulator's consent, map a channel, meet the conflict when mapping it again,
// sync and watch the badge live, fail a sync and retry it. Screenshots go to test-artifacts/console/.
import { randomUUID } from "node:crypto";
import { connectNats, createLogger, createPublisher, drainNats } from "@cliq/runtime";
import { NATS_URL } from "@cliq/testkit";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, type TestBrowser } from "./testing/browser.ts";
import { DEMO_CLIENT_ID, startConsoleStack, type ConsoleStack } from "./testing/stack.ts";

let stack: ConsoleStack;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];
const ROOMS = `#/clients/${DEMO_CLIENT_ID}/rooms`;
const silent = createLogger({ service: "console-test", level: "silent" });

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  page = await browser.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** Runs a step; on failure adds a screenshot path and the services' logs to the error. */
async function step<T>(name: string, fn: () => Promise<T>, on: Page = page): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const shot = await screenshot(on, `failed-${name}`).catch(() => "(no screenshot)");
    throw new Error(`${name}: ${(err as Error).message}\nscreenshot: ${shot}\n${stack.logs()}`, { cause: err });
  }
}

const room = (p: Page, name: string): Locator => p.locator(`article[data-room-name="${name}"]`);
const badge = (card: Locator, tone: string): Locator => card.locator(`[data-badge="${tone}"]`);
const readableChannels = () => stack.sim.channels().filter((c) => c.chat_id !== null && c.chat_id !== "null");

/** Browser-side script: keeps every badge state the room's card shows, in order, in window.badgeHistory. */
const recordBadges = (roomName: string) => `(() => {
  const el = document.querySelector('article[data-room-name="${roomName}"]');
  const seen = (window.badgeHistory = []);
  new MutationObserver(() => {
    const tone = el.querySelector("[data-badge]")?.dataset.badge;
    if (tone !== undefined && tone !== seen.at(-1)) seen.push(tone);
  }).observe(el, { subtree: true, childList: true, attributes: true });
})()`;

async function pickChannel(p: Page, channelId: string, backfill = "7"): Promise<Locator> {
  const dialog = p.locator("dialog[open]");
  await dialog.locator(`button[data-channel-id="${channelId}"]`).click();
  await dialog.locator('select[name="backfillDays"]').selectOption(backfill);
  await dialog.getByRole("button", { name: /^Map to / }).click();
  return dialog;
}

describe("the admin console", () => {
  it("when an admin signs in and authorizes with Zoho, then the integrations page shows the connection, and test and refresh report their results", async () => {
    await step("sign in", async () => {
      await page.goto(`${stack.url}/`);
      await page.locator("#token").waitFor();
      await screenshot(page, "01-login");
      // a token the gateway does not accept is refused with the reason
      await page.locator("#token").fill("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad-signature");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator('[data-error-code="unauthenticated"]').getByText("Sign-in failed").waitFor();
      await signIn(page, stack.url, stack.token, "#/integrations");
    });
    await step("see the disconnected status", () => page.locator('[data-state="disconnected"]').waitFor());
    await screenshot(page, "02-integrations-disconnected");

    await step("authorize through the simulator's consent", async () => {
      await page.getByRole("button", { name: "Authorize with Zoho" }).click();
      await page.getByText("Connected to Zoho Cliq").waitFor();
      await page.locator('[data-state="connected"]').waitFor();
    });
    expect(page.url()).toBe(`${stack.url}/#/integrations`); // the one-time ?connected=1 is dropped
    const status = await page.locator("#zoho-status").innerText();
    expect(status).toContain("ZohoCliq.Channels.READ");
    expect(status).toContain(`${stack.prefix}@console.test`);
    expect(status).toContain(stack.sim.dataCentres.us!.accountsServer);

    await step("test the connection", async () => {
      await page.getByRole("button", { name: "Test connection" }).click();
      await page.locator("#action-result").getByText("Connection works").waitFor();
    });
    await step("refresh the tokens", async () => {
      await page.getByRole("button", { name: "Refresh tokens" }).click();
      await page.locator("#action-result").getByText("Tokens refreshed").waitFor();
    });
    await screenshot(page, "03-integrations-connected");
  });

  it("when a room is mapped, then it shows its channel; mapping that channel again elsewhere shows who holds it", async () => {
    const [first, second] = readableChannels();
    // A second admin opens the picker for another room before the channel is taken.
    const other = await browser.newPage();
    other.on("pageerror", (err) => pageErrors.push(err.message));
    await step("second admin opens the picker", async () => {
      await signIn(other, stack.url, stack.token, ROOMS);
      await room(other, "Sales team").getByRole("button", { name: "Map to Zoho" }).click();
      await other.locator(`dialog[open] button[data-channel-id="${first!.channel_id}"]`).waitFor();
    }, other);

    await step("open the client from the start page's client list", async () => {
      await page.goto(`${stack.url}/#/`);
      const demo = page.locator(`li[data-client-id="${DEMO_CLIENT_ID}"]`);
      await demo.getByText("0 of 3 internal rooms mapped").waitFor();
      await screenshot(page, "03b-client-list");
      await demo.getByRole("link", { name: "Demo Client › Rooms" }).click();
      await page.waitForURL(`**/${ROOMS}`);
    });

    await step("map Support desk", async () => {
      await page.locator('[data-live="connected"]').waitFor();
      await room(page, "Support desk").getByRole("button", { name: "Map to Zoho" }).click();
      const dialog = page.locator("dialog[open]");
      const query = first!.name.slice(0, 6);
      await dialog.getByRole("searchbox").fill(query);
      await expect.poll(async () => (await dialog.locator("button[data-channel-id] strong").allInnerTexts()).every((t) => t.toLowerCase().includes(query.toLowerCase()))).toBe(true);
      await screenshot(page, "04-channel-picker");
      await (await pickChannel(page, first!.channel_id)).waitFor({ state: "detached" });
      await room(page, "Support desk").locator(".mapped-channel", { hasText: first!.name }).waitFor();
      await badge(room(page, "Support desk"), "active").waitFor();
    });

    await step("second admin meets the conflict", async () => {
      const dialog = await pickChannel(other, first!.channel_id);
      const conflict = dialog.locator('[data-error-code="channel_already_mapped"]');
      await conflict.waitFor();
      expect(await conflict.innerText()).toContain("already mapped to Demo Client › Support desk");
      const taken = dialog.locator(`button[data-channel-id="${first!.channel_id}"]`);
      await taken.getByText("taken by Demo Client › Support desk").waitFor();
      expect(await taken.isDisabled()).toBe(true);
      await screenshot(other, "05-mapping-conflict");
      // …and maps another channel instead.
      await (await pickChannel(other, second!.channel_id)).waitFor({ state: "detached" });
      await room(other, "Sales team").locator(".mapped-channel", { hasText: second!.name }).waitFor();
    }, other);
    await room(page, "Sales team").locator(".mapped-channel", { hasText: second!.name }).waitFor(); // the first admin's page followed live
  });

  it("when Sync now is pressed, then the badge turns 🔵 and then 🟢 without a reload, and a completed job row with its counts appears", async () => {
    const card = room(page, "Support desk");
    stack.sink.setLatency(600); // each batch takes a moment, so the syncing state is visible
    await page.evaluate(recordBadges("Support desk"));
    await step("sync now", async () => {
      await card.getByRole("button", { name: "Sync now" }).click();
      await badge(card, "syncing").waitFor();
      await card.locator('tr[data-job-status="completed"][data-job-type="manual"]').waitFor({ timeout: 30_000 });
      await badge(card, "active").waitFor();
    });
    stack.sink.setLatency(0);
    const history = (await page.evaluate("window.badgeHistory")) as string[];
    expect(history.indexOf("syncing")).toBeGreaterThanOrEqual(0);
    expect(history.lastIndexOf("active")).toBeGreaterThan(history.indexOf("syncing"));
    const delivered = stack.sink.messageIds().length;
    expect(delivered).toBeGreaterThan(100); // more than one page
    const row = card.locator('tr[data-job-status="completed"]').first();
    expect(Number(await row.locator('[data-col="processed"]').innerText())).toBe(delivered);
    expect(await page.locator('[data-live="connected"]').count()).toBe(1);
    expect(await card.locator(".room-meta").innerText()).not.toContain("Last sync —");
    await screenshot(page, "06-rooms-synced");
  });

  it("when a sync fails, then the room shows 🔴 with the reason, and Retry runs it again to 🟢", async () => {
    const card = room(page, "Sales team");
    stack.sink.failWhen(() => ({ status: 422, body: { error: { code: "room_archived", message: "room is archived" } } }));
    await step("a failing sync", async () => {
      await card.getByRole("button", { name: "Sync now" }).click();
      await badge(card, "error").waitFor({ timeout: 30_000 });
      await card.locator('tr[data-job-status="failed"]').getByText("ingest_rejected").waitFor();
    });
    expect(await card.locator(".room-error").first().innerText()).toContain("room is archived");
    await screenshot(page, "07-rooms-failed");

    stack.sink.failWhen(null);
    await step("retry", async () => {
      await card.locator(".actions").getByRole("button", { name: "Retry" }).click();
      await card.locator('tr[data-job-type="retry"][data-job-status="completed"]').waitFor({ timeout: 30_000 });
      await badge(card, "active").waitFor();
    });
    expect(await card.locator('tr[data-job-status="failed"]').count()).toBe(1); // the failed run stays in the history
    await screenshot(page, "08-rooms-retried");
  });

  it("when a sync meets a millisecond holding more messages than one Zoho page, then the room and the job's history row say so in words", async () => {
    const card = room(page, "Support desk");
    const channelId = await card.locator(".room-meta .mono").innerText();
    const chatId = stack.sim.channels().find((c) => c.channel_id === channelId)!.chat_id!;
    // 130 messages in one millisecond, newer than what was synced, and one normal message after them.
    const newest = Math.max(...stack.sim.messages(chatId).map((m) => Number(m.time)));
    const dense = Math.max(newest + 1, Date.now() - 10_000);
    const sender = { id: "55743307", name: "John Doe" };
    stack.sim.addMessages(chatId, [
      ...Array.from({ length: 130 }, (_, i) => ({ id: `${dense}_${String(i).padStart(3, "0")}`, time: dense, type: "text" as const, sender, content: { text: `burst ${i}` } })),
      { id: `${dense + 1_000}_1`, time: dense + 1_000, type: "text" as const, sender, content: { text: "after the burst" } },
    ]);
    const exact = `${new Date(dense).toISOString().slice(0, 23).replace("T", " ")} UTC`;
    const sentence = `More messages share ${exact} than one Zoho page holds: 100 were read, the rest cannot be reached through the Zoho API.`;
    await step("sync and see the warning", async () => {
      await card.getByRole("button", { name: "Sync now" }).click();
      await card.locator('tr[data-job-type="manual"][data-job-status="completed"][data-job-warnings="1"]').waitFor({ timeout: 30_000 });
      await card.locator('[data-room-warnings="1"]').waitFor();
    });
    expect(stack.sink.messageIds().filter((id) => id.startsWith(`${dense}_`))).toHaveLength(100);
    const row = card.locator('tr[data-job-warnings="1"]').first();
    expect(await row.locator('[data-col="problems"]').innerText()).toContain(sentence);
    const notice = card.locator('[data-room-warnings="1"]');
    expect(await notice.innerText()).toContain(sentence);
    expect(await notice.locator(".tag.warn").innerText()).toMatch(/warning/i);
    await badge(card, "active").waitFor(); // a warning is not an error: the mapping stays active
    // …and the API says the same: the rooms view and the job history carry the warning.
    const api = async (path: string) => (await fetch(`${stack.url}/api${path}`, { headers: { authorization: `Bearer ${stack.token}` } })).json();
    const rooms = (await api(`/clients/${DEMO_CLIENT_ID}/rooms`)) as { rooms: { name: string; mapping: { id: string } | null; latestJobWarnings: { jobId: string; warnings: unknown[] } | null }[] };
    const support = rooms.rooms.find((r) => r.name === "Support desk")!;
    const warning = { code: "unreachable_messages", chatId, time: dense, seen: 100 };
    expect(support.latestJobWarnings?.warnings).toEqual([expect.objectContaining(warning)]);
    const history = (await api(`/zoho-mappings/${support.mapping!.id}/jobs`)) as { jobs: { id: string; warnings: unknown[] }[] };
    expect(history.jobs.find((j) => j.id === support.latestJobWarnings!.jobId)?.warnings).toEqual([expect.objectContaining(warning)]);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "08b-rooms-warning");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "08c-rooms-warning-390px");
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it("when a mapping is paused, resumed and unmapped, then the room follows each step", async () => {
    const card = room(page, "Sales team");
    await step("pause", async () => {
      await card.getByRole("button", { name: "Pause" }).click();
      await badge(card, "paused").waitFor();
    });
    expect(await card.getByRole("button", { name: "Sync now" }).isDisabled()).toBe(true);
    await step("resume", async () => {
      await card.getByRole("button", { name: "Resume" }).click();
      await badge(card, "active").waitFor();
    });
    await step("unmap", async () => {
      await card.getByRole("button", { name: "Unmap" }).click();
      await card.getByRole("button", { name: "Yes, unmap" }).click();
      await badge(card, "unmapped").waitFor();
      await card.getByRole("button", { name: "Map to Zoho" }).waitFor();
    });
  });

  it("when a backend user signs in, then the connection is read-only for them while rooms stay manageable", async () => {
    const backend = await browser.newPage();
    backend.on("pageerror", (err) => pageErrors.push(err.message));
    await step("backend user's view", async () => {
      await signIn(backend, stack.url, await stack.tokenFor(["backend"]), "#/integrations");
      await backend.locator('[data-state="connected"]').waitFor();
      await backend.getByText("Only a super admin can connect").waitFor();
      for (const name of ["Test connection", "Refresh tokens", "Disconnect", "Authorize with Zoho"]) {
        expect(await backend.getByRole("button", { name }).isDisabled(), name).toBe(true);
      }
      await backend.goto(`${stack.url}/${ROOMS}`);
      expect(await room(backend, "Engineering").getByRole("button", { name: "Map to Zoho" }).isEnabled()).toBe(true);
    }, backend);
    await backend.close();
  });

  it("when the gateway restarts, then the rooms page reconnects by itself, catches up on a run it missed, and stays live", async () => {
    const card = room(page, "Support desk");
    const mappingId = (await card.getAttribute("data-mapping-id"))!;
    await step("lose the gateway", async () => {
      await stack.stopGateway();
      await page.locator('[data-live="reconnecting"]').waitFor();
    });
    // A scheduled run happens while the console cannot reach the gateway.
    const jobId = randomUUID();
    const nc = await connectNats({ url: NATS_URL, name: "console-test-scheduler", logger: silent });
    await createPublisher({ nc, prefix: stack.prefix, source: "scheduler", logger: silent }).publish("syncRequested", { jobId, mappingId, jobType: "scheduled", requestedAt: new Date().toISOString() });
    await drainNats(nc);
    await step("reconnect and catch up", async () => {
      await stack.startGateway();
      await page.locator('[data-live="connected"]').waitFor({ timeout: 30_000 });
      await card.locator(`tr[data-job-id="${jobId}"][data-job-status="completed"]`).waitFor();
    });
    await step("still live", async () => {
      const manualRuns = await card.locator('tr[data-job-type="manual"][data-job-status="completed"]').count();
      await card.getByRole("button", { name: "Sync now" }).click();
      await expect.poll(() => card.locator('tr[data-job-type="manual"][data-job-status="completed"]').count(), { timeout: 15_000 }).toBe(manualRuns + 1);
    });
  });

  it("when Zoho revokes the connection, then refreshing explains that a super admin must authorize again, and disconnect clears it", async () => {
    await page.goto(`${stack.url}/#/integrations`);
    await page.locator('[data-state="connected"]').waitFor();
    stack.sim.revokeAllTokens();
    await step("refresh a revoked connection", async () => {
      await page.getByRole("button", { name: "Refresh tokens" }).click();
      await page.locator('#action-result [data-error-code="reauth_required"]').waitFor();
      await page.locator('[data-state="reauth_required"]').waitFor();
    });
    expect(await page.locator("#action-result").innerText()).toContain("must authorize with Zoho again");
    await screenshot(page, "09-integrations-reauth-required");
    await step("disconnect", async () => {
      await page.getByRole("button", { name: "Disconnect" }).click();
      await page.getByRole("button", { name: "Yes, disconnect" }).click();
      await page.locator("#action-result").getByText("Disconnected").waitFor();
      await page.locator('[data-state="disconnected"]').waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
