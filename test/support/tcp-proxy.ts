import { createServer, connect, type Socket } from 'node:net';

export type TcpProxy = Readonly<{
  port: number;
  /** Drops every connection and refuses new ones, as a server that went down. */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}>;

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL here), so a test
 * can take the server away from one process and give it back, while the
 * server itself goes on serving every other test.
 */
export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut: () => {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

/** The same connection URL, reaching its server through the proxy. */
export const urlThrough = (url: string, proxy: TcpProxy): string => {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
};
