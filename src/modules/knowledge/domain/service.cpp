#include "modules/knowledge/domain/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "modules/accounts/domain/access.h"

namespace x8::knowledge {
namespace {

Error KbNotFound() { return NotFound("knowledge base not found"); }

std::string TrimAscii(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

Result<int64_t> ParsePositiveInt(const std::string& text, std::string_view field) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return InvalidArgument(std::string(field) + " must be a whole number").With("field", field);
  }
  return value;
}

}  // namespace

Result<std::string> NormalizeKbName(std::string_view raw) {
  std::string name = TrimAscii(raw);
  size_t code_points = 0;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) return InvalidArgument("name has control characters").With("field", "name");
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  if (code_points == 0) return InvalidArgument("name is required").With("field", "name");
  if (code_points > kMaxKbNameChars) {
    return InvalidArgument("name is longer than 120 characters").With("field", "name");
  }
  return name;
}

Result<KnowledgeService::Resolved> KnowledgeService::Resolve(const http::Principal& principal,
                                                             std::string_view kb_id) {
  std::string account_id;
  if (principal.role == accounts::kRoleClient) {
    account_id = principal.tenant_id;  // every query below is scoped to it
  } else {
    auto owner = repository_.AccountOf(kb_id);
    if (!owner) return std::move(owner).error();
    if (!access_.CanAccess(principal, *owner)) return KbNotFound();
    account_id = *owner;
  }
  if (account_id.empty()) return KbNotFound();
  X8_TRY(auto kb, repository_.Get(account_id, kb_id));
  auto company = companies_.Find(principal, kb.company_id);
  if (!company) {
    if (company.error().code == ErrorCode::kNotFound) return KbNotFound();
    return std::move(company).error();
  }
  return Resolved{std::move(kb), std::move(*company)};
}

Result<std::vector<KnowledgeBase>> KnowledgeService::List(const http::Principal& principal,
                                                          std::string_view company_id) {
  X8_TRY(auto company, companies_.Find(principal, company_id));
  return repository_.ListForCompany(company.account_id, company.id);
}

Result<KnowledgeBase> KnowledgeService::Create(const http::Principal& principal, std::string_view company_id,
                                               const std::optional<std::string>& name,
                                               const std::optional<std::string>& kind) {
  X8_TRY(auto company, companies_.Find(principal, company_id));
  X8_TRY(auto valid_name, NormalizeKbName(name.value_or("")));
  if (!kind) return InvalidArgument("kind is required (PRODUCT, SERVICE or FAQ)").With("field", "kind");
  X8_TRY(auto valid_kind, ParseKbKind(*kind));
  return repository_.Create(company.account_id, company.id, valid_name, valid_kind);
}

Result<KnowledgeBase> KnowledgeService::Get(const http::Principal& principal, std::string_view kb_id) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  return resolved.kb;
}

Result<KnowledgeBase> KnowledgeService::Rename(const http::Principal& principal, std::string_view kb_id,
                                               std::optional<std::string> name) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  if (!name) return resolved.kb;
  X8_TRY(auto valid_name, NormalizeKbName(*name));
  return repository_.Rename(resolved.kb.account_id, resolved.kb.id, valid_name);
}

Status KnowledgeService::Delete(const http::Principal& principal, std::string_view kb_id) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  return repository_.Delete(resolved.kb.account_id, resolved.kb.id);
}

Result<tabular::Table> KnowledgeService::Read(std::string_view content, std::string_view sheet) const {
  tabular::ReadOptions options;
  options.max_bytes = max_upload_bytes_;
  options.sheet = std::string(sheet);
  return tabular::ReadAny(content, options);
}

Result<ImportPreview> KnowledgeService::Upload(const http::Principal& principal, std::string_view kb_id,
                                               const UploadInput& input) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  if (input.content.empty()) return InvalidArgument("the file is empty").With("field", "body");
  if (input.content.size() > max_upload_bytes_) {
    return Error{ErrorCode::kPayloadTooLarge, "the file is larger than the upload limit"};
  }
  ImportPreview preview;
  if (input.content.starts_with(std::string_view("PK\x03\x04", 4))) {
    X8_TRY(preview.sheets, tabular::ListXlsxSheets(input.content));
  }
  X8_TRY(auto table, Read(input.content, input.sheet));
  preview.parsed = ParseCatalogue(table, resolved.kb.kind, {}, resolved.company.currency);
  boost::json::array mapping;
  for (const auto& column : preview.parsed.columns) {
    mapping.push_back(boost::json::object{{"index", column.index},
                                          {"header", column.header},
                                          {"field", ToString(column.mapping.field)},
                                          {"name", column.mapping.name}});
  }
  X8_TRY(preview.upload, repository_.SaveImport(resolved.kb.account_id, resolved.kb.id, input.file_name,
                                                table.sheet, input.content, boost::json::serialize(mapping)));
  preview.upload.content.clear();
  // The previewed items show which image cells already name an uploaded image (a few lookups).
  auto& items = preview.parsed.items;
  std::vector<Item> shown(std::make_move_iterator(items.begin()),
                          std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                      items.size(), kPreviewItems))));
  auto resolved_images = repository_.ResolveImages(resolved.kb.account_id, shown);
  std::move(shown.begin(), shown.end(), items.begin());
  X8_TRY_STATUS(resolved_images);
  return preview;
}

Result<ImportCounts> KnowledgeService::Commit(const http::Principal& principal, std::string_view kb_id,
                                              std::string_view import_id, const CommitInput& input) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  X8_TRY(auto mode, ParseImportMode(input.mode));
  X8_TRY(auto upload, repository_.GetImport(resolved.kb.account_id, resolved.kb.id, import_id));
  X8_TRY(auto table, Read(upload.content, upload.sheet));
  std::map<int64_t, ColumnMapping> overrides;
  for (const auto& [key, target] : input.mapping) {
    auto index = ParsePositiveInt(key, "mapping");
    if (!index || *index >= static_cast<int64_t>(table.headers.size())) {
      return InvalidArgument("mapping names column " + key + ", which the file does not have")
          .With("field", "mapping");
    }
    X8_TRY(overrides[*index], ParseMappingTarget(target, table.headers[*index].text));
  }
  auto parsed = ParseCatalogue(table, resolved.kb.kind, overrides, resolved.company.currency);
  if (!parsed.problems.empty()) return RefusalOf(parsed.problems);
  return repository_.CommitImport(resolved.kb.account_id, resolved.kb.id, upload.id, mode, parsed.items);
}

Result<ItemListView> KnowledgeService::ListItems(const http::Principal& principal, std::string_view kb_id,
                                                 const ItemListInput& input) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  ItemFilter filter;
  if (input.q) filter.folded_query = NameKey(*input.q);
  if (input.category) filter.category_key = NameKey(*input.category);
  if (input.limit) {
    X8_TRY(filter.limit, ParsePositiveInt(*input.limit, "limit"));
    if (filter.limit < 1 || filter.limit > kMaxItemsPageSize) {
      return InvalidArgument("limit must be between 1 and 200").With("field", "limit");
    }
  }
  if (input.cursor) {
    auto position = ParsePositiveInt(*input.cursor, "cursor");
    if (!position) return InvalidArgument("cursor is not one this endpoint gave").With("field", "cursor");
    filter.after_position = *position;
  }
  X8_TRY(auto page, repository_.ListItems(resolved.kb.account_id, resolved.kb.id, filter));
  ItemListView view{.items = std::move(page.items), .next_cursor = std::nullopt};
  if (page.next_position) view.next_cursor = std::to_string(*page.next_position);
  return view;
}

Result<StoredItem> KnowledgeService::GetItem(const http::Principal& principal, std::string_view kb_id,
                                             std::string_view item_id) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  return repository_.GetItem(resolved.kb.account_id, resolved.kb.id, item_id);
}

Status KnowledgeService::Normalize(Item& item, const Resolved& resolved) const {
  if (item.variants.empty()) item.variants.push_back(Variant{});
  for (auto& variant : item.variants) {
    if (variant.price_minor && variant.currency.empty()) variant.currency = resolved.company.currency;
    if (!variant.currency.empty()) {
      auto currency = ParseCurrency(variant.currency);
      if (!currency) return InvalidArgument(currency.error().message).With("field", "currency");
      variant.currency = *currency;
    }
  }
  return ValidateItem(item, resolved.kb.kind);
}

Result<StoredItem> KnowledgeService::AddItem(const http::Principal& principal, std::string_view kb_id,
                                             Item item) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  X8_TRY_STATUS(Normalize(item, resolved));
  return repository_.AddItem(resolved.kb.account_id, resolved.kb.id, item);
}

Result<StoredItem> KnowledgeService::UpdateItem(const http::Principal& principal, std::string_view kb_id,
                                                std::string_view item_id, Item item) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  item.id = std::string(item_id);
  X8_TRY_STATUS(Normalize(item, resolved));
  return repository_.UpdateItem(resolved.kb.account_id, resolved.kb.id, item);
}

Status KnowledgeService::DeleteItem(const http::Principal& principal, std::string_view kb_id,
                                    std::string_view item_id) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  return repository_.DeleteItem(resolved.kb.account_id, resolved.kb.id, item_id);
}

Result<std::string> KnowledgeService::Export(const http::Principal& principal, std::string_view kb_id) {
  X8_TRY(auto resolved, Resolve(principal, kb_id));
  X8_TRY(auto stored, repository_.AllItems(resolved.kb.account_id, resolved.kb.id));
  std::vector<Item> items;
  items.reserve(stored.size());
  for (auto& entry : stored) items.push_back(std::move(entry.item));
  return ExportCsv(items);
}

}  // namespace x8::knowledge

namespace x8::knowledge {

Result<std::shared_ptr<const CompanyCatalogue>> KnowledgeService::CatalogueOf(const CompanyRef& company) {
  X8_TRY(auto kbs, repository_.ListForCompany(company.account_id, company.id));
  std::string signature;
  for (const auto& kb : kbs) {
    signature += kb.id + ":" + std::to_string(kb.updated_at) + ":" + std::to_string(kb.items_count) + ";";
  }
  {
    std::lock_guard lock(indexes_mutex_);
    auto it = indexes_.find(company.id);
    if (it != indexes_.end() && it->second->signature == signature) return it->second;
  }
  auto built = std::make_shared<CompanyCatalogue>();
  built->signature = signature;
  std::vector<search::Document> documents;
  for (const auto& kb : kbs) {
    X8_TRY(auto stored, repository_.AllItems(company.account_id, kb.id));
    for (auto& entry : stored) {
      const Item& item = entry.item;
      search::Document document{.id = std::to_string(built->items.size()),
                                .name = std::string(TitleOf(item)),
                                .description = item.description.empty() ? item.answer : item.description,
                                .category = item.category,
                                .variants = {}};
      for (const auto& variant : item.variants) {
        search::Variant indexed{.id = variant.id,
                                .attributes = {variant.attributes.begin(), variant.attributes.end()},
                                .price_minor = variant.price_minor,
                                .in_stock = variant.in_stock.value_or(!variant.stock || *variant.stock > 0),
                                .sku = variant.sku};
        document.variants.push_back(std::move(indexed));
      }
      documents.push_back(std::move(document));
      built->items.push_back({.kb_id = kb.id, .kind = kb.kind, .item = std::move(entry.item)});
    }
  }
  built->index = search::Index::Build(std::move(documents));
  std::lock_guard lock(indexes_mutex_);
  if (indexes_.size() >= kMaxCachedIndexes) indexes_.clear();  // a crude bound; rebuilding is cheap
  indexes_[company.id] = built;
  return std::shared_ptr<const CompanyCatalogue>(built);
}

Result<std::vector<CatalogueHit>> KnowledgeService::Search(const http::Principal& principal,
                                                           std::string_view company_id,
                                                           const CatalogueSearchInput& input) {
  X8_TRY(auto company, companies_.Find(principal, company_id));
  search::Query query;
  query.text = input.q.value_or("");
  if (input.category && !input.category->empty()) query.category = *input.category;
  auto price = [&](const std::optional<std::string>& text,
                   std::string_view field) -> Result<std::optional<int64_t>> {
    if (!text || text->empty()) return std::optional<int64_t>();
    auto money = ParseMoney(*text, company.currency);
    if (!money) return InvalidArgument(money.error().message).With("field", field);
    return std::optional<int64_t>(money->minor);
  };
  X8_TRY(query.min_price_minor, price(input.min_price, "min_price"));
  X8_TRY(query.max_price_minor, price(input.max_price, "max_price"));
  if (input.in_stock && !input.in_stock->empty()) {
    auto flag = ParseBoolean(*input.in_stock);
    if (!flag) return InvalidArgument(flag.error().message).With("field", "in_stock");
    query.in_stock_only = *flag;
  }
  int64_t limit = kDefaultSearchLimit;
  if (input.limit) {
    X8_TRY(limit, ParsePositiveInt(*input.limit, "limit"));
    if (limit < 1 || limit > kMaxSearchLimit) {
      return InvalidArgument("limit must be between 1 and 50").With("field", "limit");
    }
  }
  query.limit = static_cast<size_t>(limit);
  X8_TRY(auto index, CatalogueOf(company));
  std::vector<CatalogueHit> hits;
  for (const auto& hit : index->index.Search(query)) {
    size_t position = std::stoul(hit.document_id);
    const auto& [kb_id, kind, item] = index->items.at(position);
    CatalogueHit out{.kb_id = kb_id, .item = item, .score = hit.score, .matched_terms = hit.matched_terms};
    out.item.variants.clear();
    for (const auto& variant : item.variants) {
      if (std::find(hit.variant_ids.begin(), hit.variant_ids.end(), variant.id) != hit.variant_ids.end()) {
        out.item.variants.push_back(variant);
      }
    }
    hits.push_back(std::move(out));
  }
  return hits;
}

}  // namespace x8::knowledge
