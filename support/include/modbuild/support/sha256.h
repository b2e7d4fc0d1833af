// SHA-256 (FIPS 180-4), for the checksums in lockfiles and registry indexes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace modbuild::support {

std::array<std::uint8_t, 32> sha256(std::string_view data);

/// "sha256:" followed by the 64 lowercase hex digits of the digest.
std::string sha256_checksum(std::string_view data);

}  // namespace modbuild::support
