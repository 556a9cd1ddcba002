import type { SupplierActivities } from '../libs/contracts/index.js';
import { supplierStreamId } from '../libs/contracts/index.js';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import { fold, measuresOf, supplierDecider, type SupplierEvent } from '../libs/domain/index.js';
import type { EventStore } from '../libs/event-store/index.js';

/**
 * Collects the measures an evaluation froze when it opened, as cycles did
 * before evaluations were measured when their scores are submitted. Only such
 * a cycle's old path schedules it now; it stays registered so that one
 * scheduled before a deploy still completes.
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
