import { useQueryClient } from '@tanstack/react-query';
import { Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { entityKey, useEvidence, type EvidenceKind } from '../../api/evidence.js';
import { EvidenceDrop } from './EvidenceDrop.js';
import { EvidenceFiles } from './EvidenceFiles.js';

type Props = Readonly<{
  kind: EvidenceKind;
  id: string;
  revision: number;
  allowedActions: readonly string[];
  correctiveActions?: readonly string[];
}>;

/** A case's or supplier's files, and (for those who may) the drop zone and retraction. */
export const EvidenceCard = ({ kind, id, revision, allowedActions, correctiveActions }: Props) => {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const evidence = useEvidence(kind, id, { refetchInterval: 15_000 });
  const refresh = () => void queries.invalidateQueries({ queryKey: entityKey(kind, id) });
  return (
    <Card title={t('evidence.title')} size="small" data-testid="evidence-card">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {allowedActions.includes('attach-evidence') && (
          <EvidenceDrop kind={kind} id={id} correctiveActions={correctiveActions} />
        )}
        <EvidenceFiles
          kind={kind}
          id={id}
          files={evidence.data?.files ?? []}
          retract={
            allowedActions.includes('retract-evidence') ? { revision, onDone: refresh, onConflict: refresh } : undefined
          }
        />
      </Space>
    </Card>
  );
};
