// Cloudinary's Upload and Admin APIs as CloudinaryStorage uses them (shared/reference/
// payments-calendar.md §9), under /cloudinary (so api_base = <emulator>/cloudinary):
//   POST   /cloudinary/v1_1/{cloud}/{resource_type}/upload   multipart (file + signed params); the
//          signature is checked (SHA-1 of the sorted params without file, cloud_name, resource_type,
//          api_key, '&'-joined, + secret; 1 hour validity) → {public_id, version, bytes, resource_type, …}
//          or 401 {"error":{"message":"Invalid Signature … String to sign - '…'."}}
//   POST   /cloudinary/v1_1/{cloud}/{resource_type}/destroy  form (public_id, signed) → {"result":"ok"|"not
//   found"} DELETE /cloudinary/v1_1/{cloud}/resources/{resource_type}/{type}?prefix=…[&next_cursor=…]  Basic
//   auth
//          api_key:api_secret; deletes up to page_size assets → {deleted:{id:"deleted"}, partial,
//          next_cursor?}
// Control:
//   GET  /__control/cloudinary/assets     {assets:[{public_id, resource_type, bytes, content_type}],
//                                          rejected_signatures, uploads}
//   POST /__control/cloudinary/page-size  {page_size} — small pages exercise next_cursor
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "tests/emulators/emulator.h"

namespace x8::emulators {

struct CloudinaryOptions {
  std::string cloud_name = "x8-emulated";
  std::string api_key = "emulator-cloudinary-key";
  std::string api_secret = "emulator-cloudinary-secret";
};

class CloudinaryEmulator final : public Emulator {
 public:
  explicit CloudinaryEmulator(CloudinaryOptions options);

  std::string_view name() const override { return "cloudinary"; }
  void Register(http::Router& router) override;
  void Reset() override;

 private:
  struct Asset {
    std::string resource_type;
    std::string content_type;
    std::string bytes;
  };
  using Params = std::vector<std::pair<std::string, std::string>>;

  http::Response Upload(const http::Request& request);
  http::Response Destroy(const http::Request& request);
  http::Response DeleteByPrefix(const http::Request& request);
  // Empty when the params carry the right api_key, a fresh timestamp and a valid signature; else the
  // error answer.
  std::optional<http::Response> CheckSignature(const Params& params);
  bool CheckCloud(const http::Request& request, http::Response& error) const;

  const CloudinaryOptions options_;
  std::mutex mu_;
  std::map<std::string, Asset> assets_;  // by resource_type + "/" + public_id
  int uploads_ = 0;
  int rejected_signatures_ = 0;
  size_t page_size_ = 1000;
};

// Exposed for the emulator's own tests: the string Cloudinary signs for `params` (without the secret).
std::string CloudinaryStringToSign(std::vector<std::pair<std::string, std::string>> params);

}  // namespace x8::emulators
