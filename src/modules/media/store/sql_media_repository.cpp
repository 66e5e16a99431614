#include "modules/media/store/sql_media_repository.h"

#include <algorithm>
#include <boost/json.hpp>

#include "platform/storage/text_search.h"

namespace x8::media {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kColumns =
    "id, account_id, user_id, folder, kind, file_name, content_type, bytes, width, height, storage, "
    "storage_key, variants, created_at";

std::string Select(std::string_view where) {
  return "SELECT " + std::string(kColumns) + " FROM media_files WHERE " + std::string(where);
}

std::string VariantsJson(const Variants& variants) {
  boost::json::object object;
  for (const auto& [name, url] : variants) object[name] = url;
  return boost::json::serialize(object);
}

Result<MediaFile> FromRow(const Row& row) {
  MediaFile file;
  file.id = row.Text("id");
  file.account_id = row.Text("account_id");
  file.user_id = row.Text("user_id");
  X8_TRY(file.folder, ParseFolder(row.Text("folder")));
  X8_TRY(file.kind, ParseKind(row.Text("kind")));
  file.file_name = row.Text("file_name");
  file.content_type = row.Text("content_type");
  file.bytes = row.Int("bytes");
  file.width = row.OptInt("width");
  file.height = row.OptInt("height");
  file.storage = row.Text("storage");
  file.storage_key = row.Text("storage_key");
  boost::system::error_code ec;
  auto variants = boost::json::parse(row.Text("variants"), ec);
  if (ec || !variants.is_object()) return Internal("media_files.variants of " + file.id + " is not JSON");
  for (const auto& [name, url] : variants.as_object()) {
    if (url.is_string()) file.variants[std::string(name)] = std::string(url.as_string());
  }
  file.created_at = row.Int("created_at");
  return file;
}

Value Optional(const std::optional<int64_t>& value) { return value ? Value(*value) : Value(nullptr); }

}  // namespace

Status SqlMediaRepository::Insert(const MediaFile& file, int64_t quota_bytes) {
  return db_.Transact([&](storage::Tx& tx) -> Status {
    // Lock the account row (SQLite's BEGIN IMMEDIATE already serializes writers): concurrent uploads
    // of one account queue here, so the sum below cannot go stale before the insert.
    std::string lock = tx.dialect() == storage::Dialect::kPostgres
                           ? "SELECT id FROM accounts WHERE id = ? FOR UPDATE"
                           : "SELECT id FROM accounts WHERE id = ?";
    X8_TRY(auto account, tx.Query(lock, {file.account_id}));
    if (account.empty()) return NotFound("no such account").With("field", "account_id");
    X8_TRY(auto used_rows,
           tx.Query("SELECT COALESCE(SUM(bytes), 0) AS used FROM media_files WHERE account_id = ?",
                    {file.account_id}));
    int64_t used = used_rows[0].Int("used");
    if (used + file.bytes > quota_bytes) {
      return Error{ErrorCode::kPayloadTooLarge,
                   "this file does not fit in your media storage (" + std::to_string(used) + " of " +
                       std::to_string(quota_bytes) + " bytes used); delete files to make room"}
          .With("quota_bytes", quota_bytes)
          .With("used_bytes", used)
          .With("file_bytes", file.bytes);
    }
    auto inserted = tx.Exec("INSERT INTO media_files (" + std::string(kColumns) +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {file.id, file.account_id, file.user_id, std::string(ToString(file.folder)),
                             std::string(ToString(file.kind)), file.file_name, file.content_type, file.bytes,
                             Optional(file.width), Optional(file.height), file.storage, file.storage_key,
                             VariantsJson(file.variants), file.created_at});
    if (!inserted && inserted.error().code == ErrorCode::kConflict && file.kind == MediaKind::kVideo) {
      return Conflict(std::string(kWelcomeVideoExists)).With("reason", "welcome_video_exists");
    }
    if (!inserted) return inserted.error();
    if (observer_ != nullptr && file.kind == MediaKind::kImage)
      X8_TRY_STATUS(observer_->ImageAdded(tx, file));
    return Ok();
  });
}

Result<MediaFile> SqlMediaRepository::Get(std::string_view account_id, std::string_view media_id) {
  X8_TRY(auto rows,
         db_.Query(Select("account_id = ? AND id = ?"), {std::string(account_id), std::string(media_id)}));
  if (rows.empty()) return NotFound("no such media file").With("field", "media_id");
  return FromRow(rows[0]);
}

Result<std::vector<MediaFile>> SqlMediaRepository::List(std::string_view account_id,
                                                        std::optional<Folder> folder) {
  storage::Rows rows;
  if (folder) {
    X8_TRY(rows, db_.Query(Select("account_id = ? AND folder = ? ORDER BY created_at, id"),
                           {std::string(account_id), std::string(ToString(*folder))}));
  } else {
    X8_TRY(rows, db_.Query(Select("account_id = ? ORDER BY created_at, id"), {std::string(account_id)}));
  }
  std::vector<MediaFile> files;
  files.reserve(rows.size());
  for (const auto& row : rows) {
    X8_TRY(auto file, FromRow(row));
    files.push_back(std::move(file));
  }
  return files;
}

Status SqlMediaRepository::Delete(std::string_view account_id, std::string_view media_id) {
  if (observer_ == nullptr) {
    X8_TRY(auto deleted, db_.Exec("DELETE FROM media_files WHERE account_id = ? AND id = ?",
                                  {std::string(account_id), std::string(media_id)}));
    if (deleted == 0) return NotFound("no such media file").With("field", "media_id");
    return Ok();
  }
  return db_.Transact([&](storage::Tx& tx) -> Status {
    // The same account lock as Insert: references by name change in one order with uploads.
    if (tx.dialect() == storage::Dialect::kPostgres) {
      X8_TRY_STATUS(tx.Exec("SELECT id FROM accounts WHERE id = ? FOR UPDATE", {std::string(account_id)}));
    }
    X8_TRY(auto rows,
           tx.Query(Select("account_id = ? AND id = ?"), {std::string(account_id), std::string(media_id)}));
    if (rows.empty()) return NotFound("no such media file").With("field", "media_id");
    X8_TRY(auto file, FromRow(rows[0]));
    X8_TRY_STATUS(
        tx.Exec("DELETE FROM media_files WHERE account_id = ? AND id = ?", {file.account_id, file.id}));
    if (file.kind == MediaKind::kImage) X8_TRY_STATUS(observer_->ImageRemoved(tx, file));
    return Ok();
  });
}

Result<int64_t> SqlMediaRepository::UsedBytes(std::string_view account_id) {
  X8_TRY(auto rows, db_.Query("SELECT COALESCE(SUM(bytes), 0) AS used FROM media_files WHERE account_id = ?",
                              {std::string(account_id)}));
  return rows[0].Int("used");
}

Result<std::optional<MediaFile>> SqlMediaRepository::WelcomeVideo(std::string_view account_id,
                                                                  std::string_view user_id) {
  X8_TRY(auto rows, db_.Query(Select("account_id = ? AND user_id = ? AND kind = 'video'"),
                              {std::string(account_id), std::string(user_id)}));
  if (rows.empty()) return std::optional<MediaFile>();
  X8_TRY(auto file, FromRow(rows[0]));
  return std::optional<MediaFile>(std::move(file));
}

Status LockLibraryShared(storage::Executor& tx, std::string_view account_id) {
  if (tx.dialect() != storage::Dialect::kPostgres) return Ok();
  X8_TRY_STATUS(tx.Exec("SELECT id FROM accounts WHERE id = ? FOR SHARE", {std::string(account_id)}));
  return Ok();
}

Result<std::optional<MediaFile>> FindImageByFileName(storage::Executor& exec, std::string_view account_id,
                                                     std::string_view file_name) {
  if (file_name.empty()) return std::optional<MediaFile>();
  // Unicode case-insensitive on both engines: x8_fold on SQLite (whose LOWER() is ASCII-only), lower() on
  // PostgreSQL, so "Роза.JPG" finds "роза.jpg".
  const storage::Dialect dialect = exec.dialect();
  X8_TRY(
      auto rows,
      exec.Query(Select("account_id = ? AND kind = 'image' AND " + storage::Folded(dialect, "file_name") +
                        " = " + storage::Folded(dialect, "?") + " ORDER BY created_at DESC, id DESC LIMIT 1"),
                 {std::string(account_id), std::string(file_name)}));
  if (rows.empty()) return std::optional<MediaFile>();
  X8_TRY(auto file, FromRow(rows[0]));
  return std::optional<MediaFile>(std::move(file));
}

Result<std::optional<MediaFile>> FindWelcomeVideo(storage::Executor& exec, std::string_view account_id) {
  X8_TRY(auto rows,
         exec.Query(Select("account_id = ? AND kind = 'video' ORDER BY created_at DESC, id DESC LIMIT 1"),
                    {std::string(account_id)}));
  if (rows.empty()) return std::optional<MediaFile>();
  X8_TRY(auto file, FromRow(rows[0]));
  return std::optional<MediaFile>(std::move(file));
}

Result<std::vector<MediaFile>> FindFilesByIds(storage::Executor& exec, std::string_view account_id,
                                              const std::vector<std::string>& media_ids) {
  std::vector<MediaFile> files;
  constexpr size_t kBatch = 500;  // well under both engines' parameter limits
  for (size_t begin = 0; begin < media_ids.size(); begin += kBatch) {
    size_t end = std::min(media_ids.size(), begin + kBatch);
    std::string placeholders;
    std::vector<Value> params{std::string(account_id)};
    for (size_t i = begin; i < end; ++i) {
      placeholders += placeholders.empty() ? "?" : ", ?";
      params.emplace_back(media_ids[i]);
    }
    X8_TRY(auto rows, exec.Query(Select("account_id = ? AND id IN (" + placeholders + ")"), params));
    for (const auto& row : rows) {
      X8_TRY(auto file, FromRow(row));
      files.push_back(std::move(file));
    }
  }
  return files;
}

}  // namespace x8::media
