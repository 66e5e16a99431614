// Image processing with libvips: dimensions, metadata stripped, a recompressed original in the same
// format and two WebP previews (thumb and medium: the
// longest side 200 px and 800 px; never enlarged).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::media {

struct ProcessedImage {
  int64_t width = 0;  // of the original, after EXIF orientation
  int64_t height = 0;
  std::string original;  // same format as the upload, metadata stripped
  std::string thumb;     // WebP, longest side 200 px at most
  std::string medium;    // WebP, longest side 800 px at most
};

inline constexpr int kThumbSize = 200;
inline constexpr int kMediumSize = 800;
inline constexpr int64_t kMaxPixels = 50'000'000;  // a decompression bomb is refused before decoding

// `extension` is the sniffed one (jpg, png, webp, gif). A truncated or corrupt image is
// kInvalidArgument with libvips's reason in details.reason.
Result<ProcessedImage> ProcessImage(std::string_view bytes, std::string_view extension);

}  // namespace x8::media
