#include "lantern/version.h"

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

namespace lantern {

std::string version()
{
    return "0.1.0";
}

std::string backendDescription()
{
    const dnnl_version_t* v = dnnl_version();
    std::string isa;
    switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41:
        isa = "sse4.1";
        break;
    case dnnl::cpu_isa::avx:
        isa = "avx";
        break;
    case dnnl::cpu_isa::avx2:
        isa = "avx2";
        break;
    case dnnl::cpu_isa::avx2_vnni:
        isa = "avx2-vnni";
        break;
    case dnnl::cpu_isa::avx512_core:
        isa = "avx512";
        break;
    case dnnl::cpu_isa::avx512_core_vnni:
        isa = "avx512-vnni";
        break;
    case dnnl::cpu_isa::avx512_core_bf16:
        isa = "avx512-bf16";
        break;
    case dnnl::cpu_isa::avx512_core_amx:
        isa = "avx512-amx";
        break;
    default:
        isa = "other";
        break;
    }
    return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
           " (OpenMP, " + std::to_string(threadCount()) + " threads, isa " + isa + ")";
}

void setThreadCount(int threads)
{
    omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs());
}

int threadCount()
{
    return omp_get_max_threads();
}

} // namespace lantern
