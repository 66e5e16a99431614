// The scheduling module: availability, exceptions, slots, holds and bookings, the calendar API, the
// scheduling.release_holds sweep and the assistant's Schedule. docs/design/scheduling.md,
// docs/calendar.md.
#pragma once

#include <memory>

#include "core/clock.h"
#include "modules/scheduling/domain/ports.h"
#include "modules/scheduling/domain/repository.h"
#include "modules/scheduling/domain/service.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs
namespace x8::accounts {
class AccessPolicy;
}

namespace x8::scheduling {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  jobs::Queue& queue;
  jobs::Worker& worker;        // runs scheduling.release_holds (register before Start)
  jobs::Scheduler& scheduler;  // scheduling.release_holds every minute (register before Start)
  const Clock& clock;
  const accounts::AccessPolicy& access;
  CompanyDirectory& companies;          // company → account, zone, type (kNotFound when unknown)
  ServiceDirectory& services;           // the company's bookable services (knowledge)
  BusyTimes* busy = nullptr;            // Google free/busy; may be set later with Registered::SetBusyTimes
  BookingObserver* observer = nullptr;  // Google sync; may be set later with Registered::SetObserver
};

struct Registered {
  std::shared_ptr<BookingPort> bookings;       // for conversations (holds at checkout, book-now)
  std::shared_ptr<ScheduleFactory> schedules;  // assistant::Schedule per company (turn runner)
  std::shared_ptr<SchedulingService> service;  // the use cases behind the routes
  std::shared_ptr<SchedulingRepository> repository;

  void SetObserver(BookingObserver* observer) const { service->SetObserver(observer); }
  void SetBusyTimes(BusyTimes* busy) const { service->SetBusyTimes(busy); }
};

// Adds the routes, the job handler and the schedule; the objects behind them live as long as the
// returned pointers or the router's handlers, whichever is longer.
Registered Register(const Dependencies& deps);

inline constexpr std::string_view kReleaseHoldsSchedule = "scheduling.release_holds";

}  // namespace x8::scheduling
