import { AutoComplete, Input, Select, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useComplaints } from '../api/complaints.js';
import { useSuppliers } from '../api/suppliers.js';
import { useCustomers } from '../api/customers.js';
import { useSession } from '../auth/session.js';
import { peopleToSuggest } from '../lib/people.js';

type PickerProps = Readonly<{ value?: string; onChange?: (value: string | undefined) => void; id?: string }> &
  Pick<SelectProps, 'placeholder'>;

type Option = { value: string; label: string };

/**
 * A Select that looks up what it offers as the person types: nobody has to
 * know an id by heart, and a value the list cannot show still shows as itself.
 */
const LookupPicker = ({
  value,
  onChange,
  id,
  placeholder,
  found,
  onSearch,
  loading,
  testId,
}: PickerProps &
  Readonly<{ found: Option[]; onSearch: (words: string) => void; loading: boolean; testId: string }>) => {
  const options = value && !found.some((o) => o.value === value) ? [{ value, label: value }, ...found] : found;
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch }}
      allowClear
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      placeholder={placeholder}
      options={options}
      loading={loading}
      data-testid={testId}
    />
  );
};

/** A registered supplier, by name or code. */
export const SupplierPicker = (props: PickerProps) => {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useSuppliers({ q: q || undefined, limit: 20 });
  return (
    <LookupPicker
      {...props}
      placeholder={props.placeholder ?? t('picker.supplier')}
      found={(found.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
      onSearch={setQ}
      loading={found.isFetching}
      testId="supplier-picker"
    />
  );
};

/** A registered customer, by name, contact or reference. */
export const CustomerPicker = (props: PickerProps) => {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useCustomers({ q: q || undefined, status: 'active', limit: 20 });
  return (
    <LookupPicker
      {...props}
      placeholder={props.placeholder ?? t('picker.customer')}
      found={(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))}
      onSearch={setQ}
      loading={found.isFetching}
      testId="customer-picker"
    />
  );
};

/** Another case, open or closed, by its number or a word of its title; the value is the case's id. */
export const CasePicker = (props: PickerProps) => {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useComplaints({ q: q || undefined, limit: 20, sort: 'registeredAt', count: 'bounded' });
  return (
    <LookupPicker
      {...props}
      placeholder={props.placeholder ?? t('picker.case')}
      found={(found.data?.items ?? []).map((c) => ({
        value: c.id,
        label: `${c.number ?? c.id.slice(0, 8)} · ${c.title}`,
      }))}
      onSearch={setQ}
      loading={found.isFetching}
      testId="case-picker"
    />
  );
};

/**
 * Whom a case or an action may go to: the caller, their teammates and the
 * owners of recent cases are offered, and any other name may be typed (a
 * newcomer owns nothing yet, and the API knows no list of people).
 */
export const PersonPicker = ({ value, onChange, id, placeholder }: PickerProps) => {
  const { signedIn } = useSession();
  const recent = useComplaints({ sort: 'updatedAt', limit: 100, count: 'bounded' });
  const people = useMemo(
    () =>
      peopleToSuggest(
        signedIn?.me,
        (recent.data?.items ?? []).map((item) => item.owner),
      ),
    [signedIn, recent.data],
  );
  const typed = (value ?? '').trim().toLowerCase();
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(next: string) => onChange?.(next)}
      placeholder={placeholder}
      options={people.filter((person) => person.toLowerCase().includes(typed)).map((person) => ({ value: person }))}
      data-testid="person-picker"
    />
  );
};

/**
 * The complaint's customer by name, with type-ahead over registered
 * customers: picking one names it by id; a name nobody has is a new
 * customer, registered with the complaint. Holds the name; `onPick` tells
 * the id (or none).
 */
export const CustomerNamePicker = ({
  value,
  onChange,
  id,
  onPick,
}: Readonly<{
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  onPick: (customerId: string | undefined) => void;
}>) => {
  const [q, setQ] = useState('');
  const found = useCustomers({ q: q || undefined, status: 'active', limit: 8 }, { enabled: q.length > 0 });
  const options = (q ? (found.data?.items ?? []) : []).map((row) => ({
    value: row.id,
    label: `${row.name} · ${row.id}`,
    name: row.name,
  }));
  return (
    <AutoComplete
      id={id}
      value={value}
      options={options}
      onSearch={(text) => setQ(text.trim())}
      onChange={(text: string) => {
        // Typed, not picked: the name stands for whichever customer has it, or a new one.
        if (!options.some((option) => option.value === text)) {
          onPick(undefined);
          onChange?.(text);
        }
      }}
      onSelect={(_customerId: string, option: { value: string; name: string }) => {
        onChange?.(option.name);
        onPick(option.value);
      }}
    >
      <Input data-testid="customer-name" />
    </AutoComplete>
  );
};
