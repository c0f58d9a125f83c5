// The benchmark's floor: a bare node:http SSE relay (no database, no templates, no auth).
// GET /s/:id opens stream `id`; POST /m with JSON {to: [ids], data} pushes `data` to each.
import http from 'node:http';

const streams = new Map<string, http.ServerResponse>();
let nextId = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/s/')) {
    const id = req.url.slice(3);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(': open\n\n');
    streams.set(id, res);
    req.on('close', () => streams.delete(id));
    return;
  }
  if (req.method === 'POST' && req.url === '/m') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const { to, data } = JSON.parse(body) as { to: string[]; data: string };
      const frame = `id: ${++nextId}\ndata: ${data}\n\n`;
      for (const id of to) streams.get(id)?.write(frame);
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`relay listening on ${address.port}`);
});
process.on('SIGTERM', () => process.exit(0));
