#include "platform/http/message.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace x8::http {
namespace {

TEST(Headers, AreCaseInsensitive) {
  Headers h;
  h.Set("Content-Type", "a");
  EXPECT_EQ(*h.Get("content-type"), "a");
  h.Set("CONTENT-TYPE", "b");
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(*h.Get("Content-Type"), "b");
  h.Remove("content-type");
  EXPECT_FALSE(h.Has("Content-Type"));
}

TEST(Request, DecodesQueryParameters) {
  Request r;
  r.query = "q=red+roses&city=M%C3%BCnchen&empty=&flag";
  EXPECT_EQ(*r.QueryParam("q"), "red roses");
  EXPECT_EQ(*r.QueryParam("city"), "München");
  EXPECT_EQ(*r.QueryParam("empty"), "");
  EXPECT_EQ(*r.QueryParam("flag"), "");
  EXPECT_FALSE(r.QueryParam("missing"));
}

TEST(PercentDecode, LeavesBrokenEscapesAlone) {
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("a%20b"), "a b");
}

TEST(Response, ErrorBodyHasCodeMessageDetails) {
  auto r = Response::FromError(InvalidArgument("bad price").With("field", "price"), "req1");
  EXPECT_EQ(r.status, 400);
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["error"].at("code"), "invalid_argument");
  EXPECT_EQ(body["error"].at("message"), "bad price");
  EXPECT_EQ(body["error"].at("details").at("field"), "price");
  EXPECT_EQ(body["error"].at("request_id"), "req1");
}

TEST(Response, InternalErrorsHideTheirCause) {
  auto r = Response::FromError(Internal("sqlite said: no such table secrets"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secrets"), std::string::npos);
}

}  // namespace
}  // namespace x8::http
