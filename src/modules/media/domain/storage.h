// Where media bytes live: the local disk (served by x8 at /media/{key}) or Cloudinary (its CDN).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "modules/media/domain/media.h"

namespace x8::media {

struct StoredObject {
  std::string key;  // BuildKey(…): users/{user_id}/{folder}/{media_id}-{slug}.{ext}
  std::string content_type;
  MediaKind kind = MediaKind::kImage;
  std::string original;
  // WebP previews for images, made by libvips when the storage asks for them (local disk); a storage
  // that transforms on delivery (Cloudinary) ignores them.
  std::optional<std::string> thumb;
  std::optional<std::string> medium;
};

class MediaStorage {
 public:
  virtual ~MediaStorage() = default;
  virtual std::string_view name() const = 0;  // "local" | "cloudinary": media_files.storage
  // True when Save expects thumb and medium to be filled for images.
  virtual bool wants_previews() const = 0;
  // Stores the object (and its previews) and returns the variant URLs: original, and for images thumb
  // and medium. Errors: kUnavailable (disk full, Cloudinary down), kInternal.
  virtual Result<Variants> Save(const StoredObject& object) = 0;
  // Removes the object stored under `key` and its previews; a missing object is not an error.
  virtual Status Delete(std::string_view key, MediaKind kind) = 0;
  // Removes every object whose key starts with `prefix` (UserPrefix(…): a user's whole library).
  virtual Status DeleteByPrefix(std::string_view prefix) = 0;
};

}  // namespace x8::media
