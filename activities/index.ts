export { createEventStoreActivities } from './event-store.activities.js';
export { createMailActivities } from './mail.activities.js';
export { createNotificationActivities } from './notification.activities.js';
export { createSupplierActivities } from './supplier.activities.js';
