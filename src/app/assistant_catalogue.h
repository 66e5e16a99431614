// The assistant's view of a company's catalogue (assistant::Catalogue) over one snapshot of the
// knowledge module's search index: a turn reads one consistent catalogue however long it runs.
#pragma once

#include <memory>

#include "modules/assistant/domain/engine.h"
#include "modules/knowledge/domain/service.h"

namespace x8::app {

class SnapshotCatalogue final : public assistant::Catalogue {
 public:
  explicit SnapshotCatalogue(std::shared_ptr<const knowledge::CompanyCatalogue> snapshot)
      : snapshot_(std::move(snapshot)) {}

  Result<std::vector<Hit>> Search(std::string_view text, const Filter& filter, size_t limit) override;
  Result<std::optional<Hit>> Item(std::string_view item_id) override;
  Result<std::vector<std::string>> Categories() override;
  Result<std::vector<knowledge::Item>> Faq() override;

 private:
  std::shared_ptr<const knowledge::CompanyCatalogue> snapshot_;
};

}  // namespace x8::app
