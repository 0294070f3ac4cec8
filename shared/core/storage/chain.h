#pragma once
// A chain of stores on PostgreSQL's own logical replication (README "A chain of stores"). Each store
// is a PostgreSQL database that owns its cases and works alone when its link is down; headquarters
// is one more, which subscribes to every store's publication (their cases, events, estimates,
// notices, feedback) and publishes what the chain shares (products, plans, sales) to every store.
// Every row has one owning store, so the two directions never write the same row.
//
// A store's number gives it its own share of ids (number × 10^12 onwards) and of case codes
// (case_code.h), so rows from different stores never collide at headquarters.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace aftersales {

class Database;

enum class ChainRole { none, store, headquarters };
std::string_view to_string(ChainRole role);

struct ChainMembership {
  ChainRole role = ChainRole::none;
  std::string store_id;  // at a store
  int store_number = 0;  // at a store, 1..kMaxChainStores
};

// What this database is. Any backend: a SQLite file is never in a chain.
ChainMembership chain_membership(Database& db);
// The store's number for its case codes; 0 outside a chain.
int chain_store_number(Database& db);

// 2 to 12 capital letters and digits: MAD01. The error says so.
Result<std::string> parse_store_id(std::string_view text);

// The tables each side owns, in the order they are published.
const std::vector<std::string>& store_owned_tables();
const std::vector<std::string>& chain_shared_tables();

struct AddStoreRequest {
  std::string store_id;
  std::string store_uri;         // how headquarters' server reaches the store
  std::string hq_uri_for_store;  // how the store's server reaches headquarters
  std::string name;              // for customers: "Barcelona Diagonal" ("": as it was)
  std::string phone;             // for customers ("": as it was)
};

struct AddStoreReport {
  int number = 0;
  bool registered_now = false;               // false: it was already in the chain
  bool store_subscribed_now = false;         // the store now receives the chain's catalog and sales
  bool headquarters_subscribed_now = false;  // headquarters now receives the store's cases
  bool refreshed_now = false;                // a subscription now also receives the tables a later schema publishes
};

// Makes `hq` the chain's headquarters (once) and `store` one of its stores, and starts replication
// both ways. Runs again safely: what is already set up is checked and left alone. Both need
// wal_level = logical and superuser rights (PostgreSQL 15 creates subscriptions only as one).
// Run again after an upgrade whose schema publishes more tables, it adds them to the publications
// and refreshes the subscriptions, which then start with a copy of them.
// A database that already holds cases or a catalog of its own is refused: it would collide.
Result<AddStoreReport> add_store(Database& hq, Database& store, const AddStoreRequest& request);

// A store of the chain as every member knows it (chain_stores, replicated from headquarters).
struct ChainStore {
  std::string id;
  int number = 0;
  std::string name;   // "" until headquarters gives one
  std::string phone;  // "" until headquarters gives one
};

// The chain's stores by id (none outside a chain). Throws StorageError.
std::vector<ChainStore> chain_stores(Database& db);
// What customers read for a store: its name, else its id.
std::string store_label(const std::vector<ChainStore>& stores, std::string_view store_id);

// One direction of replication, seen from the database `chain status` runs on.
struct ReplicationLink {
  std::string store_id;
  std::string subscription;                     // this side's subscription (receiving) or the peer's (sending)
  bool receiving = false;                       // true: the peer publishes to us; false: we publish to it
  bool running = false;                         // a worker is connected right now
  std::optional<double> contact_age_s;          // receiving: since the peer last sent anything (data or keepalive)
  int tables_copying = 0;                       // receiving: tables whose first copy is not finished yet
  std::optional<double> lag_s;                  // sending: how long the peer takes to apply what we commit
  std::optional<std::int64_t> behind_bytes;     // sending: WAL the peer has not confirmed yet
  std::optional<std::int64_t> retained_bytes;   // sending: WAL kept on this disk for the peer
  std::string slot_state;                       // sending: reserved, extended, unreserved, lost
  std::optional<std::int64_t> slot_safe_bytes;  // sending: WAL it may still fall behind before its slot is dropped
};

struct ChainStatus {
  ChainMembership self;
  std::optional<std::int64_t> max_slot_wal_keep_bytes;  // nullopt: no cap
  std::vector<ReplicationLink> links;
  std::vector<std::string> warnings;  // each says what to do
};

Result<ChainStatus> chain_status(Database& db);

}  // namespace aftersales
