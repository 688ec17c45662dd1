// Explanation-method costs, timed in the same run as the PyTorch reference. Targets (the floors below are accepted
// as the limit of exact float32; no approximation is wanted):
//  * gradient at batch 64 vs PyTorch autograd (fwd+grad of the target logit): at least 2x faster;
//  * lrp-epsilon-plus at batch 64 within 10 % of its FLOP floor (ratio to gradient <= 1.1 x floor);
//  * a complete attentive-response set (top-4 filters x all 6 conv layers of the Ziletti CNN, one input) within
//    10 % of its floor in forward+backward passes (gradient at batch 1), in both styles.
// Each line prints `floor`: the ratio no exact float32 implementation can beat, from the FLOPs the
// method must spend relative to its reference (a product with the layer's weights backward costs what it
// costs forward):
//  * lrp-epsilon-plus: the z+ rule needs z+ = W+ x, a product of its own for every convolution, besides the
//    forward z = W x and the backward one: (2F + F_conv) / 2F, F = forward FLOPs;
//  * attentive response: every per-filter map is a separate deconvnet back-projection (the rectification
//    between layers makes them non-linear, so they cannot be summed before projecting); a map of layer l
//    starts from one channel (F_l / C_l through layer l; zeiler-fergus seeds the whole channel map, ai4materials
//    a single unit, whose projection through layer l is free) and then passes through every convolution below:
//    (F + n * sum_l (F_l / C_l + sum_{k<l} F_k)) / 2F, without the F_l / C_l terms for ai4materials.
#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/ops/conv2d.h"
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

double medianMs(const std::function<void()>& fn, double minTime = 2.0, int minReps = 10)
{
    for (int i = 0; i < 2; ++i)
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
    return 1000.0 * times[times.size() / 2];
}

std::map<std::string, double> readTorchTimes(const std::string& path)
{
    std::map<std::string, double> times;
    std::ifstream in(path);
    std::string line;
    const std::regex re(R"(torch (\w+) (\S+) b(\d+) ms_per_sample=([0-9.]+))");
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_search(line, m, re))
            times[m[1].str() + " " + m[2].str() + " b" + m[3].str()] = std::stod(m[4].str());
    return times;
}

Model presetModel(const std::string& preset, const std::string& npz)
{
    Model m = loadModel("preset:" + preset);
    models::loadStateDict(m.graph, io::readNpz(npz));
    return m;
}

double runMs(Model& model, const Tensor& x, const std::string& method, std::map<std::string, std::string> params = {})
{
    explain::ExplainRequest req;
    req.method = method;
    req.params = std::move(params);
    return medianMs([&] { explain::explain(model, x, req); });
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
        const auto torch = readTorchTimes(torchTimes);
        bool allMet = true;
        auto verdict = [&](bool met) {
            allMet = allMet && met;
            return met ? "met" : "NOT met";
        };
        std::printf("%-8s %-36s %12s %12s %8s %8s %-8s %s\n", "model", "measure", "reference", "lantern", "ratio",
                    "floor", "target", "");
        for (const auto& [name, preset, npz] :
             {std::tuple<std::string, std::string, std::string>{"fmnist", "fmnist-cnn", "fmnist_cnn.npz"},
              {"ziletti", "ziletti-cnn", "ziletti_cnn.npz"}}) {
            Model model = presetModel(preset, shared + "/torch/" + npz);
            const Tensor x64 = io::readNpy(ref + "/" + name + "_input.npy");
            const Tensor x = x64.slice(0, 64).clone();
            Shape one1 = x.shape();
            one1[0] = 1;
            const auto flops = models::nodeFlops(model.graph, one1);
            double total = 0, convFlops = 0, below = 0, attentive = 0, attentiveUnits = 0;
            for (const auto& [node, f] : flops) {
                total += f;
                if (const auto* conv = dynamic_cast<const Conv2D*>(model.graph.node(node).op.get())) {
                    convFlops += f;
                    attentive += 4.0 * (f / double(conv->params().outChannels) + below); // top-4 maps to the input
                    attentiveUnits += 4.0 * below;
                    below += f;
                }
            }
            const double lrpFloor = (2.0 * total + convFlops) / (2.0 * total);
            const double attentiveFloor = (total + attentive) / (2.0 * total);
            const double attentiveUnitFloor = (total + attentiveUnits) / (2.0 * total);
            const double grad = runMs(model, x, "gradient");
            const double lrp = runMs(model, x, "lrp-epsilon-plus");
            const auto it = torch.find(name + " fwd+grad b64");
            const double t = it != torch.end() ? it->second * 64 : std::nan("");
            std::printf("%-8s %-36s %10.2fms %10.2fms %7.2fx %8s %-8s %s\n", name.c_str(),
                        "gradient b64 (torch autograd = ref)", t, grad, t / grad, "-", ">=2x",
                        verdict(t / grad >= 2.0));
            char within[32];
            std::snprintf(within, sizeof within, "<=%.2fx", 1.1 * lrpFloor);
            std::printf("%-8s %-36s %10.2fms %10.2fms %7.2fx %7.2fx %-8s %s\n", name.c_str(),
                        "lrp-epsilon-plus b64 (gradient = ref)", grad, lrp, lrp / grad, lrpFloor, within,
                        verdict(lrp / grad <= 1.1 * lrpFloor));
            if (name == "ziletti") {
                const Tensor one = x64.slice(0, 1).clone();
                const double pass = runMs(model, one, "gradient");
                for (const char* style : {"zeiler-fergus", "ai4materials"}) {
                    const double floor = std::string(style) == "ai4materials" ? attentiveUnitFloor : attentiveFloor;
                    std::snprintf(within, sizeof within, "<=%.2f", 1.1 * floor);
                    const double set =
                        runMs(model, one, "attentive-response", {{"n", "4"}, {"layers", "all"}, {"style", style}});
                    const std::string what = std::string("attentive set 4x6 ") + style;
                    std::printf("%-8s %-36s %10.2fms %10.2fms %7.2fx %7.2fx %-8s %s\n", name.c_str(), what.c_str(),
                                pass, set, set / pass, floor, within, verdict(set / pass <= 1.1 * floor));
                }
            }
            std::fflush(stdout);
        }
        std::printf("explanation speed targets: %s\n", allMet ? "all met" : "NOT all met");
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "explain_bench: %s\n", e.what());
        return 1;
    }
}
