export { createEventStoreActivities } from './event-store.activities.js';
export { createNotificationActivities } from './notification.activities.js';
