-- Reverts 006_engine: the schema of 005_api_tokens, exactly.
DROP INDEX command_charge_point_action_idx;
DROP INDEX tx_open_idx;
DROP INDEX tx_charge_point_idx;
