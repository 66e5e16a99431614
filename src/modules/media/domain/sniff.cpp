#include "modules/media/domain/sniff.h"

#include <magic.h>

#include <array>
#include <memory>

namespace x8::media {
namespace {

struct Allowed {
  std::string_view content_type;
  MediaKind kind;
  std::string_view extension;
};

constexpr std::array<Allowed, 7> kAllowed{{
    {"image/jpeg", MediaKind::kImage, "jpg"},
    {"image/png", MediaKind::kImage, "png"},
    {"image/webp", MediaKind::kImage, "webp"},
    {"image/gif", MediaKind::kImage, "gif"},
    {"video/mp4", MediaKind::kVideo, "mp4"},
    {"video/webm", MediaKind::kVideo, "webm"},
    {"video/quicktime", MediaKind::kVideo, "mov"},
}};

struct MagicCloser {
  void operator()(magic_t cookie) const { magic_close(cookie); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>;

// A magic cookie is not safe to share between threads; each worker thread loads its own once.
Result<magic_t> ThreadMagic() {
  thread_local Magic cookie;
  thread_local bool loaded = false;
  if (!loaded) {
    cookie.reset(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
    if (!cookie) return Internal("libmagic: magic_open failed");
    if (magic_load(cookie.get(), nullptr) != 0) {
      return Internal(std::string("libmagic: ") + magic_error(cookie.get()));
    }
    loaded = true;
  }
  return cookie.get();
}

}  // namespace

Result<SniffedType> SniffType(std::string_view bytes) {
  if (bytes.empty()) return InvalidArgument("the upload is empty; send the file as the request body");
  X8_TRY(magic_t cookie, ThreadMagic());
  const char* detected = magic_buffer(cookie, bytes.data(), bytes.size());
  if (detected == nullptr) return Internal(std::string("libmagic: ") + magic_error(cookie));
  std::string_view type(detected);
  // Older magic databases name WebM "video/x-matroska"-adjacent or QuickTime "video/x-quicktime".
  if (type == "video/x-quicktime") type = "video/quicktime";
  for (const auto& allowed : kAllowed) {
    if (allowed.content_type == type) {
      return SniffedType{std::string(allowed.content_type), allowed.kind, std::string(allowed.extension)};
    }
  }
  return Error{ErrorCode::kUnsupportedMediaType,
               "unsupported file type " + std::string(type) +
                   "; upload a JPEG, PNG, WebP or GIF image or an MP4, WebM or QuickTime video"}
      .With("detected_type", type);
}

}  // namespace x8::media
