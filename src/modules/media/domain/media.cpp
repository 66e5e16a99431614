#include "modules/media/domain/media.h"

namespace x8::media {

std::string_view ToString(Folder folder) {
  switch (folder) {
    case Folder::kProduct:
      return "product";
    case Folder::kService:
      return "service";
    case Folder::kWelcome:
      return "welcome";
  }
  return "product";
}

std::string_view ToString(MediaKind kind) { return kind == MediaKind::kVideo ? "video" : "image"; }

Result<Folder> ParseFolder(std::string_view text) {
  if (text == "product") return Folder::kProduct;
  if (text == "service") return Folder::kService;
  if (text == "welcome") return Folder::kWelcome;
  return InvalidArgument("folder must be product, service or welcome").With("field", "folder");
}

Result<MediaKind> ParseKind(std::string_view text) {
  if (text == "image") return MediaKind::kImage;
  if (text == "video") return MediaKind::kVideo;
  return Internal("unknown media kind '" + std::string(text) + "'");
}

}  // namespace x8::media
