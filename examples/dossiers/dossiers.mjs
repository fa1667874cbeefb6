// Every dossier's model function, by folder name.
import { accountOpening } from './account-opening/model.mjs';
import { complaintHandling } from './complaint-handling/model.mjs';
import { creditGranting } from './credit-granting/model.mjs';
import { insuranceClaim } from './insurance-claim/model.mjs';
import { internalAudit } from './internal-audit/model.mjs';

export const DOSSIERS = {
  'account-opening': accountOpening,
  'complaint-handling': complaintHandling,
  'credit-granting': creditGranting,
  'insurance-claim': insuranceClaim,
  'internal-audit': internalAudit,
};
