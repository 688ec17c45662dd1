// Times Lantern's forward and forward + input gradient on the reference CNNs, checks the numbers against
// PyTorch's (float64) outputs and prints, per line, PyTorch's time, Lantern's time and the speed-up.
#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/io/npy.h"
#include "lantern/models/presets.h"
#include "lantern/version.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using namespace lantern;

namespace {

std::string targetText(double target)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%gx", target);
    return buf;
}

double medianMsPerSample(const std::function<void()>& fn, int64_t batch, double minTime = 2.0, int minReps = 10)
{
    for (int i = 0; i < 3; ++i)
        fn();
    std::vector<double> times;
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    while (static_cast<int>(times.size()) < minReps || elapsed() < minTime) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    return 1000.0 * times[times.size() / 2] / double(batch);
}

Tensor forwardLogits(Graph& g, const Tensor& x)
{
    return g.run(x);
}

Tensor inputGradient(Graph& g, const Tensor& x)
{
    ForwardOptions fo;
    fo.keepForBackward = true;
    Execution ex = g.forward({{"input", x}}, fo);
    const Tensor& logits = ex.value(g.outputNames()[0]);
    const int64_t n = logits.dim(0), c = logits.dim(1);
    Tensor seed(logits.shape());
    for (int64_t i = 0; i < n; ++i) {
        const float* row = logits.data() + i * c;
        seed[i * c + (std::max_element(row, row + c) - row)] = 1.f;
    }
    return g.backward(ex, {{g.outputNames()[0], seed}}).at("input");
}

double relativeError(const Tensor& a, const Tensor& b)
{
    double scale = 0;
    for (float v : b.values())
        scale = std::max(scale, double(std::fabs(v)));
    return double(maxAbsDiff(a, b)) / std::max(scale, 1e-30);
}

std::map<std::string, double> readTorchTimes(const std::string& path)
{
    std::map<std::string, double> times;
    std::ifstream in(path);
    std::string line;
    std::regex re(R"(torch (\w+) (\S+) b(\d+) ms_per_sample=([0-9.]+))");
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_search(line, m, re))
            times[m[1].str() + " " + m[2].str() + " b" + m[3].str()] = std::stod(m[4].str());
    return times;
}

/// The machine's float32 peak: independent fused multiply-adds on every core (AVX-512 where the CPU has it,
/// else AVX2). No exact float32 implementation of a network can beat its FLOPs at this rate, which puts the
/// speed targets in perspective.
// Twelve independent FMA chains in registers (enough to hide FMA latency), 16 steps between compiler barriers.
#define LANTERN_FMA_LOOP(NAME, LANES, TARGET)                                                                          \
    __attribute__((target(TARGET))) double NAME(long iterations)                                                       \
    {                                                                                                                  \
        typedef float Vec __attribute__((vector_size(LANES * 4)));                                                     \
        Vec a0 = Vec{} + 1.f, a1 = a0 + 1e-3f, a2 = a0 + 2e-3f, a3 = a0 + 3e-3f, a4 = a0 + 4e-3f;                      \
        Vec a5 = a0 + 5e-3f, a6 = a0 + 6e-3f, a7 = a0 + 7e-3f, a8 = a0 + 8e-3f, a9 = a0 + 9e-3f;                       \
        Vec a10 = a0 + 1e-2f, a11 = a0 + 1.1e-2f;                                                                      \
        const Vec b = Vec{} + 0.9999999f, c = Vec{} + 1e-7f;                                                           \
        for (long k = 0; k < iterations; k += 16) {                                                                    \
            for (int j = 0; j < 16; ++j) {                                                                             \
                a0 = a0 * b + c;                                                                                       \
                a1 = a1 * b + c;                                                                                       \
                a2 = a2 * b + c;                                                                                       \
                a3 = a3 * b + c;                                                                                       \
                a4 = a4 * b + c;                                                                                       \
                a5 = a5 * b + c;                                                                                       \
                a6 = a6 * b + c;                                                                                       \
                a7 = a7 * b + c;                                                                                       \
                a8 = a8 * b + c;                                                                                       \
                a9 = a9 * b + c;                                                                                       \
                a10 = a10 * b + c;                                                                                     \
                a11 = a11 * b + c;                                                                                     \
            }                                                                                                          \
            asm volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4));                                       \
            asm volatile("" : "+v"(a5), "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));                 \
        }                                                                                                              \
        const Vec s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;                                     \
        return double(s[0]);                                                                                           \
    }
LANTERN_FMA_LOOP(fmaLoop16, 16, "avx512f,fma")
LANTERN_FMA_LOOP(fmaLoop8, 8, "avx2,fma")
#undef LANTERN_FMA_LOOP

double peakGflops(int threads)
{
    const bool avx512 = __builtin_cpu_supports("avx512f");
    const long iterations = 50'000'000;
    const int lanes = avx512 ? 16 : 8;
    std::vector<std::thread> pool;
    std::atomic<double> sink = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            const double r = avx512 ? fmaLoop16(iterations) : fmaLoop8(iterations);
            sink.fetch_add(r);
        });
    for (auto& t : pool)
        t.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return sink > 0 ? double(threads) * double(iterations) * 12.0 * lanes * 2.0 / s / 1e9 : 0.0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string shared = "../shared/data", ref, torchTimes;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--shared")
            shared = argv[i + 1];
        else if (a == "--ref")
            ref = argv[i + 1];
        else if (a == "--torch-times")
            torchTimes = argv[i + 1];
    }
    try {
        setThreadCount(2);
        std::printf("%s\n", backendDescription().c_str());
        const auto torch = readTorchTimes(torchTimes);
        const double peak = peakGflops(2);
        std::printf("float32 FMA peak of this machine (2 threads): %.1f GFLOP/s\n", peak);
        struct Model {
            std::string name, preset, npz;
            Shape sample;
        };
        const std::vector<Model> models = {{"fmnist", "fmnist-cnn", "fmnist_cnn.npz", {1, 28, 28}},
                                           {"ziletti", "ziletti-cnn", "ziletti_cnn.npz", {3, 64, 64}}};
        std::printf("%-8s %-9s %5s %10s %11s %8s %8s %8s %9s\n", "model", "pass", "batch", "torch_ms", "lantern_ms",
                    "speedup", "target", "GFLOP/s", "at_peak");
        std::vector<std::string> parity;
        bool allMet = true;
        for (const auto& m : models) {
            Graph g = models::buildPreset(m.preset);
            models::loadStateDict(g, io::readNpz(shared + "/torch/" + m.npz));
            const Tensor x64 = io::readNpy(ref + "/" + m.name + "_input.npy");
            const double logitErr =
                relativeError(forwardLogits(g, x64), io::readNpy(ref + "/" + m.name + "_logits.npy"));
            const Tensor grad = inputGradient(g, x64);
            const Tensor ref64 = io::readNpy(ref + "/" + m.name + "_gradient.npy");
            const Tensor ref32 = io::readNpy(ref + "/" + m.name + "_gradient32.npy");
            int agree = 0;
            double worst = 0;
            for (int64_t i = 0; i < grad.dim(0); ++i) {
                const double e = relativeError(grad.slice(i, i + 1), ref64.slice(i, i + 1));
                agree += e <= 1e-5;
                worst = std::max(worst, e);
            }
            char line[384];
            std::snprintf(line, sizeof line,
                          "%s: logits max rel. error %.2e vs PyTorch float64; input gradient: %d/%lld samples within "
                          "1e-5 of float64 (worst %.2e; PyTorch's own float32 worst %.2e, vs it %.2e)",
                          m.name.c_str(), logitErr, agree, static_cast<long long>(grad.dim(0)), worst,
                          relativeError(ref32, ref64), relativeError(grad, ref32));
            parity.emplace_back(line);
            for (int64_t batch : {int64_t(1), int64_t(64)}) {
                const Tensor x = x64.slice(0, batch).clone();
                Shape shape = m.sample;
                shape.insert(shape.begin(), batch);
                const double flops = models::forwardFlops(g, shape);
                for (const std::string pass : {"forward", "fwd+grad"}) {
                    const double ms = pass == "forward" ? medianMsPerSample([&] { forwardLogits(g, x); }, batch)
                                                        : medianMsPerSample([&] { inputGradient(g, x); }, batch);
                    const std::string key = m.name + " " + pass + " b" + std::to_string(batch);
                    const auto it = torch.find(key);
                    const double t = it != torch.end() ? it->second : std::nan("");
                    // fmnist: 3x at batch 1, 2x at batch 64; ziletti: 1.6x at batch 1 (2.4x is this machine's
                    // exact-float32 ceiling, `at_peak`), 2x at batch 64
                    const double target =
                        pass == "fwd+grad" ? (batch == 1 ? (m.name == "ziletti" ? 1.6 : 3.0) : 2.0) : 0.0;
                    const double speedup = t / ms;
                    if (target > 0 && !(speedup >= target))
                        allMet = false;
                    // The input gradient repeats every layer's product transposed (backward data), so forward +
                    // gradient is twice the forward FLOPs. at_peak: the speed-up over PyTorch if every FLOP ran
                    // at the FMA peak above, the ceiling for any exact float32 implementation.
                    const double passFlops = (pass == "forward" ? 1.0 : 2.0) * flops / double(batch);
                    const double gflops = passFlops / (ms * 1e-3) / 1e9;
                    const double ceiling = t / (passFlops / (peak * 1e9) * 1e3);
                    std::printf("%-8s %-9s %5lld %10.3f %11.3f %7.2fx %7s %8.1f %8.2fx\n", m.name.c_str(), pass.c_str(),
                                static_cast<long long>(batch), t, ms, speedup,
                                target > 0 ? targetText(target).c_str() : "-", gflops, ceiling);
                    std::fflush(stdout);
                }
            }
        }
        for (const auto& p : parity)
            std::printf("%s\n", p.c_str());
        std::printf(
            "speed targets (fwd+grad: fmnist 3x at batch 1, ziletti 1.6x at batch 1, both 2x at batch 64): %s\n",
            allMet ? "met" : "NOT met");
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "lantern_bench: %s\n", e.what());
        return 1;
    }
}
