// Input and options of the transcript conversion. TranscriptMessage is structurally
// @cliq/zoho-client's ZohoMessage without `raw`, so the worker passes ZohoMessage objects as-is
// and this module stays free of any I/O package.

export type TranscriptMessage = {
  id: string;
  /** epoch ms */
  time: number;
  /** text | file | info | deleted | anything else Cliq sends (card, form, …) */
  type: string;
  sender: { id: string; name: string };
  text: string | null;
  file: { name: string; type: string | null; id: string | null } | null;
  comment: string | null;
  edited: boolean;
  editedTime: number | null;
  isThreadParent: boolean;
};

export type TranscriptOptions = {
  /** IANA time zone the line timestamps are written in. */
  timeZone: string;
  /**
   * Names for bare `{@id}` mentions, by Zoho user id. formatTranscript also learns every
   * sender's name from the batch itself; names given here win.
   */
  mentionNames?: ReadonlyMap<string, string>;
};

export const DEFAULT_TRANSCRIPT_OPTIONS: TranscriptOptions = { timeZone: "UTC" };
