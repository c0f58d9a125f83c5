/** Names file-type gives that browsers know under another: the container's type plays everywhere. */
const SAME_AS: Record<string, string> = { 'audio/x-m4a': 'audio/mp4', 'audio/opus': 'audio/ogg', 'audio/vnd.wave': 'audio/wav', 'audio/x-wav': 'audio/wav' };

/**
 * What a file is, found from its bytes by file-type (hundreds of formats, HEIC and AVIF among
 * them, where a hand-written check took an iPhone photo for an MP4 video): the name and the type
 * a browser claims are the sender's words and are never trusted. Anything not recognised is text
 * (valid UTF-8 without NULs) or plain bytes; markup (HTML, SVG, XML) and scripts are never an
 * image or a page (see INLINE).
 *
 * @example
 * await sniffMime(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // 'image/png'
 */
export async function sniffMime(bytes: Uint8Array): Promise<string> {
  // Loaded on the first upload, not at start-up (it stays outside the bundle: its dependencies require Node built-ins by name).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (found) return SAME_AS[found.mime] ?? found.mime;
  return isText(bytes) ? 'text/plain' : 'application/octet-stream';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Types a browser may show inside Lineup's pages: pictures, sound and video every current browser
 * plays. Never SVG (it can carry script), HTML, PDF or text: those are only ever downloaded; nor
 * HEIC, which only Safari shows (a picture nobody else can open is a download, not a broken image).
 */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4',
  'video/mp4', 'video/quicktime', 'video/webm']);

export function isInlineSafe(mime: string): boolean {
  return INLINE.has(mime);
}

/** How a message shows a file: a thumbnail, a player, or a download link. */
export function fileKind(mime: string): 'image' | 'audio' | 'video' | 'download' {
  if (!INLINE.has(mime)) return 'download';
  return mime.startsWith('image/') ? 'image' : mime.startsWith('audio/') ? 'audio' : 'video';
}
