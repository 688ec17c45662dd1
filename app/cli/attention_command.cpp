// lantern-cli attention STORE --csv FORMULAE.csv [--layer L] --sample I --epoch E --out A.npy [--layout ...]
// One frame of a CrabNet attention recording (Zarr v2 directory or zip store): every head's n_el × n_el matrix
// (rows: attending element, columns: attended element; absent pairs NaN) as a float32 .npy, plus a summary.
#include "commands.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/crabnet.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace lantern::cli {

namespace {

struct AttentionArgs {
    std::string store, csv, out, layout;
    int layer = 0;
    int64_t sample = 0, epoch = 0;
    bool keepUnary = false;
};

void run(const AttentionArgs& a)
{
    using namespace snapshots;
    if (!a.out.empty() && std::filesystem::path(a.out).extension() != ".npy")
        throw ArgumentError("attention: --out must end in .npy, not '" + a.out + "'");
    CrabNetOptions options;
    options.layer = a.layer;
    options.dropUnary = !a.keepUnary;
    if (!a.layout.empty())
        options.order = rowOrderFromName(a.layout);
    const CrabNetRecording rec = CrabNetRecording::open(a.store, a.csv, options);
    const AttentionFrame f = rec.frame(a.sample, a.epoch);
    const CrabNetSample& s = f.composition;
    const int n = rec.elements();

    std::printf("store: %s (%s, %s rows)\n", rec.array().describe().c_str(), rec.array().store().isZip() ? "zip" : "directory",
                rowOrderName(rec.order()));
    std::printf("recording: %lld samples x %lld epochs, %d heads, n_el %d\n", static_cast<long long>(rec.samples()),
                static_cast<long long>(rec.epochs()), rec.heads(), n);
    std::printf("sample %lld (CSV line %lld): %s, epoch %lld, layer %d, row %lld\n", static_cast<long long>(f.sample),
                static_cast<long long>(s.csvLine), s.formula.c_str(), static_cast<long long>(f.epoch), f.layer,
                static_cast<long long>(f.row));
    std::printf("elements:");
    for (int j = 0; j < n; ++j)
        if (s.present[size_t(j)])
            std::printf(" %s (%.3g)", s.symbols[size_t(j)].c_str(), double(s.fractions[size_t(j)]));
    std::printf("%s\n", s.truncated ? " (more elements than n_el: truncated as CrabNet does)" : "");
    for (int h = 0; h < rec.heads(); ++h) {
        double sum = 0, best = -1;
        int bi = -1, bj = -1, count = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const float v = f.values.at({h, i, j});
                if (std::isnan(v))
                    continue;
                sum += v;
                ++count;
                if (v > best) {
                    best = v;
                    bi = i;
                    bj = j;
                }
            }
        if (count == 0) {
            std::printf("head %d: no present pairs\n", h);
            continue;
        }
        std::printf("head %d: mean %.4f over %d pairs, max %.4f (%s -> %s)\n", h, sum / count, count, best,
                    s.symbols[size_t(bi)].c_str(), s.symbols[size_t(bj)].c_str());
    }
    if (!a.out.empty()) {
        io::writeNpy(a.out, f.values);
        std::printf("wrote %s (%d, %d, %d) float32, rows attend to columns, absent pairs NaN\n", a.out.c_str(),
                    rec.heads(), n, n);
    }
}

} // namespace

void addAttentionCommand(CLI::App& app)
{
    auto a = std::make_shared<AttentionArgs>();
    auto* cmd = app.add_subcommand("attention", "One frame of a CrabNet attention recording (Zarr v2 directory or "
                                                "zip store): every head's element-by-element matrix as .npy");
    cmd->add_option("store", a->store, "Zarr store (directory or .zip) holding arrays layer{L}, or one such array")
        ->required();
    cmd->add_option("--csv", a->csv, "Formulae CSV (formula,target) of the recorded data set")->required();
    cmd->add_option("--layer", a->layer, "Encoder layer (array layer{L})")->capture_default_str()->check(CLI::Range(0, 1000));
    cmd->add_option("--sample", a->sample, "Sample: row of the CSV among formulae with more than one element")
        ->required()
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--epoch", a->epoch, "Epoch")->required()->check(CLI::NonNegativeNumber);
    cmd->add_option("--out", a->out, "Output .npy, float32 (heads, n_el, n_el), NaN where a pair is absent");
    cmd->add_option("--layout", a->layout,
                    "Row order: epoch-major (directory stores, default there) or sample-major (zip, default there)")
        ->check(CLI::IsMember({"epoch-major", "sample-major"}));
    cmd->add_flag("--keep-unary", a->keepUnary, "The recording kept pure elements (CrabNet drops them by default)");
    cmd->callback([a] { run(*a); });
}

} // namespace lantern::cli
