// Storage keys: users/{user_id}/{folder}/{media_id}-{slug}.{ext}. Built only from validated ids, a
// folder name and a slug of [a-z0-9-], so no key can climb out of its directory ("..", "/", "\0").
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "modules/media/domain/media.h"

namespace x8::media {

// "Red Roses (2).JPG" → "red-roses-2": ASCII letters lower-cased, digits kept, every other run of
// characters one '-', no leading/trailing '-', at most 60 characters; "file" when nothing is left.
// The extension (after the last '.') is dropped: the stored extension comes from the sniffed type.
std::string Slugify(std::string_view file_name);

// kInvalidArgument when user_id or media_id is not a well-formed id, or the slug/extension hold
// characters outside [a-z0-9-] / [a-z0-9].
Result<std::string> BuildKey(std::string_view user_id, Folder folder, std::string_view media_id,
                             std::string_view slug, std::string_view extension);

// "users/{user_id}/": everything one user stored (for deleting a user's media at once).
Result<std::string> UserPrefix(std::string_view user_id);

// The derived images of a stored original: "….thumb.webp" and "….medium.webp" next to it (a slug
// never holds '.', so they cannot collide with another file's key).
std::string VariantKey(std::string_view original_key, std::string_view variant);

// True when `key` has exactly the shape BuildKey/VariantKey produce; the file server refuses the rest.
bool IsWellFormedKey(std::string_view key);

}  // namespace x8::media
