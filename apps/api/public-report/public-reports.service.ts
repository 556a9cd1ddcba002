import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { readableCode } from '../../../libs/support/stable-id.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { Caller } from '../http/request-context.js';
import type { ComplaintView } from '../complaints/complaint-view.js';
import { COMPLAINT_EVIDENCE } from '../evidence/evidence.controller.js';
import type { EntityEvidence } from '../evidence/evidence.service.js';
import { problemSaying } from '../problems/problem.js';
import type { PublicUploads } from './upload-tokens.js';
import type { PublicComplaintDto } from './dto/public-complaint.dto.js';
import { PROOF_OF_WORK, type ProofOfWork } from './proof-of-work.js';

export const PUBLIC_UPLOADS = Symbol('PUBLIC_UPLOADS');

/** The most files the public form may add to the complaint it filed (the form sends ten at once at the most). */
const publicFilesPerCase = 10;

/** Who files what comes through the public form: the customer, before anyone knows them. */
export const publicFormActor = 'customer:web-form';

/**
 * A complaint from someone with no account: checked for its proof of work
 * before anything is written, then registered as any other, channel `web`,
 * owned by nobody (it shows in everyone's inbox), and acknowledged to them by
 * e-mail. The customer is registered with the contact they gave, in their
 * language; a company named makes them its contact.
 */
@Injectable()
export class PublicReportsService {
  constructor(
    private readonly complaints: ComplaintsService,
    @Inject(PROOF_OF_WORK) private readonly proof: ProofOfWork,
    @Inject(PUBLIC_UPLOADS) private readonly uploads: PublicUploads,
    @Inject(COMPLAINT_EVIDENCE) private readonly caseFiles: EntityEvidence<ComplaintView>,
  ) {}

  challenge() {
    return this.proof.challenge();
  }

  async file({ altcha, name, email, phone, company, language, lot, productRef, ...details }: PublicComplaintDto) {
    const solved = await this.proof.solved(altcha);
    const body = { name, email, phone, company, language, lot, productRef, ...details };
    const key = `public-form:${solved}`;
    // The solution names the submission: sent twice, it files one complaint; with another body, it is refused.
    const caller: Caller = {
      actor: publicFormActor,
      roles: [],
      team: [],
      idempotencyKey: key,
      fingerprint: this.proof.fingerprint(body),
    };
    const product = [productRef?.trim(), lot?.trim()].filter(Boolean).join(' / ');
    const view = await this.complaints.register(
      {
        ...details,
        // A customer of its own, never one found by the name typed: a stranger's form must not reach, nor be filed
        // with, someone else's record. Staff merge it into the one it is, if any.
        customer: {
          id: readableCode('CUS', key),
          name: company?.trim() || name,
          kind: company?.trim() ? 'company' : 'person',
          contact: email ?? phone,
          contactDetails: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), language },
        },
        channel: 'web',
        severity: 'normal',
        ...(product ? { productRef: product } : {}),
      },
      caller,
    );
    // The files come after, each a request of its own, with the right to add them to this case for an hour.
    return { number: view.number ?? view.id, upload: this.uploads.make(view.id) };
  }

  /** The files of a complaint just filed: the token names the case, and is the only permission there is. */
  async attach(token: string, request: Request) {
    const complaintId = this.uploads.caseOf(token);
    if (!complaintId) throw problemSaying('not-permitted', 'upload-token-void');
    // An hour's right is no licence to fill the case (or the disk): so many files, then the e-mail.
    const { files } = await this.caseFiles.list(complaintId);
    if (files.filter((file) => file.by === publicFormActor).length >= publicFilesPerCase)
      throw problemSaying('rule-violated', 'public-files-limit', { count: publicFilesPerCase });
    const caller: Caller = { actor: publicFormActor, roles: [], team: [] };
    const { attached } = await this.caseFiles.attach(complaintId, request, caller, { vouched: true });
    return { files: attached.map(({ fileName, size, mediaType }) => ({ fileName, size, mediaType })) };
  }
}
