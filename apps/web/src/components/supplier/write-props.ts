import type { SupplierView } from '../../api/types.js';

/** What every card that writes to the supplier is given: the revision shown, and what to do after. */
export type SupplierWriteProps = Readonly<{
  supplier: SupplierView;
  onDone: (next: SupplierView) => void;
  onConflict: () => void;
}>;

export const may = (supplier: SupplierView, action: SupplierView['allowedActions'][number]) =>
  supplier.allowedActions.includes(action);
