// Times Lantern's forward and forward + input gradient on the reference CNNs, checks the numbers against
// PyTorch's (float64) outputs and prints, per line, PyTorch's time, Lantern's time and the speed-up.
#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/io/npy.h"
#include "lantern/models/presets.h"
#include "lantern/version.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

using namespace lantern;

namespace {

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
        struct Model {
            std::string name, preset, npz;
            Shape sample;
        };
        const std::vector<Model> models = {{"fmnist", "fmnist-cnn", "fmnist_cnn.npz", {1, 28, 28}},
                                           {"ziletti", "ziletti-cnn", "ziletti_cnn.npz", {3, 64, 64}}};
        std::printf("%-8s %-9s %5s %10s %11s %8s %8s %8s\n", "model", "pass", "batch", "torch_ms", "lantern_ms",
                    "speedup", "target", "GFLOP/s");
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
                    const double target = pass == "fwd+grad" ? (batch == 1 ? 3.0 : 2.0) : 0.0;
                    const double speedup = t / ms;
                    if (target > 0 && !(speedup >= target))
                        allMet = false;
                    const double gflops = pass == "forward" ? flops / double(batch) / (ms * 1e-3) / 1e9 : std::nan("");
                    std::printf("%-8s %-9s %5lld %10.3f %11.3f %7.2fx %7s %8.1f\n", m.name.c_str(), pass.c_str(),
                                static_cast<long long>(batch), t, ms, speedup,
                                target > 0 ? (std::to_string(int(target)) + "x").c_str() : "-", gflops);
                    std::fflush(stdout);
                }
            }
        }
        for (const auto& p : parity)
            std::printf("%s\n", p.c_str());
        std::printf("speed targets (fwd+grad: 3x at batch 1, 2x at batch 64): %s\n", allMet ? "met" : "NOT met");
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "lantern_bench: %s\n", e.what());
        return 1;
    }
}
