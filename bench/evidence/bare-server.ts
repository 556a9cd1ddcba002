import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

/**
 * The evidence benchmark's floor, a process of its own (argv: port, dir): a
 * bare node:http server that writes a POST's body to a file as it comes
 * (fsync before it answers), and streams a file back on GET /files/<name>.
 * No multipart parsing, hashing, authentication, nor event: what HTTP on
 * loopback and the disk cost alone.
 */
const [port, dir] = process.argv.slice(2);

const server = createServer((request, response) => {
  void (async () => {
    if (request.method === 'POST') {
      const name = randomUUID();
      const file = await open(join(dir!, name), 'wx');
      for await (const chunk of request) await file.write(chunk as Buffer);
      await file.sync();
      await file.close();
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ name }));
      return;
    }
    const name = /^\/files\/([\w-]+)$/.exec(request.url ?? '')?.[1];
    if (!name) return void response.writeHead(request.url === '/health' ? 200 : 404).end();
    const path = join(dir!, name);
    response.writeHead(200, { 'content-length': String((await stat(path)).size) });
    createReadStream(path).pipe(response);
  })().catch(() => response.destroy());
});
server.listen(Number(port), '127.0.0.1');
