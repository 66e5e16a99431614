// Media on Cloudinary (shared/reference/payments-calendar.md §9): signed uploads with an explicit
// public_id (the storage key without its extension, so deleting by prefix works in fixed and dynamic
// folder mode), signed destroy, delete by prefix through the Admin API (Basic auth, pages of up to 1000
// via next_cursor), and delivery URLs built locally with f_auto,q_auto and size transformations.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "modules/media/domain/storage.h"
#include "platform/http/client/http_client.h"

namespace x8::media {

struct CloudinaryCredentials {
  std::string api_key;
  std::string api_secret;
  std::string cloud_name;
};

// "cloudinary://api_key:api_secret@cloud_name" → credentials; kInvalidArgument (details.field
// "media.cloudinary_url", never the secret) for anything else.
Result<CloudinaryCredentials> ParseCloudinaryUrl(std::string_view url);

using Params = std::vector<std::pair<std::string, std::string>>;

// Hex SHA-1 of the signed parameters — every one but file, cloud_name, resource_type and api_key, empty
// values dropped, sorted by name, "k=v" joined with '&' ('&' inside a pair written %26) — followed by
// the API secret with no separator.
std::string CloudinarySignature(Params params, std::string_view api_secret);
std::string Sha1Hex(std::string_view data);

struct CloudinaryOptions {
  CloudinaryCredentials credentials;
  std::string api_base = "https://api.cloudinary.com";       // + /v1_1/{cloud}/…
  std::string delivery_base = "https://res.cloudinary.com";  // + /{cloud}/{image|video}/upload/…
};

class CloudinaryStorage final : public MediaStorage {
 public:
  CloudinaryStorage(http::HttpClient& client, CloudinaryOptions options, const Clock& clock);

  std::string_view name() const override { return "cloudinary"; }
  bool wants_previews() const override { return false; }  // Cloudinary derives sizes on delivery
  Result<Variants> Save(const StoredObject& object) override;
  Status Delete(std::string_view key, MediaKind kind) override;
  Status DeleteByPrefix(std::string_view prefix) override;

  // The delivery URLs of a stored key (no network, no secret).
  Variants DeliveryUrls(std::string_view key, MediaKind kind) const;

 private:
  std::string ApiUrl(std::string_view path) const;
  Params Signed(Params params) const;

  http::HttpClient& client_;
  CloudinaryOptions options_;
  const Clock& clock_;
};

// The public_id of a storage key: the key without its extension.
std::string PublicIdOf(std::string_view key);

}  // namespace x8::media
