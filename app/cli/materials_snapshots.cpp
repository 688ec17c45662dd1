#include "materials_snapshots.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/store.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace lantern::cli {

nlohmann::json analyseSnapshots(const std::string& snapshotPath, const std::string& csvPath)
{
    const auto store = snapshots::SnapshotStore::open(snapshotPath);
    const Tensor& inputs = store->header().probeInputs; // (P, 3, 64, 64)
    const int64_t probes = store->probes(), pixels = inputs.size() / probes;
    std::vector<std::string> layers;
    for (const snapshots::SeriesSpec& s : store->series())
        if (s.kind == "map")
            layers.push_back(s.name);
    // the peaks: bright pixels of each probe's own fingerprint
    std::vector<double> area(static_cast<size_t>(probes), 0);
    for (int64_t p = 0; p < probes; ++p) {
        for (int64_t i = 0; i < pixels; ++i)
            area[size_t(p)] += inputs.data()[p * pixels + i] >= 0.5f ? 1 : 0;
        area[size_t(p)] /= double(pixels);
    }
    double meanArea = 0;
    for (double v : area)
        meanArea += v / double(probes);

    const snapshots::Curves& c = store->curves();
    std::ostringstream csv;
    csv << "frame,epoch,step,validation_accuracy,layer,peak_share,peak_area,correlation_with_final\n";
    std::vector<std::vector<double>> share(layers.size(), std::vector<double>(size_t(store->frames()), 0));
    std::vector<std::vector<double>> corr = share;
    std::vector<Tensor> finals;
    for (const std::string& l : layers)
        finals.push_back(store->readFrame(l, store->frames() - 1));
    for (int64_t t = 0; t < store->frames(); ++t)
        for (size_t l = 0; l < layers.size(); ++l) {
            const Tensor maps = store->readFrame(layers[l], t); // (P, 3, 64, 64)
            double meanCorr = 0;
            for (int64_t p = 0; p < probes; ++p) {
                const float* a = maps.data() + p * pixels;
                const float* b = finals[l].data() + p * pixels;
                double ma = 0, mb = 0;
                for (int64_t i = 0; i < pixels; ++i) {
                    ma += a[i];
                    mb += b[i];
                }
                ma /= double(pixels);
                mb /= double(pixels);
                double ab = 0, aa = 0, bb = 0;
                for (int64_t i = 0; i < pixels; ++i) {
                    ab += (a[i] - ma) * (b[i] - mb);
                    aa += (a[i] - ma) * (a[i] - ma);
                    bb += (b[i] - mb) * (b[i] - mb);
                }
                meanCorr += (aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0) / double(probes);
            }
            corr[l][size_t(t)] = meanCorr;
            double mean = 0;
            for (int64_t p = 0; p < probes; ++p) {
                double onPeaks = 0, total = 0;
                for (int64_t i = 0; i < pixels; ++i) {
                    const float v = maps.data()[p * pixels + i];
                    if (!(v > 0))
                        continue;
                    total += v;
                    if (inputs.data()[p * pixels + i] >= 0.5f)
                        onPeaks += v;
                }
                mean += (total > 0 ? onPeaks / total : 0) / double(probes);
            }
            share[l][size_t(t)] = mean;
            char line[256];
            std::snprintf(line, sizeof line, "%lld,%d,%lld,%.6g,%s,%.6f,%.6f,%.6f\n", static_cast<long long>(t),
                          c.epoch[size_t(t)], static_cast<long long>(c.step[size_t(t)]),
                          c.validationAccuracy[size_t(t)], layers[l].c_str(), mean, meanArea, meanCorr);
            csv << line;
        }
    const std::string text = csv.str();
    io::writeFileAtomically(csvPath, std::vector<char>(text.begin(), text.end()));

    // a table: a few frames, every layer
    std::printf("snapshots: %lld frames of %lld validation crystals; share of the positive attentive response on the "
                "Bragg spots (%.1f%% of the image) / correlation with the final map:\n  %6s %5s %6s",
                static_cast<long long>(store->frames()), static_cast<long long>(probes), 100 * meanArea, "step",
                "epoch", "val");
    for (const std::string& l : layers) {
        const auto a = l.find('/'), b = l.rfind('/');
        std::printf(" %13s", l.substr(a + 1, b - a - 1).c_str());
    }
    std::printf("\n");
    const int64_t T = store->frames();
    for (int64_t t = 0; t < T; t = t + std::max<int64_t>(1, T / 12) >= T && t != T - 1 ? T - 1 : t + std::max<int64_t>(1, T / 12)) {
        const double val = c.validationAccuracy[size_t(t)];
        std::printf("  %6lld %5d %6s", static_cast<long long>(c.step[size_t(t)]), c.epoch[size_t(t)],
                    std::isfinite(val) ? (std::to_string(int(std::lround(100 * val))) + "%").c_str() : "-");
        for (size_t l = 0; l < layers.size(); ++l)
            std::printf(" %6.1f%% %5.2f", 100 * share[l][size_t(t)], corr[l][size_t(t)]);
        std::printf("\n");
    }
    nlohmann::json summary = {{"file", snapshotPath}, {"frames", T}, {"probes", probes}, {"peak_area", meanArea}};
    nlohmann::json perLayer = nlohmann::json::array();
    for (size_t l = 0; l < layers.size(); ++l) {
        const double final = share[l].back();
        int64_t settled = T - 1, similar = T - 1;
        for (int64_t t = T - 1; t >= 0 && std::abs(share[l][size_t(t)] - final) <= 0.1 * final; --t)
            settled = t;
        for (int64_t t = T - 1; t >= 0 && corr[l][size_t(t)] >= 0.9; --t)
            similar = t;
        perLayer.push_back({{"layer", layers[l]},
                            {"initial_share", share[l].front()},
                            {"final_share", final},
                            {"settled_frame", settled},
                            {"settled_step", c.step[size_t(settled)]},
                            {"initial_correlation", corr[l].front()},
                            {"correlation_0_9_step", c.step[size_t(similar)]}});
        std::printf("  %s: on the spots %.1f%% before training, %.1f%% at the end (within 10%% of it from step %lld); "
                    "correlation with the final map %.2f before training, >= 0.9 from step %lld\n",
                    layers[l].c_str(), 100 * share[l].front(), 100 * final, static_cast<long long>(c.step[size_t(settled)]),
                    corr[l].front(), static_cast<long long>(c.step[size_t(similar)]));
    }
    summary["layers"] = perLayer;
    std::fflush(stdout);
    return summary;
}

} // namespace lantern::cli
