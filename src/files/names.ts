/** A file name as people see it: shown as text and in Content-Disposition, never used on disk or for the type. */
export const NAME_MAX = 120;

// Control characters (line breaks included), and the invisible marks that can make "gpj.exe" read as "exe.jpg".
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Cleans a sender's file name: no folders, no control or direction characters, at most
 * NAME_MAX characters (the extension kept when it is short), and never empty.
 *
 * @example
 * cleanFileName('../../etc/passwd') // 'passwd'
 * cleanFileName('a\r\nX-Injected: 1.png') // 'aX-Injected: 1.png'
 */
export function cleanFileName(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  const base = text.split(/[/\\]/).pop() ?? '';
  let name = base.replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  if (/^\.*$/.test(name)) return 'file';
  const chars = [...name];
  if (chars.length > NAME_MAX) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    name = ext.length > 1 && ext.length <= 12
      ? chars.slice(0, NAME_MAX - ext.length).join('').trimEnd() + ext.join('')
      : chars.slice(0, NAME_MAX).join('').trimEnd();
  }
  return name;
}

/** RFC 5987 encoding: every byte outside the attr-char set is percent-encoded, so nothing can end the header value. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The Content-Disposition for a stored file: an ASCII fallback name made of safe characters
 * only, and the real name in UTF-8 (`filename*`).
 *
 * @example
 * contentDisposition('attachment', 'Rechnung März.pdf')
 * // attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^A-Za-z0-9 ._-]/g, '_') || 'file';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
