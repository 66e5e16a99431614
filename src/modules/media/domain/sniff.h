// What an upload really is, judged by its bytes (libmagic), never by its name or Content-Type.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "modules/media/domain/media.h"

namespace x8::media {

struct SniffedType {
  std::string content_type;  // image/jpeg, …, video/quicktime
  MediaKind kind = MediaKind::kImage;
  std::string extension;  // jpg, png, webp, gif, mp4, webm, mov
};

// Images: JPEG, PNG, WebP, GIF; videos: MP4, WebM, QuickTime. Anything else is kUnsupportedMediaType
// naming the detected type (details.detected_type); an empty body is kInvalidArgument.
Result<SniffedType> SniffType(std::string_view bytes);

}  // namespace x8::media
