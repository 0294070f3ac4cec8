#pragma once
// What the store's dashboard and headquarters' dashboard draw alike.
#include <imgui.h>

#include <functional>

#include "core/services/stats_by_store.h"

namespace aftersales::backoffice {

// A framed child window with a bold heading; `body` gets the width inside.
void panel(const char* id, const char* heading, ImVec2 size, const std::function<void(float)>& body);

// Below the dashboard's title at a chain's headquarters: every store side by side, then what comes
// back most across the chain.
void draw_chain_dashboard(const StatsByStore& chain);

}  // namespace aftersales::backoffice
