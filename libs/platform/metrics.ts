import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics. One registry per process: in `npm start`
 * the API and worker share it; in a cluster each API replica serves its own
 * and the worker's appends are counted where it runs.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'qloop_' });

export const httpRequestDuration = new Histogram({
  name: 'qloop_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const appendDuration = new Histogram({
  name: 'qloop_event_store_append_duration_seconds',
  help: 'Appends to the event store, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [metricsRegistry],
});

export const appendedEvents = new Counter({
  name: 'qloop_events_appended_total',
  help: 'Domain events appended by this process',
  registers: [metricsRegistry],
});
