#pragma once

#include <string>

namespace lantern {

/// "0.1.0"
std::string version();
/// e.g. "oneDNN 2.6.3 (cpu: OpenMP, 2 threads, isa avx2)"
std::string backendDescription();
/// Sets the number of threads oneDNN kernels use (0 = all cores).
void setThreadCount(int threads);
int threadCount();

} // namespace lantern
