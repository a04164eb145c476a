import { describe, expect, it } from "vitest";
import { normaliseMessageId, parseMessageList } from "./message.ts";

// The two messages of doc §2.6 (get-messages-response), as Zoho documents them.
const textMessage = {
  id: "1629426730589_40288830613",
  time: 1629426730589,
  type: "text",
  sender: { id: "15067889", name: "Zylker" },
  content: { text: "Client reports the app is still very slow this morning." },
};
const fileMessage = {
  id: "1542711601585_349430767610289",
  time: 1542798001273,
  type: "file",
  sender: { id: "55743307", name: "John Doe" },
  content: {
    file: { name: "Feature-overview.jpg", type: "image/jpeg", id: "f3791c22", dimensions: { height: 3510, width: 2552, size: 559008 } },
    thumbnail: { height: 230, width: 400, blur_data: "/9j/4AAQ" },
    comment: "Hey Emily! Hope you understand the above design",
  },
};

function parsed(body: unknown) {
  const r = parseMessageList(body);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
}

describe("parseMessageList", () => {
  it("when the documented body arrives, then text and file messages normalise and sort oldest first", () => {
    const [first, second] = parsed({ data: [textMessage, fileMessage] });
    expect(first).toEqual({
      id: "1542711601585_349430767610289",
      time: 1542798001273,
      type: "file",
      sender: { id: "55743307", name: "John Doe" },
      text: null,
      file: { name: "Feature-overview.jpg", type: "image/jpeg", id: "f3791c22" },
      comment: "Hey Emily! Hope you understand the above design",
      edited: false,
      editedTime: null,
      isThreadParent: false,
      raw: fileMessage,
    });
    expect(second).toMatchObject({ id: textMessage.id, text: "Client reports the app is still very slow this morning.", file: null });
  });

  it("when time is a numeric string and the id has a space or %20, then both are normalised", () => {
    const [a, b] = parsed({
      data: [
        { ...textMessage, id: "1629426730589%2040288830613", time: "1629426730589" },
        { ...textMessage, id: "1629426730590 40288830614", time: "1629426730590" },
      ],
    });
    expect([a?.id, a?.time, b?.id, b?.time]).toEqual(["1629426730589_40288830613", 1629426730589, "1629426730590_40288830614", 1629426730590]);
  });

  it("when two messages share a time, then the id breaks the tie so the order is stable", () => {
    const ids = parsed({
      data: [
        { ...textMessage, id: "1000_b", time: 1000 },
        { ...textMessage, id: "999_z", time: 999 },
        { ...textMessage, id: "1000_a", time: "1000" },
      ],
    }).map((m) => m.id);
    expect(ids).toEqual(["999_z", "1000_a", "1000_b"]);
  });

  it("when content is a plain string, then it is the text", () => {
    expect(parsed({ data: [{ ...textMessage, content: "old shape" }] })[0]?.text).toBe("old shape");
  });

  it("when a message was edited, then edit metadata comes from content", () => {
    const [m] = parsed({ data: [{ ...textMessage, content: { text: "fixed", edited: true, edited_time: "1629426799999" } }] });
    expect(m).toMatchObject({ text: "fixed", edited: true, editedTime: 1629426799999 });
  });

  it("when info, deleted and unknown types arrive, then the type is kept as-is and missing content is null", () => {
    const ms = parsed({
      data: [
        { ...textMessage, id: "1_1", time: 1, type: "info", content: { text: "Scott added Ryan" } },
        { ...textMessage, id: "2_1", time: 2, type: "deleted", content: undefined },
        { ...textMessage, id: "3_1", time: 3, type: "card", content: null },
      ],
    });
    expect(ms.map((m) => [m.type, m.text])).toEqual([["info", "Scott added Ryan"], ["deleted", null], ["card", null]]);
  });

  it("when a message carries thread_information, then it is marked as a thread parent", () => {
    const [m] = parsed({ data: [{ ...textMessage, thread_information: { chat_id: "CT_1-T-2", message_count: 19 } }] });
    expect(m?.isThreadParent).toBe(true);
  });

  it("when a time is not numeric, then the problem names the index and the expectation", () => {
    const data = [textMessage, textMessage, textMessage, { ...textMessage, time: "yesterday" }];
    expect(parseMessageList({ data })).toEqual({
      ok: false,
      problem: 'messages response: data[3].time must be a number or numeric string (got "yesterday")',
    });
  });

  it("when sender or content is the wrong shape, then each problem names its path", () => {
    expect(parseMessageList({ data: [{ ...textMessage, sender: undefined }] })).toEqual({
      ok: false,
      problem: "messages response: data[0].sender is missing (expected an object {id, name})",
    });
    expect(parseMessageList({ data: [{ ...textMessage, content: { text: 5, file: { type: "x" } } }] })).toEqual({
      ok: false,
      problem: "messages response: data[0].content.text must be a string (got 5); data[0].content.file.name is missing (expected a string)",
    });
    expect(parseMessageList({ data: [{ ...textMessage, content: 42 }] })).toEqual({
      ok: false,
      problem: "messages response: data[0].content must be an object or a string (got 42)",
    });
  });

  it("when the envelope is wrong, then the problem says what was expected", () => {
    expect(parseMessageList({ messages: [] })).toEqual({ ok: false, problem: "messages response: data is missing (expected an array of messages)" });
    expect(parseMessageList([textMessage])).toEqual({ ok: false, problem: "messages response: body must be a JSON object (got an array)" });
    expect(parseMessageList({ data: ["x"] })).toEqual({ ok: false, problem: 'messages response: data[0] must be an object (got "x")' });
  });

  it("when the data array is empty, then the result is empty", () => {
    expect(parsed({ data: [] })).toEqual([]);
  });
});

describe("normaliseMessageId", () => {
  it("when the id is already canonical, then it is unchanged", () => {
    expect(normaliseMessageId("1542711601585_349430767610289")).toBe("1542711601585_349430767610289");
  });
});
