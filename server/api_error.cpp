#include "server/api_error.hpp"

namespace wfsim::serve {

std::string ApiError::plain() const {
  return plain_.empty() ? plain_words_for_status(status_) : plain_;
}

std::string plain_words_for_status(int status) {
  switch (status) {
    case 400:
    case 422:
      return "That change could not be made: a value is outside what the model accepts.";
    case 401:
    case 403:
      return "This page is not allowed to do that on this server.";
    case 404:
      return "This run has ended (the server tidies up runs nobody is using). Start again to "
             "open the scenario afresh.";
    case 409:
      return "That cannot be done at this point of the run.";
    case 413:
      return "That request was too large for the server.";
    case 429:
      return "The server is busy right now (too many runs in the room). Wait a moment or ask "
             "the facilitator.";
    default:
      return "Something went wrong on the server. The facilitator can see the details in its "
             "window.";
  }
}

}  // namespace wfsim::serve
