#pragma once
// One draw function per screen; each reads the app's state and calls the flows.
namespace aftersales::kiosk {

class KioskApp;

void draw_home(KioskApp& app);
void draw_return(KioskApp& app);
void draw_repair(KioskApp& app);
void draw_warranty(KioskApp& app);
void draw_track(KioskApp& app);
void draw_receipt(KioskApp& app);
void draw_unavailable(KioskApp& app);

}  // namespace aftersales::kiosk
