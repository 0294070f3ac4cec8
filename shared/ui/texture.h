#pragma once
// A texture the GUI can draw with ImGui::Image (the QR on the receipt screen), made by the shell for
// its renderer (OpenGL or SDL's software renderer) and released with it. Nearest filtering keeps QR
// modules sharp for a phone's camera.
#include <imgui.h>

#include <functional>

namespace aftersales::ui {

class Texture {
 public:
  using Release = std::function<void(ImTextureID)>;
  Texture() = default;
  Texture(ImTextureID id, int width, int height, Release release)
      : id_(id), width_(width), height_(height), release_(std::move(release)) {}
  ~Texture() { reset(); }
  Texture(Texture&& other) noexcept { *this = std::move(other); }
  Texture& operator=(Texture&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, nullptr);
      width_ = other.width_;
      height_ = other.height_;
      release_ = std::move(other.release_);
    }
    return *this;
  }
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  explicit operator bool() const { return id_ != nullptr; }
  ImTextureID id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void reset() {
    if (id_ && release_) release_(id_);
    id_ = nullptr;
  }
  ImTextureID id_ = nullptr;
  int width_ = 0;
  int height_ = 0;
  Release release_;
};

}  // namespace aftersales::ui
