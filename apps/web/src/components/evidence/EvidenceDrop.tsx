import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Input, Select, Space, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { entityKey, uploadEvidence, type EvidenceKind } from '../../api/evidence.js';

type Props = Readonly<{
  kind: EvidenceKind;
  id: string;
  /** In a step form: the drop zone alone, one line high. */
  compact?: boolean;
  /** Suppliers: the corrective actions a file may answer. */
  correctiveActions?: readonly string[];
}>;

/**
 * Drag and drop (or choose) files for a case or supplier: each is uploaded
 * on its own, with its progress bar, and recorded as one event; a refused
 * file says why, in the reader's language, and the others go on.
 */
export const EvidenceDrop = ({ kind, id, compact, correctiveActions }: Props) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [caption, setCaption] = useState('');
  const [correctiveActionId, setCorrectiveActionId] = useState<string>();
  const [files, setFiles] = useState<UploadFile[]>([]);

  return (
    <Space
      orientation="vertical"
      style={{ width: '100%' }}
      data-testid={compact ? 'evidence-drop-step' : 'evidence-drop'}
    >
      {!compact && (
        <Space wrap style={{ width: '100%' }}>
          <Input
            aria-label={t('evidence.caption')}
            placeholder={t('evidence.caption')}
            value={caption}
            maxLength={2000}
            onChange={(event) => setCaption(event.target.value)}
            style={{ minWidth: 240 }}
            data-testid="evidence-caption"
          />
          {correctiveActions && correctiveActions.length > 0 && (
            <Select
              aria-label={t('evidence.answers')}
              placeholder={t('evidence.answers')}
              allowClear
              value={correctiveActionId}
              onChange={setCorrectiveActionId}
              options={correctiveActions.map((action) => ({ value: action, label: action }))}
              style={{ minWidth: 200 }}
            />
          )}
        </Space>
      )}
      <Upload.Dragger
        multiple
        fileList={files}
        onChange={({ fileList }) => setFiles(fileList)}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const chosen = file as File & { uid: string };
          uploadEvidence({
            kind,
            id,
            file: chosen,
            fields: { caption: caption.trim() || undefined, correctiveActionId },
            idempotencyKey: `evidence-${chosen.uid}`,
            onProgress: (percent) => onProgress?.({ percent }),
          }).then(
            (answer) => {
              onSuccess?.(answer);
              // Listed with the case's files now: the progress line has done its work.
              setFiles((current) => current.filter((item) => item.uid !== chosen.uid));
              setCaption('');
              setCorrectiveActionId(undefined);
              void queries.invalidateQueries({ queryKey: entityKey(kind, id) });
              message.success(t('evidence.attached', { fileName: chosen.name }));
            },
            (error: unknown) => {
              onError?.(error as Error);
              const detail = error instanceof ApiError ? (error.detail ?? error.title) : String(error);
              message.error(t('evidence.failed', { fileName: chosen.name, detail }));
            },
          );
        }}
        style={compact ? { padding: 0 } : undefined}
      >
        {compact ? (
          <span>
            <InboxOutlined /> {t('evidence.dropShort')}
          </span>
        ) : (
          <>
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('evidence.drop')}</p>
            <p className="ant-upload-hint">{t('evidence.hint')}</p>
          </>
        )}
      </Upload.Dragger>
    </Space>
  );
};
