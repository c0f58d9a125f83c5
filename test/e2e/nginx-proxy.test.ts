import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freePort, hasChromium, launchBrowser, recordSends, seenAt, sentAt, watchFor } from './browser.ts';
import { addSupporters, claim, emailOf, PASSWORD } from './desk-session.ts';
import { tempDir } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

// The nginx set-up README.md documents under "Behind a reverse proxy", run for real: read from the
// README at test time, so the test fails when the documented config stops working.

const NGINX = '/usr/sbin/nginx';
const root = path.resolve(import.meta.dirname, '../..');
const hasNginx = fs.existsSync(NGINX);
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** The fenced nginx block under "## Behind a reverse proxy" in README.md. */
function documentedServerBlock(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = readme.match(/^## Behind a reverse proxy\n[\s\S]*?^```nginx\n([\s\S]*?)^```/m)?.[1];
  if (!block) throw new Error('README.md has no ```nginx block under "## Behind a reverse proxy"');
  return block;
}

/** Replaces exactly one match: a README change the test cannot follow fails here, not silently. */
function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  const found = text.match(new RegExp(pattern, 'g'))?.length ?? 0;
  if (found !== 1) throw new Error(`expected one ${pattern} in the README's nginx block, found ${found}`);
  return text.replace(pattern, replacement);
}

function nginxVersion(): number[] {
  const said = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr;
  return (said.match(/nginx\/(\d+)\.(\d+)\.(\d+)/) ?? []).slice(1).map(Number);
}

/**
 * The README's server block, changed only where a test machine must differ: an unprivileged
 * port, a throwaway certificate, this run's Lineup.
 */
function testServerBlock(dir: string, nginxPort: number, lineupPort: number): string {
  let block = documentedServerBlock();
  block = replaceOnce(block, /listen 443 ssl;/, `listen 127.0.0.1:${nginxPort} ssl;`);
  block = replaceOnce(block, /ssl_certificate\s+\S+;/, `ssl_certificate ${dir}/cert.pem;`);
  block = replaceOnce(block, /ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${dir}/key.pem;`);
  block = replaceOnce(block, /proxy_pass http:\/\/127\.0\.0\.1:3000;/, `proxy_pass http://127.0.0.1:${lineupPort};`);
  // `http2 on;` came with nginx 1.25.1; older ones (Debian 12 ships 1.22) only know the listen
  // parameter, which means the same. Dropping `http2 on;` from the README still fails the test.
  const [major = 0, minor = 0, patch = 0] = nginxVersion();
  if (major * 1e6 + minor * 1e3 + patch < 1_025_001 && /^\s*http2 on;.*$/m.test(block)) {
    block = block.replace(/^\s*http2 on;.*\n/m, '').replace(`listen 127.0.0.1:${nginxPort} ssl;`, `listen 127.0.0.1:${nginxPort} ssl http2;`);
  }
  return block;
}

/** A whole nginx.conf around the server block, with every path nginx writes inside `dir`. */
function nginxConf(dir: string, serverBlock: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind}_temp;`).join('\n  ');
  return `pid ${dir}/nginx.pid;\nerror_log stderr warn;\nevents {}\nhttp {\n  access_log off;\n  ${temp}\n${serverBlock}}\n`;
}

/** Resolves once something listens on the port; rejects with nginx's own words if it exits first. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}:\n${output()}`);
}

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

/** One HTTP/1.1 request to nginx (its certificate is self-signed), from the given local address. */
function requestVia(url: string, localAddress: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads a live stream through nginx until `enough` says so (or 5 s pass), then hangs up. */
function readStream(url: string, localAddress: string, headers: http.OutgoingHttpHeaders, enough: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = https.request(url, { headers: { Accept: 'text/event-stream', ...headers }, localAddress, rejectUnauthorized: false, agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (enough(text)) { clearTimeout(timer); req.destroy(); resolve(text); }
      });
    });
    const timer = setTimeout(() => { req.destroy(); resolve(text); }, 5000);
    req.on('error', (error) => { if (!req.destroyed) reject(error); });
    req.end();
  });
}

/** Cookies from a response, as a Cookie header (name=value pairs; flags dropped). */
function cookiesOf(answer: Answer): string {
  return (answer.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
}

describe.skipIf(!hasNginx || !hasOpenssl)('Lineup behind nginx, configured as README.md documents', () => {
  let dir: string;
  let server: RunningServer;
  let nginx: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    dir = tempDir('lineup-nginx-');
    // As root, nginx's workers run as nobody: they must reach the temp folders nginx makes here.
    fs.chmodSync(dir, 0o755);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
    const nginxPort = await freePort();
    origin = `https://localhost:${nginxPort}`;
    // As the README says: trust one proxy, and tell Lineup its public address (https: Secure cookies).
    server = await startServer({ databasePath: path.join(dir, 'lineup.sqlite'), env: { TRUSTED_PROXIES: '1', PUBLIC_URL: origin } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    fs.writeFileSync(`${dir}/nginx.conf`, nginxConf(dir, testServerBlock(dir, nginxPort, Number(new URL(server.url).port))));
    let output = '';
    nginx = spawn(NGINX, ['-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout!.on('data', (d) => { output += d; });
    nginx.stderr!.on('data', (d) => { output += d; });
    await listening(nginxPort, nginx, () => output);
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers browsers over HTTP/2', async () => {
    const session = http2.connect(origin, { rejectUnauthorized: false });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        session.on('error', reject);
        const stream = session.request({ ':path': '/' });
        let status = 0, body = '';
        stream.setEncoding('utf8');
        stream.on('response', (headers) => { status = Number(headers[':status']); });
        stream.on('data', (chunk: string) => { body += chunk; });
        stream.on('end', () => resolve({ status, body }));
        stream.on('error', reject);
      });
      expect(session.alpnProtocol).toBe('h2');
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('Join the line');
    } finally {
      session.close();
    }
  });

  it('resumes a page\'s stream from Last-Event-ID through the proxy, with what it missed and no reset', async () => {
    const from = '127.0.0.3';
    const intake = await requestVia(`${origin}/`, from);
    const csrf = intake.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const cookie = cookiesOf(intake);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie };
    const joined = await requestVia(`${origin}/tickets`, from, { method: 'POST', headers: form, body: new URLSearchParams({ _csrf: csrf, name: 'Yuri', problem: 'Where is my refund?' }).toString() });
    const ticketPath = joined.headers.location!;
    expect(ticketPath).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);
    const first = await readStream(`${origin}${ticketPath}/stream`, from, { Cookie: cookie }, (text) => /^id: \d+$/m.test(text));
    const lastId = [...first.matchAll(/^id: (\d+)$/gm)].at(-1)![1]!;

    // Away for a moment: a message is written meanwhile.
    const sent = await requestVia(`${origin}${ticketPath}/messages`, from, { method: 'POST', headers: { ...form, 'HX-Request': 'true' }, body: new URLSearchParams({ _csrf: csrf, body: 'written while the page was away' }).toString() });
    expect(sent.status).toBeLessThan(300);
    const resumed = await readStream(`${origin}${ticketPath}/stream`, from, { Cookie: cookie, 'Last-Event-ID': lastId }, (text) => text.includes('written while the page was away'));
    expect(resumed).toContain('written while the page was away');
    expect(resumed).not.toContain('lineup:reset');
  });

  describe.skipIf(!hasChromium())('in real browsers', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launchBrowser(); });
    afterAll(async () => { await browser?.close(); });

    /** One person in their own window; the proxy's certificate is self-signed. Fails the test on any page error. */
    async function person() {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 820 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/net::ERR|Failed to load resource|htmx:sse:error/.test(m.text())) errors.push(`console: ${m.text()}`);
      });
      return { context, page, errors };
    }

    async function openDesk() {
      const ann = await person();
      await ann.page.goto(`${origin}/login`);
      await ann.page.getByLabel('E-mail').fill(emailOf('Ann Admin'));
      await ann.page.getByLabel('Password').fill(PASSWORD);
      await ann.page.getByRole('button', { name: 'Sign in' }).click();
      await ann.page.waitForURL((at) => `${at.origin}${at.pathname}` === `${origin}/desk`);
      return ann;
    }

    const protocolOf = (page: Page) =>
      page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol);

    it('keeps the desk and the visitor live through the proxy, and lets a 9 MiB file through', async () => {
      const ann = await openDesk();
      const vera = await person();
      await vera.page.goto(origin);
      await vera.page.getByLabel('Name').fill('Vera');
      await vera.page.getByLabel('Describe your problem').fill('The invoice total is wrong');
      await vera.page.getByRole('button', { name: 'Join the line' }).click();
      await vera.page.getByText(/Your place in line: \d+/).waitFor();
      expect(await protocolOf(vera.page)).toBe('h2');
      expect(await protocolOf(ann.page)).toBe('h2');

      // The desk was open before Vera joined: her row can only arrive over its stream.
      await ann.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();
      await claim(ann, 'Vera');
      const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');

      // A buffering proxy holds a small event back until its buffer fills: the reply would not come.
      const reply = 'Let me look at that invoice';
      await recordSends(ann.page);
      await watchFor(vera.page, reply);
      await panel.getByLabel('Message').fill(reply);
      await panel.getByLabel('Message').press('Enter');
      expect((await seenAt(vera.page, reply)) - (await sentAt(ann.page))).toBeLessThan(2_000);

      // Files up to 10 MiB: nginx's own default (1 MiB) would answer 413.
      await vera.page.getByLabel('Attach a file').setInputFiles({
        name: 'big.log', mimeType: 'text/plain', buffer: Buffer.alloc(9 * 1024 * 1024, 'log line\n'),
      });
      // Either way it ends in words beside the box: "Sent", or why not (nginx's 413, say).
      await vera.page.getByText('Sent big.log.').or(vera.page.locator('.attach__status--error')).waitFor({ timeout: 20_000 });
      expect(await vera.page.locator('.attach__status').textContent()).toBe('Sent big.log.');
      await panel.getByRole('link', { name: /big\.log/ }).waitFor();

      expect([...ann.errors, ...vera.errors]).toEqual([]);
      await Promise.all([ann.context.close(), vera.context.close()]);
    });

    it("records the visitor's own address from X-Forwarded-For: neither the proxy's nor one the client made up", async () => {
      const ann = await openDesk();
      // The visitor comes from another loopback address than nginx's, and claims to be someone else.
      const from = '127.0.0.2';
      const intake = await requestVia(`${origin}/`, from);
      const csrf = intake.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
      expect(csrf).toBeTruthy();
      const joined = await requestVia(`${origin}/tickets`, from, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookiesOf(intake), 'X-Forwarded-For': '203.0.113.9' },
        body: new URLSearchParams({ _csrf: csrf!, name: 'Xena', problem: 'My parcel never came' }).toString(),
      });
      expect(joined.status).toBe(303);
      await claim(ann, 'Xena');
      const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
      const address = panel.locator('.visitor-details dt', { hasText: 'IP address' }).first().locator('xpath=following-sibling::dd[1]');
      expect(await address.textContent()).toBe('127.0.0.2');
      expect(ann.errors).toEqual([]);
      await ann.context.close();
    });
  });
});
