#pragma once
// An OpenGL texture made from a grey image (the QR on the receipt screen), drawn with nearest
// filtering so that QR modules stay sharp for a phone's camera.
#include <imgui.h>

#include "core/qr_code.h"

namespace aftersales::ui {

class Texture {
 public:
  Texture() = default;
  explicit Texture(const GrayImage& image);
  ~Texture();
  Texture(Texture&& other) noexcept;
  Texture& operator=(Texture&& other) noexcept;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  explicit operator bool() const { return id_ != 0; }
  ImTextureID id() const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  unsigned id_ = 0;
  int width_ = 0;
  int height_ = 0;
};

}  // namespace aftersales::ui
