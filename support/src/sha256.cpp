// SHA-256 as specified in FIPS 180-4 (see sha256.h).
#include "modbuild/support/sha256.h"

#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define MODBUILD_SHA256_X86_EXTENSIONS 1
#endif

namespace modbuild::support {
namespace {

constexpr std::array<std::uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::array<std::uint32_t, 8> initial_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

std::uint32_t load_big_endian(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

// Processes one 64-byte block (FIPS 180-4, section 6.2.2).
void compress(std::array<std::uint32_t, 8>& state, const std::uint8_t* block) {
  std::array<std::uint32_t, 64> w{};
  for (int t = 0; t < 16; ++t) w[t] = load_big_endian(block + 4 * t);
  for (int t = 16; t < 64; ++t) {
    std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = state;
  for (int t = 0; t < 64; ++t) {
    std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + round_constants[t] + w[t];
    std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  const std::array<std::uint32_t, 8> working = {a, b, c, d, e, f, g, h};
  for (int i = 0; i < 8; ++i) state[i] += working[i];
}

void compress_blocks_portable(std::array<std::uint32_t, 8>& state, const std::uint8_t* blocks, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) compress(state, blocks + 64 * i);
}

#ifdef MODBUILD_SHA256_X86_EXTENSIONS
// The same compression with the x86 SHA extensions (SHA-NI), several times
// faster than the portable rounds: lockfile checksums hash every manifest of
// the workspace on each resolution. The instructions work on the state as
// the two halves ABEF and CDGH and do two rounds per sha256rnds2.
__attribute__((target("sha,sse4.1"))) void compress_blocks_sha_extensions(std::array<std::uint32_t, 8>& state,
                                                                           const std::uint8_t* blocks,
                                                                           std::size_t count) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  // Letters name the words from the highest lane down.
  const __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0])), 0xB1);
  const __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4])), 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (std::size_t block = 0; block < count; ++block) {
    const std::uint8_t* data = blocks + 64 * block;
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    // The message schedule, four words per vector, kept as a ring of four.
    __m128i words[4];
    for (int i = 0; i < 4; ++i) {
      words[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * i)), byte_swap);
    }
#pragma GCC unroll 16
    for (int group = 0; group < 16; ++group) {
      const __m128i constants = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&round_constants[4 * group]));
      const __m128i input = _mm_add_epi32(words[group % 4], constants);
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, input);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(input, 0x0E));
      if (group < 12) {
        // Words 4 groups ahead: w[t-16] + s0(w[t-15]) + w[t-7], then + s1(w[t-2]).
        const __m128i& w0 = words[group % 4];
        const __m128i& w1 = words[(group + 1) % 4];
        const __m128i& w2 = words[(group + 2) % 4];
        const __m128i& w3 = words[(group + 3) % 4];
        const __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));
        words[group % 4] = _mm_sha256msg2_epu32(partial, w3);
      }
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }

  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), _mm_alignr_epi8(dchg, feba, 8));
}

bool cpu_has_sha_extensions() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  const bool ssse3_and_sse41 = (ecx & bit_SSSE3) != 0 && (ecx & bit_SSE4_1) != 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return ssse3_and_sse41 && (ebx & bit_SHA) != 0;
}
#endif

using CompressBlocks = void (*)(std::array<std::uint32_t, 8>&, const std::uint8_t*, std::size_t);

CompressBlocks fastest_compression() {
#ifdef MODBUILD_SHA256_X86_EXTENSIONS
  if (cpu_has_sha_extensions()) return compress_blocks_sha_extensions;
#endif
  return compress_blocks_portable;
}

std::array<std::uint8_t, 32> digest_with(CompressBlocks compress_blocks, std::string_view data) {
  std::array<std::uint32_t, 8> state = initial_state;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  const std::size_t whole_blocks = data.size() / 64;
  compress_blocks(state, bytes, whole_blocks);

  // Padding: a 1 bit, zeros, then the message length in bits as 64 bits
  // big-endian; one block when the tail leaves room for it, two otherwise.
  const std::size_t whole = whole_blocks * 64;
  std::array<std::uint8_t, 128> tail{};
  const std::size_t rest = data.size() - whole;
  if (rest > 0) std::memcpy(tail.data(), bytes + whole, rest);
  tail[rest] = 0x80;
  const std::size_t tail_size = rest < 56 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  compress_blocks(state, tail.data(), tail_size / 64);

  std::array<std::uint8_t, 32> digest{};
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<std::uint8_t>(state[i] >> (24 - 8 * j));
  }
  return digest;
}

}  // namespace

std::array<std::uint8_t, 32> sha256(std::string_view data) {
  static const CompressBlocks compress_blocks = fastest_compression();
  return digest_with(compress_blocks, data);
}

std::array<std::uint8_t, 32> sha256_portable(std::string_view data) {
  return digest_with(compress_blocks_portable, data);
}

bool sha256_uses_cpu_extensions() { return fastest_compression() != compress_blocks_portable; }

std::string sha256_checksum(std::string_view data) {
  constexpr std::string_view hex_digits = "0123456789abcdef";
  std::string text = "sha256:";
  text.reserve(text.size() + 64);
  for (std::uint8_t byte : sha256(data)) {
    text.push_back(hex_digits[byte >> 4]);
    text.push_back(hex_digits[byte & 0x0F]);
  }
  return text;
}

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view data) {
  constexpr std::size_t block = 64;
  std::string padded_key(block, '\0');
  if (key.size() > block) {
    const auto digest = sha256(key);
    std::memcpy(padded_key.data(), digest.data(), digest.size());
  } else if (!key.empty()) {  // an empty view may have no data at all
    std::memcpy(padded_key.data(), key.data(), key.size());
  }
  std::string inner(block, '\0');
  std::string outer(block, '\0');
  for (std::size_t i = 0; i < block; ++i) {
    inner[i] = static_cast<char>(padded_key[i] ^ 0x36);
    outer[i] = static_cast<char>(padded_key[i] ^ 0x5c);
  }
  inner.append(data);
  const auto inner_digest = sha256(inner);
  outer.append(reinterpret_cast<const char*>(inner_digest.data()), inner_digest.size());
  return sha256(outer);
}

}  // namespace modbuild::support
