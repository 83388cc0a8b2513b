// An API request that cannot be served: the HTTP status, a technical message
// that names what was wrong and gives a hint (for the facilitator's terminal
// and API clients), and the same in plain words for a student's screen
// (docs/workshop_api.md, "Errors").
#pragma once

#include <stdexcept>
#include <string>

namespace wfsim::serve {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  ApiError(int status, const std::string& message, std::string plain)
      : std::runtime_error(message), status_(status), plain_(std::move(plain)) {}
  int status() const { return status_; }
  /// Plain words for the page; the status's general wording if none was given.
  std::string plain() const;

 private:
  int status_;
  std::string plain_;
};

/// What a student is told for an error with `status` and no words of its own.
std::string plain_words_for_status(int status);

}  // namespace wfsim::serve
