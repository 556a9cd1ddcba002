import { DefaultLogger, Runtime } from '@temporalio/worker';

/** The SDK logs every poll at INFO; warnings and errors are what an operator needs. */
export const installTemporalLogging = (
  level: 'WARN' | 'INFO' | 'DEBUG' = (process.env.TEMPORAL_LOG_LEVEL as 'WARN') || 'WARN',
): void => {
  Runtime.install({ logger: new DefaultLogger(level) });
};
