import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createEventStoreActivities,
  createMailActivities,
  createNotificationActivities,
  createSupplierActivities,
} from '../../activities/index.js';
import { searchAttributeKeys, taskQueue } from '../../libs/contracts/index.js';
import type { EventStore } from '../../libs/event-store/index.js';
import type { AppConfig } from '../../libs/platform/config.js';
import { outboxTransport, smtpTransport, type MailTransport } from '../../libs/platform/mail-transport.js';
import { APP_CONFIG, EVENT_STORE, PERSONAL_DATA } from '../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../libs/platform/personal-data.js';
import { ensureSearchAttributes } from '../../libs/platform/search-attributes.js';

/** Built by `npm run build` (scripts/build.mjs), so no worker start pays for bundling. */
export const workflowBundlePath = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));

@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private mailTransport?: MailTransport;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace } = this.config.temporal;
    if (!address) throw new Error('The worker needs TEMPORAL_ADDRESS (npm start provides one in embedded mode)');
    if (!existsSync(workflowBundlePath)) throw new Error(`${workflowBundlePath} is missing: run npm run build`);
    this.connection = await NativeConnection.connect({ address });
    const added = await ensureSearchAttributes(this.connection.operatorService, namespace, searchAttributeKeys);
    if (added.length > 0) this.logger.log(`Registered search attributes ${added.join(', ')} in namespace ${namespace}`);
    const notifications = new Logger('Notify');
    if (this.config.notifyWebhookUrl && this.config.notifyWebhookSecrets.length === 0)
      notifications.warn(
        'NOTIFY_WEBHOOK_SECRET is unset: webhooks go out unsigned, and a receiver cannot tell them from forgeries',
      );
    const { smtpUrl, from } = this.config.mail;
    this.mailTransport = smtpUrl ? smtpTransport(smtpUrl, from) : outboxTransport();
    if (!smtpUrl) notifications.log('SMTP_URL is unset: e-mail goes to the outbox administrators read, not out');
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue: taskQueue,
      workflowBundle: { codePath: workflowBundlePath },
      maxCachedWorkflows: this.config.worker.maxCachedWorkflows,
      // On shutdown, activities under way (an append, a notification) get this long to finish before they are cancelled.
      shutdownGraceTime: '10s',
      activities: {
        ...createEventStoreActivities(this.store),
        ...createSupplierActivities(this.store),
        ...createNotificationActivities({
          webhookUrl: this.config.notifyWebhookUrl,
          webhookSecrets: this.config.notifyWebhookSecrets,
          store: this.store,
          calendarZone: this.config.slaPolicy.calendar?.timeZone,
          log: (line) => notifications.log(line),
        }),
        ...createMailActivities({
          transport: this.mailTransport,
          people: this.config.people,
          store: this.store,
          personal: this.personal,
          publicUrl: this.config.customerLinks.publicUrl,
          calendarZone: this.config.slaPolicy.calendar?.timeZone,
          log: (line) => notifications.log(line),
        }),
      },
    });
    this.running = this.worker.run().catch((error: unknown) => {
      // A worker that stops by itself cannot do its job: end the process so a supervisor restarts it.
      this.logger.error(`Temporal worker failed: ${String(error)}`);
      process.exit(1);
    });
    this.logger.log(`Polling task queue '${taskQueue}' on ${address} (namespace ${namespace})`);
  }

  /** Stops polling and lets the tasks under way finish, while the event store they write to is still open (it closes on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    this.logger.log('Worker drained and stopped');
  }

  async onApplicationShutdown(): Promise<void> {
    this.mailTransport?.close();
    await this.connection?.close();
  }
}
