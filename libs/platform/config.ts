import { resolve } from 'node:path';
import {
  defaultEvaluationPolicy,
  defaultSlaPolicy,
  InvalidPolicy,
  parseEvaluationPolicy,
  parseSlaPolicy,
  type EvaluationPolicy,
  type SlaPolicy,
} from '../domain/index.js';
import type { EventStoreConfig } from '../event-store/open-event-store.js';
import { loadPolicyFile } from './policy-file.js';

export type AppConfig = Readonly<{
  http: Readonly<{
    host: string;
    port: number;
    /** Largest accepted request body, in bytes; larger ones get 413. */
    bodyLimitBytes: number;
    /** Requests per minute per client address; 0: no limit. */
    rateLimitPerMinute: number;
    /** Origins allowed to call the API from a browser; none: CORS stays off. */
    corsOrigins: readonly string[];
  }>;
  dataDir: string;
  temporal: Readonly<{
    /** Unset: the embedded dev server, started by `npm start`. */
    address?: string;
    namespace: string;
    devServer: Readonly<{ port: number; uiPort: number; cliPath?: string }>;
  }>;
  eventStore: EventStoreConfig;
  /** Where the read models go when the store has no SQL database of its own (KurrentDB): DATABASE_URL, else embedded under DATA_DIR. */
  readModelsUrl?: string;
  slaPolicy: SlaPolicy;
  evaluationPolicy: EvaluationPolicy;
  /** Where SLA warnings, breaches and escalations are POSTed as JSON; they are logged either way. */
  notifyWebhookUrl?: string;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the environment once, at start-up; every problem is named at once. */
export const loadConfig = (env: Env = process.env): AppConfig => {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) problems.push(`${name} must be a port number (0-65535), got '${raw}'`);
    return value;
  };
  const count = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) problems.push(`${name} must be a whole number of at least ${min}, got '${raw}'`);
    return value;
  };
  const required = (name: string, because: string): string => {
    const value = env[name];
    if (!value) problems.push(`${name} is required ${because}`);
    return value ?? '';
  };

  const dataDir = resolve(env.DATA_DIR || './data');
  const kind = env.EVENT_STORE || 'embedded';
  let eventStore: EventStoreConfig;
  switch (kind) {
    case 'embedded':
      eventStore = { kind, dataDir };
      break;
    case 'postgres':
      eventStore = { kind, url: required('DATABASE_URL', 'when EVENT_STORE=postgres'), schema: env.DATABASE_SCHEMA || 'public' };
      break;
    case 'kurrentdb':
      eventStore = { kind, url: required('KURRENTDB_URL', 'when EVENT_STORE=kurrentdb') };
      break;
    default:
      problems.push(`EVENT_STORE must be one of embedded, postgres, kurrentdb; got '${kind}'`);
      eventStore = { kind: 'embedded', dataDir };
  }

  const policy = <P>(variable: string, parse: (document: unknown) => P, fallback: P): P => {
    try {
      return loadPolicyFile(variable, env[variable] || undefined, parse, fallback);
    } catch (error) {
      if (!(error instanceof InvalidPolicy)) throw error;
      problems.push(...error.problems);
      return fallback;
    }
  };
  const slaPolicy = policy('SLA_POLICY_PATH', parseSlaPolicy, defaultSlaPolicy);
  const evaluationPolicy = policy('SUPPLIER_POLICY_PATH', parseEvaluationPolicy, defaultEvaluationPolicy);

  const notifyWebhookUrl = env.NOTIFY_WEBHOOK_URL || undefined;
  if (notifyWebhookUrl && !/^https?:\/\/[^\s]+$/.test(notifyWebhookUrl)) problems.push(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got '${notifyWebhookUrl}'`);

  const config: AppConfig = {
    http: {
      host: env.HOST || '127.0.0.1',
      port: port('PORT', 3000),
      bodyLimitBytes: count('BODY_LIMIT_BYTES', 256 * 1024, 1),
      rateLimitPerMinute: count('RATE_LIMIT_PER_MINUTE', 1200, 0),
      corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    },
    dataDir,
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      devServer: {
        port: port('TEMPORAL_PORT', 7233),
        uiPort: port('TEMPORAL_UI_PORT', 8233),
        cliPath: env.TEMPORAL_CLI_PATH || undefined,
      },
    },
    eventStore,
    readModelsUrl: kind === 'kurrentdb' ? env.DATABASE_URL || undefined : undefined,
    slaPolicy,
    evaluationPolicy,
    notifyWebhookUrl,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/** For entry points: a configuration problem is the operator's to fix, so say it plainly and stop. */
export const loadConfigOrExit = (env: Env = process.env): AppConfig => {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
};

export const withTemporalAddress = (config: AppConfig, address: string): AppConfig => ({
  ...config,
  temporal: { ...config.temporal, address },
});
