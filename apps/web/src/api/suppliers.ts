import { useQuery } from '@tanstack/react-query';
import { bodyAs, bodyOf, client } from './client.js';
import type { operations } from './schema.js';
import type { SupplierView } from './types.js';
import { post, type PostPath } from './writes.js';

export type SupplierQuery = NonNullable<operations['SuppliersController_list']['parameters']['query']>;

export const fetchSuppliers = (query: SupplierQuery) => bodyOf(client.GET('/api/v1/suppliers', { params: { query } }));

export const useSuppliers = (query: SupplierQuery, options: { refetchInterval?: number } = {}) =>
  useQuery({ queryKey: ['suppliers', query], queryFn: () => fetchSuppliers(query), ...options });

/** A supplier, kept fresh while shown: its evaluation opens and closes on its own. */
export const useSupplier = (id: string) =>
  useQuery({
    queryKey: ['supplier', id],
    queryFn: () => bodyAs<SupplierView>(client.GET('/api/v1/suppliers/{id}', { params: { path: { id } } })),
    refetchInterval: 5000,
  });

export const useSupplierHistory = (id: string) =>
  useQuery({
    queryKey: ['supplier', id, 'history'],
    queryFn: () => bodyOf(client.GET('/api/v1/suppliers/{id}/history', { params: { path: { id } } })),
    refetchInterval: 5000,
  });

type SupplierWritePath = Extract<PostPath, `/api/v1/suppliers/{id}/${string}`>;

/** A write to one supplier, answered by the supplier as it now is. */
export const supplierWrite = <P extends SupplierWritePath>(path: P, params: { id: string; actionId?: string }) =>
  post<P, SupplierView>(path, params as Record<string, string>);

export const registerSupplier = post<'/api/v1/suppliers', SupplierView>('/api/v1/suppliers');
