/**
 * One CSV line (RFC 4180: quoted, quotes doubled). A text cell a spreadsheet would read as a
 * formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe; numbers stay numbers.
 */
export function csvLine(cells: Array<string | number | null>): string {
  return `${cells.map((cell) => {
    if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
    let text = cell ?? '';
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replaceAll('"', '""')}"`;
  }).join(',')}\r\n`;
}
