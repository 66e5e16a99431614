// The sandbox checkout's HTML: one self-contained page (inline CSS, no scripts, no outside assets) in the
// order's language (en | ru). Everything taken from data is HTML-escaped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modules/commerce/domain/order.h"

namespace x8::commerce {

// "25 Nov 2026, 16:45 UTC" / "25 нояб. 2026, 16:45 UTC".
std::string FormatUtc(int64_t unix_ms, std::string_view language);

// What the page says below the order.
enum class SandboxOutcome {
  kCheckout,    // the link is live: Pay and Cancel buttons
  kPaid,        // just paid here
  kCancelled,   // just cancelled here
  kNotPayable,  // paid, cancelled, expired or refunded before: nothing changed
};

struct SandboxPage {
  const Order& order;
  const PaymentSession& session;
  std::string_view merchant;  // the business's name; "" when unknown
  int64_t now_ms = 0;
  SandboxOutcome outcome = SandboxOutcome::kCheckout;
};

std::string RenderSandboxPage(const SandboxPage& page);
// The page for an unknown session id (404).
std::string RenderSandboxNotFound();

}  // namespace x8::commerce
