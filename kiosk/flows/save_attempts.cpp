#include "save_attempts.h"

#include "core/domain/status_token.h"

namespace aftersales::kiosk {

const std::string& SaveAttempts::token() {
  if (token_.empty()) token_ = new_status_token();
  return token_;
}

Error SaveAttempts::failed(Error error) {
  if (error.kind != ErrorKind::storage) return error;
  ++failures_;
  std::string message =
      failures_ == 1
          ? "One moment, please: we could not save this yet. Tap Confirm to try again; everything you entered is kept."
          : "We cannot save this right now. Please ask at the service counter: everything you entered is kept here.";
  return Error{ErrorKind::storage, std::move(message), "confirm"};
}

}  // namespace aftersales::kiosk
