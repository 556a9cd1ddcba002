import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import type { Write } from '../api/writes.js';
import { compact } from './compact.js';
import { formFieldErrors } from './problems.js';

type Options<T> = Readonly<{
  /** The revision the person is looking at: sent as If-Match. */
  revision?: number;
  form?: FormInstance;
  onDone: (result: T) => void;
  /** The case changed under the person (409): show the news and reload. */
  onConflict?: () => void;
}>;

const pendingRetries = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A form's write, as every form sends it: one Idempotency-Key made when the
 * form opened (a double click or a retry is the same write), If-Match with
 * the revision shown, field errors from problem+json onto the fields, a 409
 * shown and reloaded, and a 503 `pending` retried with the same key.
 */
export const useWrite = <Body, T>(write: Write<Body, T>, { revision, form, onDone, onConflict }: Options<T>) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const key = useRef(crypto.randomUUID());
  const [busy, setBusy] = useState(false);

  const send = useCallback(
    async (body: Body) => {
      setBusy(true);
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            const result = await write(compact(body), { revision, idempotencyKey: key.current });
            key.current = crypto.randomUUID();
            onDone(result);
            return;
          } catch (error) {
            if (error instanceof ApiError && error.pending && attempt < pendingRetries) {
              void message.info(t('case.pending'));
              await sleep(Number(error.body.retryAfterSeconds ?? 5) * 1000);
              continue;
            }
            throw error;
          }
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 409 && onConflict) {
          void message.warning(t('case.conflict', { revision: String(error.body.actualRevision ?? '?') }));
          onConflict();
        } else if (error.errors.length > 0 && form) {
          form.setFields(formFieldErrors(error.errors));
          void message.error(error.title);
        } else {
          void message.error(`${error.title}${error.detail ? `: ${error.detail}` : ''}`);
        }
      } finally {
        setBusy(false);
      }
    },
    [write, revision, form, onDone, onConflict, message, t],
  );
  return { send, busy };
};
