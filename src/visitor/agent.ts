/** A browser and an operating system as a supporter would name them. */
export interface ParsedAgent {
  browser: string;
  os: string;
}

// Order matters: Chromium-based browsers also say "Chrome/" and "Safari/", and every iPhone
// browser is Safari underneath, so the more specific tokens are tried first.
const BROWSERS: Array<[name: string, pattern: RegExp]> = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\/(\d+)/],
  ['Opera', /\b(?:OPR|OPT|OPiOS)\/(\d+)|\bOpera\b.*?\bVersion\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\w+)? Safari\//],
];

const OS: Array<[name: string, pattern: RegExp, version?: (m: RegExpMatchArray) => string]> = [
  ['Windows', /\bWindows NT (\d+\.\d+)/, (m) => WINDOWS[m[1]!] ?? ''],
  ['iOS', /\b(?:iPhone|iPad|iPod)\b.*?\bOS (\d+)(?:_(\d+))?/, (m) => (m[2] ? `${m[1]}.${m[2]}` : m[1]!)],
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid(?: (\d+(?:\.\d+)?))?/, (m) => m[1] ?? ''],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\bMac OS X (\d+)[_.](\d+)/, (m) => `${m[1]}.${m[2]}`],
  ['macOS', /\bMacintosh\b/],
  ['Linux', /\bLinux\b|\bX11\b/],
];

const WINDOWS: Record<string, string> = { '10.0': '10/11', '6.3': '8.1', '6.2': '8', '6.1': '7', '6.0': 'Vista', '5.1': 'XP' };

/** What parseUserAgent names a browser or system it does not recognise (the panel says it in the supporter's language). */
export const UNKNOWN = 'Unknown';

/**
 * Names the browser (with its major version) and the operating system in a User-Agent string.
 * What it does not recognise is UNKNOWN: the string is a hint the visitor's browser chose to send.
 *
 * @example
 * parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36')
 * // { browser: 'Chrome 124', os: 'Windows 10/11' }
 */
export function parseUserAgent(agent: string | null | undefined): ParsedAgent {
  const ua = agent ?? '';
  return { browser: browserOf(ua), os: osOf(ua) };
}

function browserOf(ua: string): string {
  for (const [name, pattern] of BROWSERS) {
    const match = ua.match(pattern);
    if (match) {
      const version = match.slice(1).find((v) => v !== undefined);
      return version ? `${name} ${version}` : name;
    }
  }
  return UNKNOWN;
}

function osOf(ua: string): string {
  for (const [name, pattern, version] of OS) {
    const match = ua.match(pattern);
    if (match) {
      const v = version?.(match);
      return v ? `${name} ${v}` : name;
    }
  }
  return UNKNOWN;
}
