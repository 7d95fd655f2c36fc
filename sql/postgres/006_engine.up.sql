-- The indexes of SQLite's 006_engine, for the same queries: the operator's paged reads
-- and the lookups every StartTransaction and StopTransaction makes. Indexes only.

-- A charge point's transactions newest first (GET /api/transactions?chargePointId=…).
CREATE INDEX tx_charge_point_idx ON tx (charge_point_id, id);

-- Transactions not stopped yet, newest first (?status=active): as small as the number
-- of sessions in progress, however long the history.
CREATE INDEX tx_open_idx ON tx (id) WHERE stopped_at IS NULL;

-- The RemoteStartTransaction / RemoteStopTransaction a StartTransaction or
-- StopTransaction answers: one charge point's commands of one action, newest first.
CREATE INDEX command_charge_point_action_idx ON command (charge_point_id, action, id);
