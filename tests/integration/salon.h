// The beauty-salon sample set up over the real API, for the tests that book its services: a SERVICE
// company (Europe/Moscow, RUB) with the catalogue imported and opening hours every day 08:00–22:00, so
// there are free times whatever day the test runs.
#pragma once

#include <string>

#include "tests/integration/api_client.h"

namespace x8::testing {

struct Salon {
  std::string company_id;
  std::string kb_id;
  std::string haircut_id;  // "Стрижка женская", 60 min, 2 500 ₽
};

// Set up by `owner`. Failures are reported to gtest (check HasFatalFailure()); the ids are then empty.
Salon SeedSalon(const ApiClient& owner);

}  // namespace x8::testing
