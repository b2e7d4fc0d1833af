// SHA-256 (FIPS 180-4), for the checksums in lockfiles and registry indexes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace modbuild::support {

/// Uses the CPU's SHA extensions when it has them.
std::array<std::uint8_t, 32> sha256(std::string_view data);

/// The portable implementation, whatever the CPU: for tests that compare the two.
std::array<std::uint8_t, 32> sha256_portable(std::string_view data);

/// Whether sha256() runs on the CPU's SHA extensions.
bool sha256_uses_cpu_extensions();

/// "sha256:" followed by the 64 lowercase hex digits of the digest.
std::string sha256_checksum(std::string_view data);

/// HMAC-SHA-256 (RFC 2104) of `data` under `key`: a digest only a holder of
/// the key can compute, for files that must prove who wrote them.
std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view data);

}  // namespace modbuild::support
