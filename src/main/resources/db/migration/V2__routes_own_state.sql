-- Issue 8/9/10: what the redesigned flows keep.
--   * package_state.source_hash: hash of A's normalised package as ckan-sync last left it. One-way it equals
--     base_hash; two-way the base is the merged version and each side is compared with its own hash.
--   * sync_run.holder (host:pid of the process that ran it) and counters (every counter, as JSON) so a run killed
--     with -9 can be told from a live one and direction-specific counters need no new columns.
--   * direction on dead letters and conflicts: which way the action went (a-to-b / b-to-a).
--   * pair_lease: one run per pair across processes and nodes; a crashed holder's lease simply expires.
--   * approval: an operator's one-time approval of a run the safety valve held.

ALTER TABLE package_state ADD COLUMN source_hash VARCHAR(64);
UPDATE package_state SET source_hash = base_hash;

ALTER TABLE sync_run ADD COLUMN holder VARCHAR(200);
ALTER TABLE sync_run ADD COLUMN counters ${large_text};
ALTER TABLE sync_run ADD COLUMN trigger_name VARCHAR(20);

ALTER TABLE dead_letter ADD COLUMN direction VARCHAR(10);
ALTER TABLE conflict ADD COLUMN direction VARCHAR(10);

CREATE TABLE pair_lease (
    pair_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    holder       VARCHAR(200) NOT NULL,   -- host:pid:uuid of the process holding it
    flow         VARCHAR(20)  NOT NULL,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL   -- renewed by the holder's heartbeat; past it, anyone may take over
);

CREATE TABLE approval (
    pair_id      VARCHAR(100) NOT NULL,
    flow         VARCHAR(20)  NOT NULL,   -- sync | reconcile
    approved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    approved_by  VARCHAR(100) NOT NULL,   -- cli | admin-api | console
    PRIMARY KEY (pair_id, flow)
);

-- Catalogue entries are kept per side now (two-way pairs write organizations to A as well): "target:organization".
UPDATE catalogue_state SET kind = 'target:' || kind;
ALTER TABLE catalogue_state ALTER COLUMN kind SET DATA TYPE VARCHAR(40);
