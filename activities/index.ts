export { createEventStoreActivities } from './event-store.activities.js';
