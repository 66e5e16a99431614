#include "modules/media/storage/local_disk_storage.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/ids.h"
#include "modules/media/domain/keys.h"

namespace x8::media {
namespace {

Error DiskError(const std::string& what, const std::filesystem::path& path, int error_number) {
  return Unavailable("media storage: " + what + " " + path.string() + ": " + std::strerror(error_number));
}

}  // namespace

LocalDiskStorage::LocalDiskStorage(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<std::filesystem::path> LocalDiskStorage::PathOf(std::string_view key) const {
  if (!IsWellFormedKey(key)) return std::nullopt;
  return root_ / std::filesystem::path(std::string(key));
}

Status LocalDiskStorage::WriteAtomically(std::string_view key, std::string_view bytes) {
  auto path = PathOf(key);
  if (!path) return Internal("media storage: malformed key " + std::string(key));
  std::error_code ec;
  std::filesystem::create_directories(path->parent_path(), ec);
  if (ec) return DiskError("cannot create directory", path->parent_path(), ec.value());
  std::filesystem::path temp = path->parent_path() / (".tmp-" + RandomHex(8));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return DiskError("cannot create", temp, errno);
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return DiskError("cannot write", temp, saved);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return DiskError("cannot flush", temp, saved);
  }
  if (::rename(temp.c_str(), path->c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return DiskError("cannot rename into", *path, saved);
  }
  return Ok();
}

Result<Variants> LocalDiskStorage::Save(const StoredObject& object) {
  Variants variants;
  const bool previews = object.kind == MediaKind::kImage && object.thumb && object.medium;
  if (previews) {
    std::string thumb_key = VariantKey(object.key, "thumb");
    std::string medium_key = VariantKey(object.key, "medium");
    X8_TRY_STATUS(WriteAtomically(thumb_key, *object.thumb));
    X8_TRY_STATUS(WriteAtomically(medium_key, *object.medium));
    variants["thumb"] = std::string(kLocalUrlPrefix) + thumb_key;
    variants["medium"] = std::string(kLocalUrlPrefix) + medium_key;
  }
  if (auto written = WriteAtomically(object.key, object.original); !written) {
    (void)Delete(object.key, object.kind);
    return written.error();
  }
  variants["original"] = std::string(kLocalUrlPrefix) + object.key;
  return variants;
}

Status LocalDiskStorage::Delete(std::string_view key, MediaKind kind) {
  auto path = PathOf(key);
  if (!path) return Internal("media storage: malformed key " + std::string(key));
  std::vector<std::filesystem::path> files{*path};
  if (kind == MediaKind::kImage) {
    files.push_back(root_ / VariantKey(key, "thumb"));
    files.push_back(root_ / VariantKey(key, "medium"));
  }
  for (const auto& file : files) {
    std::error_code ec;
    std::filesystem::remove(file, ec);  // false without error when it is already gone
    if (ec) return DiskError("cannot delete", file, ec.value());
  }
  return Ok();
}

Status LocalDiskStorage::DeleteByPrefix(std::string_view prefix) {
  // Only whole user directories: "users/{user_id}/", as UserPrefix builds them.
  if (prefix.size() < 8 || prefix.substr(0, 6) != "users/" || prefix.back() != '/' ||
      !UserPrefix(prefix.substr(6, prefix.size() - 7)) ||
      *UserPrefix(prefix.substr(6, prefix.size() - 7)) != prefix) {
    return Internal("media storage: refusing to delete prefix " + std::string(prefix));
  }
  std::error_code ec;
  std::filesystem::remove_all(root_ / std::string(prefix), ec);
  if (ec) return DiskError("cannot delete", root_ / std::string(prefix), ec.value());
  return Ok();
}

}  // namespace x8::media
