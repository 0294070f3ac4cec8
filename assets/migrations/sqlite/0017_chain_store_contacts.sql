-- Schema 17: what customers are told about the chain's other stores: a name and a phone number for
-- each, given at headquarters (`aftersales chain add-store … --name … --phone …`). A SQLite file is
-- never in a chain: its chain_stores stays empty.
ALTER TABLE chain_stores ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE chain_stores ADD COLUMN phone TEXT NOT NULL DEFAULT '';
