// HTTP handlers of commerce (docs/payments.md):
//   the payments log (authenticated): GET /api/v1/companies/{company_id}/orders, GET /api/v1/orders/{id},
//   POST /api/v1/orders/{id}/cancel, POST /api/v1/orders/{id}/refund;
//   the sandbox checkout (public HTML): GET /pay/sandbox/{session_id}, POST …/pay, POST …/cancel.
#pragma once

#include <memory>

#include "modules/commerce/domain/service.h"
#include "platform/http/router.h"

namespace x8::commerce {

// Builds the payments log filter from ?payment_status=&q=&cursor=&limit= (errors name the field).
Result<OrderFilter> ParseOrderFilter(const http::Request& request);

void AddRoutes(http::Router& router, const std::shared_ptr<CheckoutService>& service);
// `merchants` gives the business's name on the page; it must outlive the router's handlers.
void AddSandboxRoutes(http::Router& router, const std::shared_ptr<CheckoutService>& service,
                      MerchantDirectory& merchants);

}  // namespace x8::commerce
