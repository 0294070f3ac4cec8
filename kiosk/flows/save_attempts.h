#pragma once
// Saving a check-in or a return at the kiosk, which may lose its link to the database server in
// the middle. The case's status token is drawn once for the shopper's submission, so that trying
// again after a lost answer finds the case the first try saved instead of opening a second one; and what the
// shopper hears grows with the failures: first "one moment, try again", then "ask at the counter".
// What they typed stays on the screen either way, and nothing is printed for a case not saved.
#include <optional>
#include <string>

#include "core/base/error.h"

namespace aftersales::kiosk {

class SaveAttempts {
 public:
  // The status token every try of this submission saves under.
  const std::string& token();
  // What the shopper is told when a try failed: storage trouble becomes the "one moment" and then
  // the "ask at the service counter" message (field "confirm"); anything else passes as it is.
  Error failed(Error error);
  int failures() const { return failures_; }

 private:
  std::string token_;
  int failures_ = 0;
};

}  // namespace aftersales::kiosk
