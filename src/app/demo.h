// The demo business `make run` starts with: a flower shop owner and a platform admin a newcomer can
// sign in as (development only; the passwords are public, in the README).
#pragma once

#include <string_view>

#include "core/error.h"

namespace x8::accounts {
class AccountsService;
}
namespace x8::companies {
class CompanyService;
}

namespace x8::knowledge {
class KnowledgeService;
}
namespace x8::scheduling {
class SchedulingService;
}

namespace x8::app {

inline constexpr std::string_view kDemoOwnerEmail = "demo@x8.local";
inline constexpr std::string_view kDemoOwnerPassword = "x8-demo-florist";
inline constexpr std::string_view kDemoAdminEmail = "admin@x8.local";
inline constexpr std::string_view kDemoAdminPassword = "x8-demo-admin";
inline constexpr std::string_view kDemoCompanyName = "Bloom & Co. Flowers";
inline constexpr std::string_view kDemoCatalogueName = "Flowers and gifts";
inline constexpr std::string_view kDemoFaqName = "Shop FAQ";
// The owner's second business: services, booked in the calendar (issue 6).
inline constexpr std::string_view kDemoSalonName = "Студия «Люмьер»";
inline constexpr std::string_view kDemoSalonCatalogueName = "Услуги";

// Idempotent: creates what is missing, leaves what exists (a changed password stays changed, an edited
// catalogue or availability stays edited). The flower shop gets its catalogue, FAQ, delivery windows and
// zones, so the Playground and the web chat can sell and deliver at once.
Status SeedDemo(accounts::AccountsService& accounts, companies::CompanyService& companies,
                knowledge::KnowledgeService& knowledge, scheduling::SchedulingService& scheduling);

}  // namespace x8::app
