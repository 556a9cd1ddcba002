import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../libs/platform/config.js';
import { metricsRegistry } from '../../libs/platform/metrics.js';
import { APP_CONFIG } from '../../libs/platform/nest/tokens.js';

/**
 * The worker's own /metrics (and /health), for a worker running without the
 * API: appends happen in its activities, so their latency is counted here.
 * WORKER_METRICS_PORT=0 leaves it off.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const { host } = this.config.http;
    const port = this.config.worker.metricsPort;
    if (port === 0) return;
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?', 1)[0];
      if (request.method !== 'GET' || (path !== '/metrics' && path !== '/health'))
        return void response.writeHead(404).end();
      if (path === '/health')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}');
      metricsRegistry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
    this.server = server;
    this.logger.log(`Metrics on http://${host}:${(server.address() as AddressInfo).port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
