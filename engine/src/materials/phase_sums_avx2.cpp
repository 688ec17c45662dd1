// The AVX2 + FMA phase loop (called only on CPUs that have both; see phase_sums.cpp). Compiled with -mavx2 -mfma.
#include <immintrin.h>

#include <cstddef>

extern "C" __m256 _ZGVdN8v_sinf(__m256);
extern "C" __m256 _ZGVdN8v_cosf(__m256);

namespace lantern::materials::detail {

void accumulatePhasesAvx2(const float* hx, const float* hy, const float* hz, float x, float y, float z, float* re, float* im,
                          std::size_t n)
{
    const __m256 vx = _mm256_set1_ps(x), vy = _mm256_set1_ps(y), vz = _mm256_set1_ps(z);
    for (std::size_t p = 0; p < n; p += 8) {
        const __m256 phase = _mm256_fmadd_ps(_mm256_loadu_ps(hz + p), vz,
                                             _mm256_fmadd_ps(_mm256_loadu_ps(hy + p), vy, _mm256_mul_ps(_mm256_loadu_ps(hx + p), vx)));
        _mm256_storeu_ps(re + p, _mm256_add_ps(_mm256_loadu_ps(re + p), _ZGVdN8v_cosf(phase)));
        _mm256_storeu_ps(im + p, _mm256_add_ps(_mm256_loadu_ps(im + p), _ZGVdN8v_sinf(phase)));
    }
}

} // namespace lantern::materials::detail
