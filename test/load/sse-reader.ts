import http from 'node:http';

/**
 * A light SSE reader for thousands of streams in one process: it does not parse HTML, it only
 * finds benchmark markers (`bench#<seq>#`) and line rows in whole frames as they arrive.
 */
export interface Reader {
  close(): void;
  status: number;
}

const MARKER = Buffer.from('bench#');
const PING = Buffer.from('event: lineup:ping');

/** Opens a stream; `onPing` answers the server's liveness pings, as a desk page does. */
export function openReader(url: string, headers: Record<string, string>, onFrame: (data: string, at: number) => void, onPing?: () => void,
  clock: () => number = () => performance.now()): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      const reader: Reader = { close: () => req.destroy(), status: res.statusCode ?? 0 };
      if (res.statusCode !== 200) { res.resume(); resolve(reader); return; }
      // Bytes, not strings: most frames carry no marker and are skipped without decoding.
      let carry: Buffer = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        const at = clock();
        const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const end = buffer.lastIndexOf('\n\n');
        if (end < 0) { carry = buffer; return; }
        carry = buffer.subarray(end + 2);
        if (onPing && buffer.indexOf(PING) !== -1) onPing();
        if (buffer.indexOf(MARKER) !== -1 && buffer.indexOf(MARKER) < end) onFrame(buffer.toString('utf8', 0, end), at);
      });
      res.on('error', () => {});
      resolve(reader);
    });
    req.on('error', reject);
  });
}

/**
 * POSTs a form and resolves with the status and the Location header. With `waits`, it records
 * how long the POST waited in this process for a connection before being sent (ms): time the
 * server never saw, which a latency measured from the call includes.
 */
export function postForm(agent: http.Agent, url: string, headers: Record<string, string>, form: Record<string, string>, waits?: number[]): Promise<{ status: number; location?: string }> {
  const body = new URLSearchParams(form).toString();
  const called = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    if (waits) req.on('socket', () => waits.push(performance.now() - called));
    req.on('error', reject);
    req.end(body);
  });
}

export function get(agent: http.Agent, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
