import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { erasedMark } from '../../../libs/domain/personal.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { catalogueOf } from './language.js';

/** The erased mark a read model keeps, in the reader's language, wherever it stands. */
export const withErasedSaid = <T>(value: T, said: string): T => {
  if (value === erasedMark) return said as T;
  if (Array.isArray(value)) return value.map((item) => withErasedSaid(item, said)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withErasedSaid(item, said)])) as T;
  return value;
};

/**
 * Every JSON answer opens the personal values it carries: their text while
 * the customer's key lives, "[erased]" / "[已删除]" once it is destroyed. One
 * place, so no route can answer a sealed value, nor forget to.
 */
export class OpenPersonalData implements NestInterceptor {
  constructor(private readonly personal: PersonalData) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      mergeMap((body: unknown) => {
        if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return from([body]);
        if (!Array.isArray(body) && Object.getPrototypeOf(body) !== Object.prototype) return from([body]);
        return from(this.personal.open(body).then((opened) => withErasedSaid(opened, catalogueOf(request).erased)));
      }),
    );
  }
}
