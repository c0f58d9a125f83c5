/**
 * What a file is, found from its first bytes: the name and the type a browser claims are the
 * sender's words and are never trusted. Anything not recognised is text (valid UTF-8 without
 * NULs) or plain bytes; markup (HTML, SVG, XML) and scripts are text, never an image or a page.
 *
 * @example
 * sniffMime(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // 'image/png'
 */
export function sniffMime(bytes: Uint8Array): string {
  const ascii = (at: number, text: string) => text.split('').every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'audio/wav';
  if (ascii(4, 'ftyp')) {
    if (ascii(8, 'qt  ')) return 'video/quicktime';
    if (ascii(8, 'M4A ')) return 'audio/mp4';
    return 'video/mp4';
  }
  // Matroska is only taken for WebM when it says so; other Matroska files are plain bytes.
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return containsAscii(bytes.subarray(0, 64), 'webm') ? 'video/webm' : 'application/octet-stream';
  if (ascii(0, 'ID3') || isMp3Frame(bytes)) return 'audio/mpeg';
  if (ascii(0, 'OggS')) return 'audio/ogg';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  return isText(bytes) ? 'text/plain' : 'application/octet-stream';
}

/** An MPEG audio layer III frame header: 11 sync bits, then a version and layer III. */
function isMp3Frame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) === 0x02 && (bytes[1]! & 0x18) !== 0x08;
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(text, 0, 'latin1');
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
 * Types a browser may show inside Lineup's pages: pictures, sound and video. Never SVG (it can
 * carry script), HTML, PDF or text: those are only ever downloaded.
 */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4',
  'video/mp4', 'video/quicktime', 'video/webm']);

export function isInlineSafe(mime: string): boolean {
  return INLINE.has(mime);
}

/** How a message shows a file: a thumbnail, a player, or a download link. */
export function fileKind(mime: string): 'image' | 'audio' | 'video' | 'download' {
  if (!INLINE.has(mime)) return 'download';
  return mime.startsWith('image/') ? 'image' : mime.startsWith('audio/') ? 'audio' : 'video';
}
