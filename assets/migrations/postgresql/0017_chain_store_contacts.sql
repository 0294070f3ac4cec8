-- Schema 17 on PostgreSQL: each store of the chain has a name and a phone number for customers,
-- given at headquarters (`aftersales chain add-store … --name … --phone …`) and replicated to every
-- store with the rest of chain_stores. A customer reading a store's case on headquarters' page, or
-- a repair sent to another store, then reads "our store Barcelona Diagonal" and its number, not an
-- id. Until a store is upgraded, what headquarters sends it stops at rows with these columns and
-- goes on by itself once it is (README, "Upgrading a chain").
ALTER TABLE chain_stores ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE chain_stores ADD COLUMN phone TEXT NOT NULL DEFAULT '';
