#include "modules/media/testing/images.h"

#include <vips/vips.h>

#include <stdexcept>

namespace x8::media::testing {

std::string MakeImage(int width, int height, const char* suffix) {
  static const bool started = VIPS_INIT("x8-test") == 0;
  if (!started) throw std::runtime_error("libvips did not start");
  VipsImage* xyz = nullptr;
  VipsImage* rgb = nullptr;
  VipsImage* bytes = nullptr;
  if (vips_xyz(&xyz, width, height, nullptr) != 0) throw std::runtime_error(vips_error_buffer());
  // Two bands (x, y) plus x again: a colourful, compressible picture.
  VipsImage* bands[3] = {nullptr, nullptr, nullptr};
  vips_extract_band(xyz, &bands[0], 0, nullptr);
  vips_extract_band(xyz, &bands[1], 1, nullptr);
  vips_extract_band(xyz, &bands[2], 0, nullptr);
  vips_bandjoin(bands, &rgb, 3, nullptr);
  vips_cast_uchar(rgb, &bytes, nullptr);
  void* buffer = nullptr;
  size_t length = 0;
  int failed = vips_image_write_to_buffer(bytes, suffix, &buffer, &length, nullptr);
  for (auto* image : {xyz, rgb, bytes, bands[0], bands[1], bands[2]}) {
    if (image != nullptr) g_object_unref(image);
  }
  if (failed != 0) throw std::runtime_error(vips_error_buffer());
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

std::pair<int, int> SizeOf(const std::string& encoded) {
  VipsImage* image = vips_image_new_from_buffer(encoded.data(), encoded.size(), "", nullptr);
  if (image == nullptr) return {-1, -1};
  std::pair<int, int> size{vips_image_get_width(image), vips_image_get_height(image)};
  g_object_unref(image);
  return size;
}

std::string MakeMp4Header(size_t total_bytes) {
  std::string box(
      "\x00\x00\x00\x18"
      "ftypisom\x00\x00\x02\x00"
      "isomiso2",
      24);
  box += std::string("\x00\x00\x00\x08", 4) + "free";
  if (box.size() < total_bytes) box.resize(total_bytes, '\0');
  return box;
}

}  // namespace x8::media::testing
