#include "sim/identity.hpp"

#include "sim/random.hpp"

namespace wfsim {

namespace {

// FNV-1a, 64 bit, over the parts with a 0 byte after each (ids are UTF-8
// text without 0 bytes, so ("ab", "c") and ("a", "bc") differ), then the
// SplitMix64 finaliser so that similar ids give unrelated names.
class NameHash {
 public:
  explicit NameHash(std::string_view kind) { add(kind); }
  NameHash& add(std::string_view part) {
    for (const char c : part) byte(static_cast<std::uint8_t>(c));
    byte(0);
    return *this;
  }
  NameHash& add(std::uint32_t number) {
    for (int shift = 0; shift < 32; shift += 8) byte(static_cast<std::uint8_t>(number >> shift));
    return *this;
  }
  std::uint64_t value() const { return detail::mix64(hash_); }

 private:
  void byte(std::uint8_t b) {
    hash_ ^= b;
    hash_ *= 1099511628211ull;
  }
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace

std::uint64_t organisation_identity(std::string_view organisation) {
  return NameHash("organisation").add(organisation).value();
}

std::uint64_t team_identity(std::string_view organisation, std::string_view team) {
  return NameHash("team").add(organisation).add(team).value();
}

std::uint64_t post_identity(std::string_view organisation, std::string_view team,
                            std::uint32_t slot) {
  return NameHash("post").add(organisation).add(team).add(slot).value();
}

}  // namespace wfsim
