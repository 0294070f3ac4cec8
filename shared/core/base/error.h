#pragma once
// Errors that are part of normal life (bad input, not found, refused, storage trouble) travel as
// values: every fallible service call returns Result<T>. The message is meant for the person at the
// kiosk or counter; `field` names the input it is about, when there is one.
#include <expected>
#include <string>
#include <utility>

namespace aftersales {

enum class ErrorKind {
  invalid_input,  // the user can correct what they entered
  not_found,      // nothing matches what they asked for
  refused,        // a rule says no (policy, workflow)
  conflict,       // already done, or changed meanwhile
  storage,        // the database could not be read or written
  config,         // a setting is wrong
  io,             // a file or device could not be used
};

struct Error {
  ErrorKind kind = ErrorKind::invalid_input;
  std::string message;
  std::string field = {};
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::string field = {}) {
  return std::unexpected(Error{kind, std::move(message), std::move(field)});
}

}  // namespace aftersales
