import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ComplaintNotification, SupplierNotification } from '../../libs/contracts/index.js';

export type WebhookReceiver = Readonly<{
  url: string;
  received: readonly (ComplaintNotification | SupplierNotification)[];
  /** What was sent about one complaint. */
  aboutComplaint(complaintId: string): ComplaintNotification[];
  close(): void;
}>;

/** A real HTTP endpoint for NOTIFY_WEBHOOK_URL that keeps what it is sent. */
export const startWebhookReceiver = async ({ delayMs = 0 } = {}): Promise<WebhookReceiver> => {
  const received: (ComplaintNotification | SupplierNotification)[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as ComplaintNotification | SupplierNotification);
      setTimeout(() => response.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sla`,
    received,
    aboutComplaint: (complaintId) =>
      received.filter((n): n is ComplaintNotification => 'complaintId' in n && n.complaintId === complaintId),
    close: () => server.close(),
  };
};
