import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../../../libs/platform/nest/tokens.js';

/** The Temporal client as a provider: no NestJS-Temporal wrapper supports NestJS 12. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      // Lazy: the API starts, and answers 503, while Temporal is not reachable yet.
      useFactory: (config: AppConfig) => {
        const { address, namespace } = config.temporal;
        if (!address) throw new Error('The API needs TEMPORAL_ADDRESS (npm start provides one in embedded mode)');
        // Three tries over about a second, not the SDK's ten over tens of seconds: a client
        // waiting on a dead Temporal gets its 503 and Retry-After soon enough to act on it.
        const retries = makeGrpcRetryInterceptor(
          defaultGrpcRetryOptions({ maxAttempts: 3, initialIntervalMs: () => 100, maxIntervalMs: () => 500 }),
        );
        return new Client({
          connection: Connection.lazy({ address, connectTimeout: '3 seconds', interceptors: [retries] }),
          namespace,
        });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
