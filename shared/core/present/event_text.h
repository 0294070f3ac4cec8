#pragma once
// The words for a case event, rendered from its kind and details for the one reading them: staff
// (the back office's timeline, the CLI) or the customer (the status page), in their language.
// What a person wrote (a reason, a note) is shown as written.
#include <string>

#include "core/base/translation.h"
#include "core/domain/case.h"
#include "core/storage/chain.h"

namespace aftersales {

// "Return approved: store credit (goodwill). Loyal customer", for the staff's timeline.
std::string staff_event_text(const CaseEvent& event);
// What the customer reads on the status page: "Devis accepté". `currency` names amounts when
// the store's price format shows no symbol; a store of the chain goes by its name in `stores`.
std::string customer_event_text(const CaseEvent& event, Language language, const std::string& currency,
                                const std::vector<ChainStore>& stores = {});
// Whether the event says anything on its own: a bare status move or an empty note does not.
bool event_has_words(const CaseEvent& event);

}  // namespace aftersales
