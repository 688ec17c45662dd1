#include "phase_sums.h"

#include <immintrin.h>

#include <cstdlib>
#include <string_view>

// glibc's libmvec: the vector variants GCC would call for sinf/cosf in a vectorised loop (x86_64 vector ABI names);
// the AVX2 loop lives in phase_sums_avx2.cpp, compiled with -mavx2 -mfma (passing __m256 needs AVX in the caller)
extern "C" __m128 _ZGVbN4v_sinf(__m128);
extern "C" __m128 _ZGVbN4v_cosf(__m128);

namespace lantern::materials::detail {

void accumulatePhasesAvx2(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re, float* im,
                          std::size_t n);

namespace {

void accumulateSse(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re, float* im,
                   std::size_t n)
{
    const __m128 vx = _mm_set1_ps(x), vy = _mm_set1_ps(y), vz = _mm_set1_ps(z);
    for (std::size_t p = 0; p < n; p += 4) {
        const __m128 phase = _mm_add_ps(_mm_add_ps(_mm_mul_ps(_mm_loadu_ps(hx + p), vx), _mm_mul_ps(_mm_loadu_ps(hy + p), vy)),
                                        _mm_mul_ps(_mm_loadu_ps(hz + p), vz));
        _mm_storeu_ps(re + p, _mm_add_ps(_mm_loadu_ps(re + p), _ZGVbN4v_cosf(phase)));
        _mm_storeu_ps(im + p, _mm_add_ps(_mm_loadu_ps(im + p), _ZGVbN4v_sinf(phase)));
    }
}

bool hasAvx2()
{
    // LANTERN_FINGERPRINT_KERNEL=sse forces the SSE loop (the tests run both)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                            std::string_view(std::getenv("LANTERN_FINGERPRINT_KERNEL") ? std::getenv("LANTERN_FINGERPRINT_KERNEL") : "") != "sse";
    return has;
}

} // namespace

void accumulatePhases(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re, float* im,
                      std::size_t n)
{
    if (hasAvx2())
        accumulatePhasesAvx2(hx, hy, hz, x, y, z, re, im, n);
    else
        accumulateSse(hx, hy, hz, x, y, z, re, im, n);
}

const char* phaseKernelName() { return hasAvx2() ? "libmvec avx2" : "libmvec sse"; }

} // namespace lantern::materials::detail
