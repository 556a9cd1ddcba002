import { FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Form, Image, Input, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { retractEvidence, type EvidenceItem, type EvidenceKind, type EvidenceList } from '../../api/evidence.js';
import { fileSize } from '../../lib/file-size.js';
import { WriteButton } from '../WriteButton.js';

export type FileStatus = 'verified' | 'altered' | 'missing' | 'unchecked' | 'purged';

type Props = Readonly<{
  kind: EvidenceKind;
  id: string;
  files: readonly EvidenceItem[];
  /** Retract is offered (to those who may), with the revision the write is made against. */
  retract?: Readonly<{ revision: number; onDone: (next: EvidenceList) => void; onConflict: () => void }>;
  /** The auditor's marks: what the audit found of each file's bytes. */
  statuses?: ReadonlyMap<string, FileStatus>;
}>;

const statusColour: Record<FileStatus, string> = {
  verified: 'green',
  altered: 'red',
  missing: 'red',
  unchecked: 'orange',
  purged: 'default',
};

/** The picture of a file: its thumbnail (a preview of the whole image on click), or an icon that opens it. */
const Picture = ({ file }: { file: EvidenceItem }) => {
  const Icon = file.mediaType === 'application/pdf' ? FilePdfOutlined : FileOutlined;
  // Its bytes are gone: nothing to open.
  if (file.purged) return <Icon className="evidence-icon" style={{ fontSize: 40, opacity: 0.35 }} />;
  if (file.thumbnailUrl)
    return (
      <Image
        src={file.thumbnailUrl}
        preview={file.inline ? { src: file.url } : false}
        width={96}
        height={96}
        style={{ objectFit: 'cover', borderRadius: 6 }}
        alt={file.fileName}
        data-testid="evidence-thumbnail"
      />
    );
  return (
    <a href={file.url} target="_blank" rel="noopener noreferrer" className="evidence-icon" aria-label={file.fileName}>
      <Icon style={{ fontSize: 40 }} />
    </a>
  );
};

/**
 * The files of a case or supplier: a thumbnail or icon each, the name that
 * opens it (images and PDF in the browser, the rest downloaded), who added
 * it and when, and what became of it (retracted; for an auditor, whether its
 * bytes still hash to what was recorded).
 */
export const EvidenceFiles = ({ kind, id, files, retract, statuses }: Props) => {
  const { t } = useTranslation();
  if (files.length === 0) return <Typography.Text type="secondary">{t('evidence.none')}</Typography.Text>;
  return (
    <div className="evidence-files" data-testid="evidence-files">
      {files.map((file) => {
        const status = statuses?.get(file.id);
        return (
          <div
            key={file.id}
            className={`evidence-file${file.retracted ? ' evidence-retracted' : ''}`}
            data-testid="evidence-file"
            data-file-name={file.fileName}
          >
            <Picture file={file} />
            <Space orientation="vertical" size={0} style={{ minWidth: 0, flex: 1 }}>
              {file.purged ? (
                <Typography.Text delete type="secondary" ellipsis style={{ maxWidth: '100%' }}>
                  {file.fileName}
                </Typography.Text>
              ) : (
                <Typography.Link
                  href={file.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  delete={!!file.retracted}
                  ellipsis
                  style={{ maxWidth: '100%' }}
                >
                  {file.fileName}
                </Typography.Link>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fileSize(file.size)} ·{' '}
                {t('evidence.addedBy', { by: file.by, date: dayjs(file.at).format('YYYY-MM-DD HH:mm') })}
              </Typography.Text>
              {file.caption && <Typography.Text style={{ fontSize: 12 }}>{file.caption}</Typography.Text>}
              {file.correctiveActionId && <Tag>{file.correctiveActionId}</Tag>}
              {file.purged ? (
                <>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="evidence-purged">
                    {t('evidence.purgedBy', { by: file.purged.by, reason: file.purged.reason })}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('evidence.purgedNote')}
                  </Typography.Text>
                </>
              ) : (
                file.retracted && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="evidence-retracted">
                    {t('evidence.retractedBy', { by: file.retracted.by, reason: file.retracted.reason })}
                  </Typography.Text>
                )
              )}
              <Space size={4} wrap>
                {status && (
                  <Tag color={statusColour[status]} data-testid="evidence-status">
                    {t(`evidence.${status}`)}
                  </Tag>
                )}
                {retract && !file.retracted && (
                  <WriteButton
                    write={retractEvidence(kind, id, file.id)}
                    revision={retract.revision}
                    label={t('evidence.retract')}
                    danger
                    testId={`retract-${file.id}`}
                    onDone={retract.onDone}
                    onConflict={retract.onConflict}
                    fields={
                      <Form.Item name="reason" label={t('evidence.reason')} rules={[{ required: true }]}>
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                    }
                  />
                )}
              </Space>
            </Space>
          </div>
        );
      })}
    </div>
  );
};
