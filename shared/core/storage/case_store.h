#pragma once
// Storage of cases, their events and estimates, and the case search index. Plain functions over a
// Database; they throw StorageError and expect the caller to hold the transaction it needs.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/storage/database.h"

namespace aftersales {

struct CaseFilter {
  std::optional<CaseKind> kind;
  std::vector<CaseStatus> statuses;  // empty: any
  bool open_only = false;
  std::optional<int> min_age_days;  // opened at least this many days ago
  bool overdue_only = false;
  std::optional<std::string> assigned_to;
  std::string text;  // search over code, name, phone, e-mail, serial, product
  int limit = 200;
  int offset = 0;
};

std::optional<Case> load_case_by_code(Database& db, std::string_view canonical_code);
std::optional<Case> load_case_by_token(Database& db, std::string_view canonical_token);
// The case at this store (or, at headquarters, any store) carrying on a case transferred from
// `code` at another store.
std::optional<Case> load_case_carrying_on(Database& db, std::string_view code);
// Every case for a unit's serial, oldest first (cases_serial index).
std::vector<Case> load_cases_by_serial(Database& db, std::string_view serial);
bool case_code_taken(Database& db, std::string_view code);
bool status_token_taken(Database& db, std::string_view token);

// Writes a new case and its search entry; throws when its code or status token is taken.
std::int64_t insert_case(Database& db, const Case& c);
// The same, or nullopt when its code or status token is taken (PostgreSQL: the unique indexes
// tell, with no read before). SQLite has one writer at a time: the caller checks both first.
std::optional<std::int64_t> insert_case_if_free(Database& db, const Case& c);
// Builds the search index of every case again (after a copy from another engine).
void reindex_case_search(Database& db);
// Everything staff change after opening: status, dates, estimate state, assignment, casework.
void update_case_progress(Database& db, const Case& c);
void insert_case_event(Database& db, std::int64_t case_id, const CaseEvent& event);
std::vector<CaseEvent> load_case_events(Database& db, std::int64_t case_id);
// What the status clocks of these cases read (status_clock.h), in one query: each case's events
// that moved it (a `to` status) and its reminders and abandonments, oldest first.
std::map<std::int64_t, std::vector<CaseEvent>> load_clock_events(Database& db, std::span<const std::int64_t> case_ids);
// An event's details as stored (JSON); unreadable text gives empty details, never an error.
std::string event_details_json(const EventDetails& details);
EventDetails parse_event_details(const std::string& text);

void replace_estimate(Database& db, std::int64_t case_id, const std::vector<EstimateLine>& lines);
std::vector<EstimateLine> load_estimate(Database& db, std::int64_t case_id);

// A unit's serial already sold or already given as a replacement.
bool serial_in_use(Database& db, std::string_view serial);
void insert_serial_replacement(Database& db, std::int64_t case_id, std::string_view old_serial,
                               std::string_view new_serial, Instant at);
void save_estimate_explanation(Database& db, std::int64_t case_id, std::string_view text, Instant at);
std::string load_estimate_explanation(Database& db, std::int64_t case_id);
std::optional<int> load_feedback_rating(Database& db, std::int64_t case_id);
void insert_feedback(Database& db, std::int64_t case_id, int rating, std::string_view comment, Instant at);

std::vector<Case> query_cases(Database& db, const CaseFilter& filter, Instant now);
// What text is searched by: runs of letters and digits (any UTF-8 letter counts).
std::vector<std::string> search_words(std::string_view text);
// The search query for what a person typed, as FTS5 (SQLite) or tsquery (PostgreSQL) syntax: every
// word must match the start of some indexed word.
std::string search_match_expression(std::string_view typed, Backend backend);

}  // namespace aftersales
