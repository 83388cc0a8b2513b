// An API request that cannot be served: the HTTP status and a message that
// names what was wrong and gives a hint (docs/workshop_api.md, "Errors").
#pragma once

#include <stdexcept>
#include <string>

namespace wfsim::serve {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace wfsim::serve
