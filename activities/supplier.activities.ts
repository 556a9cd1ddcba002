import type { SupplierActivities } from '../libs/contracts/index.js';
import { supplierStreamId } from '../libs/contracts/index.js';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import { fold, measuresOf, supplierDecider, type SupplierEvent } from '../libs/domain/index.js';
import type { EventStore } from '../libs/event-store/index.js';

/**
 * Collects the performance data an evaluation is scored on. Today the
 * records are the supplier's own stream (performance recorded over the API,
 * complaints attributed, corrective actions answered); an ERP or an incoming
 * inspection system would be read here too.
 */
export const createSupplierActivities = (store: EventStore): SupplierActivities => ({
  async collectSupplierPerformance({ supplierId }) {
    const events = await store.readStream(supplierStreamId(supplierId));
    const state = fold(
      supplierDecider,
      events.map((event) => ({ type: event.type, data: upcastEvent(event).data }) as SupplierEvent),
    );
    if (state.status === 'unregistered') return { 'attributed-complaints': 0 };
    return measuresOf(state);
  },
});
