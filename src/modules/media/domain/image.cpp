#include "modules/media/domain/image.h"

#include <vips/vips.h>

#include <memory>
#include <mutex>

namespace x8::media {
namespace {

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, ImageUnref>;

Status InitVips() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = VIPS_INIT("x8") == 0;
    if (ok) vips_cache_set_max(0);  // uploads are never read twice: keep no decoded pixels around
  });
  if (!ok) return Internal("libvips failed to start");
  return Ok();
}

// libvips keeps its messages in a process-wide buffer; take them and clear it.
std::string VipsReason() {
  std::string reason = vips_error_buffer();
  vips_error_clear();
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  return reason;
}

Error Corrupt(std::string_view what) {
  return InvalidArgument("the image could not be read (" + std::string(what) +
                         "); it may be truncated or corrupt")
      .With("reason", VipsReason());
}

Result<std::string> Save(VipsImage* image, const char* suffix) {
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_image_write_to_buffer(image, suffix, &buffer, &length, nullptr) != 0) {
    return Corrupt("decoding failed");
  }
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

Result<std::string> Thumbnail(std::string_view bytes, int size) {
  VipsImage* raw = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &raw, size, "size", VIPS_SIZE_DOWN,
                            "option_string", "fail_on=truncated", nullptr) != 0) {
    return Corrupt("making a preview failed");
  }
  Image thumb(raw);
  return Save(thumb.get(), ".webp[Q=80,strip]");
}

const char* OriginalSuffix(std::string_view extension) {
  if (extension == "jpg") return ".jpg[Q=85,strip,optimize_coding]";
  if (extension == "png") return ".png[strip]";
  if (extension == "webp") return ".webp[Q=85,strip]";
  return ".gif[strip]";
}

}  // namespace

Result<ProcessedImage> ProcessImage(std::string_view bytes, std::string_view extension) {
  X8_TRY_STATUS(InitVips());
  const bool gif = extension == "gif";
  // Every frame of a GIF (n = -1) so an animation stays one; the header is read here, pixels on save.
  VipsImage* raw = gif ? vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "fail_on",
                                                    VIPS_FAIL_ON_TRUNCATED, "n", -1, nullptr)
                       : vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "fail_on",
                                                    VIPS_FAIL_ON_TRUNCATED, nullptr);
  if (raw == nullptr) return Corrupt("unreadable header");
  Image loaded(raw);
  int64_t width = vips_image_get_width(loaded.get());
  int64_t height = gif ? vips_image_get_page_height(loaded.get()) : vips_image_get_height(loaded.get());
  if (width * height > kMaxPixels) {
    return Error{ErrorCode::kPayloadTooLarge, "the image has " + std::to_string(width) + "×" +
                                                  std::to_string(height) + " pixels; at most " +
                                                  std::to_string(kMaxPixels / 1'000'000) + " megapixels"};
  }
  ProcessedImage out;
  Image upright = std::move(loaded);
  if (!gif) {
    VipsImage* rotated = nullptr;
    if (vips_autorot(upright.get(), &rotated, nullptr) != 0) return Corrupt("orientation failed");
    upright.reset(rotated);
    width = vips_image_get_width(upright.get());
    height = vips_image_get_height(upright.get());
  }
  out.width = width;
  out.height = height;
  if (gif && vips_type_find("VipsOperation", "gifsave_buffer") == 0) {
    out.original = std::string(bytes);  // this libvips cannot write GIF: keep the upload as it is
  } else {
    X8_TRY(out.original, Save(upright.get(), OriginalSuffix(extension)));
  }
  X8_TRY(out.thumb, Thumbnail(bytes, kThumbSize));
  X8_TRY(out.medium, Thumbnail(bytes, kMediumSize));
  return out;
}

}  // namespace x8::media
