-- Indexes for the operator's paged reads and the lookups every StartTransaction and
-- StopTransaction makes, so that each is a bounded index search, never a scan or a
-- sort of a whole table. Indexes only: the tables are unchanged.

-- A charge point's transactions newest first (GET /api/transactions?chargePointId=…):
-- the rowid ends the index, so pages by id come out in order, without a sort.
CREATE INDEX tx_charge_point_idx ON tx (charge_point_id);

-- Transactions not stopped yet, newest first (?status=active). Partial: it stays as
-- small as the number of sessions in progress, however long the history.
CREATE INDEX tx_open_idx ON tx (id) WHERE stopped_at IS NULL;

-- The RemoteStartTransaction / RemoteStopTransaction a StartTransaction or
-- StopTransaction answers (core's commands/links.ts): one charge point's commands of
-- one action, newest first, however many other commands it was sent.
CREATE INDEX command_charge_point_action_idx ON command (charge_point_id, action);
