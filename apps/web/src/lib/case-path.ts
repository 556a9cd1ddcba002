/** Where a case lives in the UI: by its number when it has one, so the address reads as people say it. */
export const casePath = (item: { id: string; number?: string | null }) => `/complaints/${item.number ?? item.id}`;
