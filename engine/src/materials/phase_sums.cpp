#include "phase_sums.h"

#include <immintrin.h>

// glibc's libmvec: the vector variants GCC would call for sinf/cosf in a vectorised loop (x86_64 vector ABI names)
extern "C" __m128 _ZGVbN4v_sinf(__m128);
extern "C" __m128 _ZGVbN4v_cosf(__m128);
extern "C" __m256 _ZGVdN8v_sinf(__m256);
extern "C" __m256 _ZGVdN8v_cosf(__m256);

namespace lantern::materials::detail {

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

__attribute__((target("avx2,fma"))) void accumulateAvx2(const float* hx, const float* hy, const float* hz, float x,
                                                         float y, float z, float* re, float* im, std::size_t n)
{
    const __m256 vx = _mm256_set1_ps(x), vy = _mm256_set1_ps(y), vz = _mm256_set1_ps(z);
    for (std::size_t p = 0; p < n; p += 8) {
        const __m256 phase = _mm256_fmadd_ps(_mm256_loadu_ps(hz + p), vz,
                                             _mm256_fmadd_ps(_mm256_loadu_ps(hy + p), vy, _mm256_mul_ps(_mm256_loadu_ps(hx + p), vx)));
        _mm256_storeu_ps(re + p, _mm256_add_ps(_mm256_loadu_ps(re + p), _ZGVdN8v_cosf(phase)));
        _mm256_storeu_ps(im + p, _mm256_add_ps(_mm256_loadu_ps(im + p), _ZGVdN8v_sinf(phase)));
    }
}

bool hasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}

} // namespace

void accumulatePhases(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re, float* im,
                      std::size_t n)
{
    if (hasAvx2())
        accumulateAvx2(hx, hy, hz, x, y, z, re, im, n);
    else
        accumulateSse(hx, hy, hz, x, y, z, re, im, n);
}

const char* phaseKernelName() { return hasAvx2() ? "libmvec avx2" : "libmvec sse"; }

} // namespace lantern::materials::detail
