import type { FieldError } from '../api/client.js';

/** A problem's field errors as antd form fields: "responsibleParty.supplierId" → ["responsibleParty", "supplierId"], "actions[0].owner" → ["actions", 0, "owner"]. */
export const formFieldErrors = (errors: readonly FieldError[]) => {
  const byField = new Map<string, string[]>();
  for (const { field, message } of errors) byField.set(field, [...(byField.get(field) ?? []), message]);
  return [...byField].map(([field, messages]) => ({
    name: field
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    errors: messages,
  }));
};
