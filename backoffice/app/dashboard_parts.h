#pragma once
// What the store's dashboard and headquarters' dashboard draw alike.
#include <imgui.h>

#include <functional>

namespace aftersales::backoffice {

// A framed child window with a bold heading; `body` gets the width inside.
void panel(const char* id, const char* heading, ImVec2 size, const std::function<void(float)>& body);

}  // namespace aftersales::backoffice
