import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.js';
import type { CaseListItem, Listing, ScorecardRow } from '../api/types.js';

type PickerProps = Readonly<{ value?: string; onChange?: (value: string | undefined) => void; id?: string }> &
  Pick<SelectProps, 'placeholder'>;

/**
 * A Select that looks up what it offers as the person types: nobody has to
 * know an id by heart, and a value the list cannot show still shows as itself.
 */
const LookupPicker = <T,>({
  value,
  onChange,
  id,
  placeholder,
  path,
  option,
  testId,
}: PickerProps &
  Readonly<{
    path: (words: string) => string;
    option: (item: T) => { value: string; label: string };
    testId: string;
  }>) => {
  const [words, setWords] = useState('');
  const found = useQuery({
    queryKey: ['picker', path(words)],
    queryFn: () => api.get<Listing<T>>(path(words)),
    placeholderData: (previous) => previous,
  });
  const options = (found.data?.items ?? []).map(option);
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setWords }}
      allowClear
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      placeholder={placeholder}
      options={options}
      loading={found.isFetching}
      data-testid={testId}
    />
  );
};

/** A registered supplier, by name or code. */
export const SupplierPicker = (props: PickerProps) => {
  const { t } = useTranslation();
  return (
    <LookupPicker<ScorecardRow>
      {...props}
      placeholder={props.placeholder ?? t('picker.supplier')}
      path={(q) => `/suppliers${query({ q, limit: 20 })}`}
      option={(s) => ({ value: s.id, label: `${s.name} (${s.id})` })}
      testId="supplier-picker"
    />
  );
};

/** Another case, open or closed, by its number or a word of its title; the value is the case's id. */
export const CasePicker = (props: PickerProps) => {
  const { t } = useTranslation();
  return (
    <LookupPicker<CaseListItem>
      {...props}
      placeholder={props.placeholder ?? t('picker.case')}
      path={(q) => `/complaints${query({ q, limit: 20, sort: 'registeredAt' })}`}
      option={(c) => ({ value: c.id, label: `${c.number ?? c.id.slice(0, 8)} · ${c.title}` })}
      testId="case-picker"
    />
  );
};
