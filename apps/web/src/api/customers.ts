import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CustomerRow,
  CustomerView as SealedCustomerView,
  Listing,
} from '../../../../libs/contracts/read-views.js';
import type { Opened } from '../../../../libs/domain/personal.js';

/** A customer as the API answers it: its personal values opened. */
export type CustomerView = Opened<SealedCustomerView>;
import { bodyAs, bodyOf, client } from './client.js';
import type { components, operations } from './schema.js';
import { post, type PostPath } from './writes.js';

export type CustomerQuery = NonNullable<operations['CustomersController_list']['parameters']['query']>;
export type FileRow = Readonly<Record<string, string | number | boolean | null>>;
/** `GET /customers/:id/file`: the customer, and its file as report sections with their headings. */
export type CustomerFile = Readonly<{
  customer: CustomerView;
  to: string | null;
  sections: Readonly<Record<string, FileRow[]>>;
  labels: Readonly<{ sections: Record<string, string>; columns: Record<string, string> }>;
}>;

export const useCustomers = (query: CustomerQuery, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: ['customers', query],
    queryFn: () => bodyAs<Listing<CustomerRow>>(client.GET('/api/v1/customers', { params: { query } })),
    placeholderData: keepPreviousData,
    ...options,
  });

export const useCustomer = (id: string) =>
  useQuery({
    queryKey: ['customer', id],
    queryFn: () => bodyAs<CustomerView>(client.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });

export const useCustomerFile = (id: string, asOf?: string) =>
  useQuery({
    queryKey: ['customer', id, 'file', asOf ?? 'now'],
    queryFn: () =>
      bodyAs<CustomerFile>(
        client.GET('/api/v1/customers/{id}/file', { params: { path: { id }, query: asOf ? { asOf } : {} } }),
      ),
    placeholderData: keepPreviousData,
  });

/** The file as a sheet, headed in the reader's language. */
export const customerFileCsv = (id: string, asOf?: string): Promise<string> =>
  bodyOf(
    client.GET('/api/v1/customers/{id}/file', {
      params: { path: { id }, query: asOf ? { asOf } : {} },
      headers: { accept: 'text/csv' },
      parseAs: 'text',
    }),
  ) as Promise<string>;

/** `GET /customers/:id/export`: everything held about the customer (the export is recorded on it). */
export type CustomerFiles = components['schemas']['CustomerFilesDto'];

/** The files on the customer's cases: what an erasure may purge with it. */
export const useCustomerFiles = (id: string) =>
  useQuery({
    queryKey: ['customer', id, 'evidence'],
    queryFn: () => bodyAs<CustomerFiles>(client.GET('/api/v1/customers/{id}/evidence', { params: { path: { id } } })),
  });

export const customerExport = (id: string) =>
  bodyOf(client.GET('/api/v1/customers/{id}/export', { params: { path: { id } } }));

type CustomerWritePath = Extract<PostPath, `/api/v1/customers/{id}/${string}`>;

/** A write to one customer, answered by the customer as it now is. */
export const customerWrite = <P extends CustomerWritePath>(path: P, id: string) => post<P, CustomerView>(path, { id });

export const registerCustomer = post<'/api/v1/customers', CustomerView>('/api/v1/customers');
