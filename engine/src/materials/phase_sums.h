#pragma once
// The inner loop of the diffraction fingerprint: re[p] += cos(phase), im[p] += sin(phase) with
// phase = hx[p] x + hy[p] y + hz[p] z, on glibc's vector sine/cosine (libmvec; AVX2 when the CPU has it, SSE
// otherwise). n must be a multiple of 8.
#include <cstddef>

namespace lantern::materials::detail {

void accumulatePhases(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re,
                      float* im, std::size_t n);
/// "avx2" or "sse": which libmvec variant accumulatePhases uses on this machine.
const char* phaseKernelName();

} // namespace lantern::materials::detail
