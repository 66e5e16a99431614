// The media domain: product and service photos and one welcome video per user, stored under
// unguessable keys (docs/design/knowledge.md "Media", docs/media.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::media {

enum class Folder { kProduct, kService, kWelcome };
enum class MediaKind { kImage, kVideo };

std::string_view ToString(Folder folder);
std::string_view ToString(MediaKind kind);
// kInvalidArgument (details.field "folder") for anything but product, service or welcome.
Result<Folder> ParseFolder(std::string_view text);
Result<MediaKind> ParseKind(std::string_view text);

// The 409 message for a second welcome video (details.reason "welcome_video_exists").
inline constexpr std::string_view kWelcomeVideoExists = "you already have a welcome video; delete it first";

// Variant name ("thumb", "medium", "original") → URL: a path on this server for local storage
// ("/media/users/…"), a CDN URL for Cloudinary.
using Variants = std::map<std::string, std::string>;

struct MediaFile {
  std::string id;  // med_…
  std::string account_id;
  std::string user_id;
  Folder folder = Folder::kProduct;
  MediaKind kind = MediaKind::kImage;
  std::string file_name;     // as uploaded (X-File-Name), for people and catalogue matching
  std::string content_type;  // sniffed from the content
  int64_t bytes = 0;         // everything the file occupies in storage, variants included (the quota unit)
  std::optional<int64_t> width;
  std::optional<int64_t> height;
  std::string storage;      // "local" | "cloudinary"
  std::string storage_key;  // users/{user_id}/{folder}/{media_id}-{slug}.{ext}
  Variants variants;
  int64_t created_at = 0;
};

}  // namespace x8::media
