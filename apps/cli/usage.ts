export const usage = `qloop: the auditor's and operator's command line

  qloop audit <complaint-id> | supplier:<supplier-id>   print the timeline, verify the hash chain,
        [--api URL] [--json FILE] [--csv FILE]          cross-check with Temporal; export JSON / CSV
        [--accept-unverified]                           exit 0 when events could not be cross-checked
  qloop what-if --policy FILE [--from ISO] [--to ISO]   which past cases would have breached or
        [--api URL] [--json FILE]                       escalated under another SLA policy
  qloop projections status | rebuild [--api URL]        the read models: lag, or a rebuild from scratch
  qloop token --actor NAME --roles R[,R] [--ttl SEC]    a bearer token for the API (needs JWT_SECRET,
                                                        or the secret npm start keeps under DATA_DIR)

With --api (e.g. http://localhost:3000) it asks a running qloop with the bearer token of
--token or QLOOP_TOKEN; without one, it makes a short-lived one for --actor (default cli)
with --roles (auditor; admin for a rebuild) when it can read the secret. Without --api, it
opens the store itself from the environment (EVENT_STORE, DATABASE_URL, DATA_DIR, as the
app reads it) and asks Temporal at TEMPORAL_ADDRESS for the cross-check when that is set.
The embedded store allows one process: while 'npm start' runs, use --api.
Exit status: 0 intact (or done), 1 tampered, 2 usage or failure, 3 unverified (no Temporal
history to cross-check some events against; --accept-unverified makes that 0), 4 unreadable
(some revisions sit on a damaged page of the store: restore it from a backup).`;
