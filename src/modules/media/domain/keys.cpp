#include "modules/media/domain/keys.h"

#include <algorithm>

#include "core/ids.h"

namespace x8::media {
namespace {

constexpr size_t kMaxSlug = 60;

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool AllOf(std::string_view text, bool (*allowed)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), allowed);
}

}  // namespace

std::string Slugify(std::string_view file_name) {
  if (auto slash = file_name.find_last_of("/\\"); slash != std::string_view::npos) {
    file_name.remove_prefix(slash + 1);
  }
  if (auto dot = file_name.rfind('.'); dot != std::string_view::npos && dot > 0) {
    file_name = file_name.substr(0, dot);
  }
  std::string slug;
  bool pending_dash = false;
  for (char raw : file_name) {
    char c = raw;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_dash && !slug.empty()) slug.push_back('-');
      pending_dash = false;
      slug.push_back(c);
    } else {
      pending_dash = true;
    }
    if (slug.size() >= kMaxSlug) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "file" : slug;
}

Result<std::string> BuildKey(std::string_view user_id, Folder folder, std::string_view media_id,
                             std::string_view slug, std::string_view extension) {
  if (!IsValidId(user_id, "usr")) return InvalidArgument("not a user id").With("field", "user_id");
  if (!IsValidId(media_id, "med")) return InvalidArgument("not a media id").With("field", "media_id");
  if (!AllOf(slug, IsSlugChar) || slug.size() > kMaxSlug || slug.front() == '-') {
    return InvalidArgument("a slug holds only a-z, 0-9 and '-'").With("field", "slug");
  }
  if (!AllOf(extension, IsSlugChar) || extension.find('-') != std::string_view::npos) {
    return InvalidArgument("an extension holds only a-z and 0-9").With("field", "extension");
  }
  return "users/" + std::string(user_id) + "/" + std::string(ToString(folder)) + "/" + std::string(media_id) +
         "-" + std::string(slug) + "." + std::string(extension);
}

Result<std::string> UserPrefix(std::string_view user_id) {
  if (!IsValidId(user_id, "usr")) return InvalidArgument("not a user id").With("field", "user_id");
  return "users/" + std::string(user_id) + "/";
}

std::string VariantKey(std::string_view original_key, std::string_view variant) {
  auto dot = original_key.rfind('.');
  std::string base(original_key.substr(0, dot));
  return base + "." + std::string(variant) + ".webp";
}

bool IsWellFormedKey(std::string_view key) {
  // users / {usr id} / {folder} / {med id}-{slug}.{ext} or …-{slug}.{thumb|medium}.webp
  auto take = [&key](std::string_view& part) {
    auto slash = key.find('/');
    if (slash == std::string_view::npos) return false;
    part = key.substr(0, slash);
    key.remove_prefix(slash + 1);
    return true;
  };
  std::string_view users, user, folder;
  if (!take(users) || !take(user) || !take(folder)) return false;
  if (users != "users" || !IsValidId(user, "usr") || !ParseFolder(folder)) return false;
  std::string_view file = key;
  constexpr size_t kMediaIdSize = 30;  // "med_" + 26 Crockford characters
  if (file.size() <= kMediaIdSize + 1 || !IsValidId(file.substr(0, kMediaIdSize), "med") ||
      file[kMediaIdSize] != '-') {
    return false;
  }
  file.remove_prefix(kMediaIdSize + 1);
  auto dot = file.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view slug = file.substr(0, dot);
  std::string_view rest = file.substr(dot + 1);
  if (!AllOf(slug, IsSlugChar) || slug.front() == '-') return false;
  if (rest == "thumb.webp" || rest == "medium.webp") return true;
  return AllOf(rest, IsSlugChar) && rest.find('-') == std::string_view::npos;
}

}  // namespace x8::media
