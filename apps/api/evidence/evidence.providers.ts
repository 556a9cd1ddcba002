import { Param, type Provider } from '@nestjs/common';
import type { BlobStore } from '../../../libs/blob-store/index.js';
import { complaintActionRoles, supplierActionRoles } from '../../../libs/domain/index.js';
import { fileLinkSecret } from '../../../libs/platform/auth.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { APP_CONFIG, BLOB_STORE, EVENT_STORE, PERSONAL_DATA } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { CaseRefPipe } from '../complaints/case-ref.js';
import { complaintDescriptor } from '../complaints/complaint-view.js';
import { PersonalTexts } from '../customers/personal-texts.js';
import { EntityServices } from '../entities/entity-service.js';
import { supplierDescriptor } from '../suppliers/supplier-view.js';
import { SupplierId } from '../suppliers/suppliers.controller.js';
import {
  COMPLAINT_EVIDENCE,
  evidenceController,
  FILE_LINKS,
  FileLinksController,
  SUPPLIER_EVIDENCE,
} from './evidence.controller.js';
import { ComplaintEvidencePurgeController } from './evidence-purge.controller.js';
import { EntityEvidence } from './evidence.service.js';
import { FileLinks } from './file-links.js';

const limitsOf = ({ evidence, http }: AppConfig) => ({
  maxBytes: evidence.maxBytes,
  maxFiles: evidence.maxFiles,
  // An upload's files are recorded one by one, each within the write timeout, once all their bytes are stored.
  inFlightMs: evidence.maxFiles * http.writeTimeoutMs,
});

export const evidenceProviders: Provider[] = [
  {
    provide: FILE_LINKS,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => new FileLinks(fileLinkSecret(config.evidence.linkSecret, config.dataDir)),
  },
  {
    provide: COMPLAINT_EVIDENCE,
    inject: [EntityServices, BLOB_STORE, EVENT_STORE, FILE_LINKS, APP_CONFIG, PersonalTexts, PERSONAL_DATA],
    useFactory: (
      entities: EntityServices,
      blobs: BlobStore,
      store: EventStore,
      links: FileLinks,
      config: AppConfig,
      texts: PersonalTexts,
      personal: PersonalData,
    ) =>
      new EntityEvidence('complaints', entities.serve(complaintDescriptor), blobs, store, links, limitsOf(config), {
        fields: ['caption'],
        personal: (view, field, text) => texts.textFor(view.customer.id, field, text),
        open: (value) => personal.open(value),
        // A closed case takes no files until it is reopened: said before the files are uploaded.
        refuseUpload: (view, id) => complaintDescriptor.notRunning?.(view, id),
      }),
  },
  {
    provide: SUPPLIER_EVIDENCE,
    inject: [EntityServices, BLOB_STORE, EVENT_STORE, FILE_LINKS, APP_CONFIG],
    useFactory: (entities: EntityServices, blobs: BlobStore, store: EventStore, links: FileLinks, config: AppConfig) =>
      new EntityEvidence('suppliers', entities.serve(supplierDescriptor), blobs, store, links, limitsOf(config), {
        fields: ['caption', 'correctiveActionId', 'evaluationId'],
      }),
  },
];

export const evidenceControllers = [
  evidenceController(
    'complaints',
    COMPLAINT_EVIDENCE,
    () => Param('id', CaseRefPipe),
    { attach: complaintActionRoles['attach-evidence'], retract: complaintActionRoles['retract-evidence'] },
    'ComplaintEvidenceController',
  ),
  evidenceController(
    'suppliers',
    SUPPLIER_EVIDENCE,
    SupplierId,
    { attach: supplierActionRoles['attach-evidence'], retract: supplierActionRoles['retract-evidence'] },
    'SupplierEvidenceController',
  ),
  FileLinksController,
  ComplaintEvidencePurgeController,
];
