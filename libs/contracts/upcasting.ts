import { createUpcasting, type Upcaster } from '../event-store/upcasting.js';

/**
 * Upcasters from older event schemas, for every stream: each names its event
 * type and version. Empty while every stored event is version 1; readers
 * (the API, the workflow's restore) fold only what passes through here.
 */
const upcasters: readonly Upcaster[] = [];

export const upcastEvent = createUpcasting(upcasters);
