// @ts-check
// Each message carries a random id chosen by the page, so sending the same one twice stores it once.

/** 128 random bits as 32 hex digits. */
export function newMessageId() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
