// The knowledge module: a company's knowledge bases (product and service catalogues, FAQ) imported from
// CSV/XLSX files, with row CRUD and CSV export. See docs/knowledge-bases.md and design/knowledge.md.
#pragma once

#include <cstddef>
#include <memory>

#include "core/clock.h"
#include "modules/knowledge/domain/service.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}
namespace x8::accounts {
class AccessPolicy;
}
namespace x8::companies {
class CompanyService;
}

namespace x8::knowledge {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  const Clock& clock;
  const accounts::AccessPolicy& access;
  // The companies module's use cases: a knowledge base is reachable exactly when its company is.
  std::shared_ptr<companies::CompanyService> companies;
  size_t max_upload_bytes = 20u << 20;  // knowledge.max_upload_bytes
  // The account's uploaded images, for linking image cells (optional: without it nothing is linked).
  MediaDirectory* media = nullptr;
};

struct Registered {
  std::shared_ptr<KnowledgeService> service;
};

// Routes under /api/v1/companies/{company_id}/knowledge-bases and /api/v1/knowledge-bases/…; the objects
// behind them live as long as the router's handlers.
Registered Register(const Dependencies& deps);

}  // namespace x8::knowledge
