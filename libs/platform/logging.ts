import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

export type LogFormat = 'json' | 'text';

/** One JSON object per line, with an ISO time, for log shippers; never a token. */
export const createLogger = (level: string): Logger =>
  pino({
    level,
    base: { service: 'qloop', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
  });

/** Nest's own messages (start-up, errors) through the same JSON logger; the last string argument is Nest's context. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]) {
    const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, stack }, String(message));
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}

/** The logger a Nest app starts with: JSON lines, or Nest's own readable text. */
export const nestLogger = ({ format, level }: { format: LogFormat; level: string }): LoggerService | undefined =>
  format === 'json' ? new JsonNestLogger(createLogger(level)) : undefined;
