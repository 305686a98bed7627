-- Version 1 of the immut fleet store. ${schema} is replaced by the configured schema's name.
-- Every statement ends with a semicolon at the end of its line (the migrator splits there).

-- One row per fleet: which cloud scope and owner the name belongs to in this schema, and its lease.
-- token grows by one with every acquisition; every history write and command clearing carries it.
CREATE TABLE ${schema}.fleet_lease (
  fleet        text        PRIMARY KEY,
  scope_id     text        NOT NULL,
  owner        text        NOT NULL,
  token        bigint      NOT NULL CHECK (token >= 1),
  holder       text        NOT NULL,
  acquired_at  timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);

-- The generation history: one row per generation of a fleet.
CREATE TABLE ${schema}.generation (
  fleet          text        NOT NULL,
  number         integer     NOT NULL CHECK (number >= 1),
  generation_id  text        NOT NULL,
  status         text        NOT NULL CHECK (status IN ('PENDING', 'LIVE', 'RETIRED', 'FAILED', 'ROLLED_BACK')),
  spec           text        NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL CHECK (updated_at >= created_at),
  reason         text,
  written_token  bigint      NOT NULL,
  PRIMARY KEY (fleet, number),
  UNIQUE (fleet, generation_id)
);

-- At most one live generation per fleet, whatever any writer does.
CREATE UNIQUE INDEX generation_one_live ON ${schema}.generation (fleet) WHERE status = 'LIVE';

-- Commands any process sends; the lease holder marks them done. PAUSE rows stay open until a RESUME.
CREATE TABLE ${schema}.fleet_command (
  id          bigserial   PRIMARY KEY,
  fleet       text        NOT NULL,
  scope_id    text        NOT NULL,
  owner       text        NOT NULL,
  command     text        NOT NULL CHECK (command IN ('PROMOTE', 'ABORT', 'ROLLBACK', 'PAUSE', 'RESUME')),
  sent_at     timestamptz NOT NULL DEFAULT now(),
  sent_by     text        NOT NULL,
  done_at     timestamptz,
  done_token  bigint,
  outcome     text
);

CREATE INDEX fleet_command_open ON ${schema}.fleet_command (fleet) WHERE done_at IS NULL;
