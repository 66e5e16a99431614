// Media on the local disk under media.root, served by x8 itself at /media/{key}. Writes are atomic
// (a temp file in the same directory, fsync, rename), so a reader never sees half a file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "modules/media/domain/storage.h"

namespace x8::media {

inline constexpr std::string_view kLocalUrlPrefix = "/media/";

class LocalDiskStorage final : public MediaStorage {
 public:
  explicit LocalDiskStorage(std::filesystem::path root);

  std::string_view name() const override { return "local"; }
  bool wants_previews() const override { return true; }
  Result<Variants> Save(const StoredObject& object) override;
  Status Delete(std::string_view key, MediaKind kind) override;
  Status DeleteByPrefix(std::string_view prefix) override;

  // The file of a well-formed key (IsWellFormedKey), or nullopt for anything else: the file server
  // never builds a path from unchecked input.
  std::optional<std::filesystem::path> PathOf(std::string_view key) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  Status WriteAtomically(std::string_view key, std::string_view bytes);
  std::filesystem::path root_;
};

}  // namespace x8::media
