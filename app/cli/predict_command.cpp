// lantern-cli predict --model MODEL --input X: class probabilities (top K per sample), in batches.
#include "commands.h"
#include "common/sample_loader.h"
#include "model_args.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/version.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace lantern::cli {

using app::loadLabels;
using app::loadSamples;
using app::SampleOptions;
using app::Samples;

namespace {

struct PredictOptions {
    ModelArgs model;
    std::string input;
    std::string labels;
    int top = 3;
    std::string out;
    bool raw = false;
    bool quiet = false;
    int64_t batchSize = 64;
    int64_t limit = 0;
    std::optional<float> scale;
    int threads = 0;
};

/// Row-wise softmax of (N, K) scores, computed stably.
Tensor softmaxRows(const Tensor& scores)
{
    Tensor p(scores.shape());
    const int64_t n = scores.dim(0), k = scores.dim(1);
    for (int64_t i = 0; i < n; ++i) {
        const float* s = scores.data() + i * k;
        float* o = p.data() + i * k;
        const float m = *std::max_element(s, s + k);
        double sum = 0;
        for (int64_t j = 0; j < k; ++j)
            sum += (o[j] = std::exp(s[j] - m));
        for (int64_t j = 0; j < k; ++j)
            o[j] = static_cast<float>(o[j] / sum);
    }
    return p;
}

void run(const PredictOptions& o)
{
    if (o.threads > 0)
        setThreadCount(o.threads);
    if (o.batchSize < 1)
        throw ArgumentError("--batch-size must be at least 1");
    Model model = loadModelFromArgs(o.model);
    Graph& graph = model.graph;
    if (graph.inputNames().size() != 1 || graph.outputNames().size() != 1)
        throw UnsupportedError(o.model.model + ": predict needs a model with one input and one output (this one has " +
                               std::to_string(graph.inputNames().size()) + " and " +
                               std::to_string(graph.outputNames().size()) + ")");
    const std::string inputName = graph.inputNames().front();
    SampleOptions so;
    so.scale = o.scale;
    so.limit = o.limit;
    Samples samples = loadSamples(o.input, graph.inputShape(inputName), model.inputLayout, so);
    for (const auto& note : samples.notes)
        std::fprintf(stderr, "note: %s\n", note.c_str());
    std::vector<int64_t> labels;
    if (!o.labels.empty()) {
        labels = loadLabels(o.labels);
        if (static_cast<int64_t>(labels.size()) < samples.data.dim(0))
            throw ArgumentError(o.labels + ": " + std::to_string(labels.size()) + " labels for " +
                                std::to_string(samples.data.dim(0)) + " samples");
    }

    // Probabilities: the model's own when it ends in a softmax, else a softmax of its outputs.
    const bool endsInSoftmax = !model.finalSoftmax.empty();
    const bool endsInLogSoftmax = endsInSoftmax && graph.node(model.finalSoftmax).op->type() == "LogSoftmax";
    const int64_t n = samples.data.dim(0);
    Tensor outputs, probabilities;
    Progress progress("predict");
    for (int64_t begin = 0; begin < n; begin += o.batchSize) {
        const int64_t end = std::min(n, begin + o.batchSize);
        Execution ex = graph.forward({{inputName, samples.data.slice(begin, end)}});
        Tensor y = ex.value(graph.outputNames().front());
        if (y.rank() != 2)
            throw UnsupportedError(o.model.model + ": predict needs class scores of shape (N, K); the model gives " +
                                   shapeToString(y.shape()));
        if (begin == 0) {
            outputs = Tensor({n, y.dim(1)});
            probabilities = Tensor({n, y.dim(1)});
        }
        std::copy_n(y.data(), y.size(), outputs.data() + begin * y.dim(1));
        Tensor p = endsInSoftmax ? y : softmaxRows(y);
        if (endsInLogSoftmax) {
            p = y.clone();
            for (float& v : p.values())
                v = std::exp(v);
        }
        std::copy_n(p.data(), p.size(), probabilities.data() + begin * y.dim(1));
        if (n > o.batchSize)
            progress.update(end, n);
    }
    if (n > o.batchSize)
        progress.finish();

    const int64_t k = probabilities.dim(1);
    const int top = static_cast<int>(std::clamp<int64_t>(o.top, 1, k));
    int64_t correct = 0;
    std::vector<int64_t> order(static_cast<size_t>(k));
    for (int64_t i = 0; i < n; ++i) {
        const float* p = probabilities.data() + i * k;
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + top, order.end(),
                          [&](int64_t a, int64_t b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
        if (!labels.empty() && order[0] == labels[static_cast<size_t>(i)])
            ++correct;
        if (o.quiet)
            continue;
        std::printf("%s", samples.names[static_cast<size_t>(i)].c_str());
        for (int t = 0; t < top; ++t)
            std::printf("  %lld:%.4f", static_cast<long long>(order[static_cast<size_t>(t)]),
                        p[order[static_cast<size_t>(t)]]);
        if (!labels.empty())
            std::printf("  label %lld", static_cast<long long>(labels[static_cast<size_t>(i)]));
        std::printf("\n");
    }
    if (!labels.empty())
        std::printf("accuracy %.2f%% (%lld of %lld)\n", 100.0 * static_cast<double>(correct) / static_cast<double>(n),
                    static_cast<long long>(correct), static_cast<long long>(n));
    if (!o.out.empty()) {
        io::writeNpy(o.out, o.raw ? outputs : probabilities);
        std::fprintf(stderr, "%s written to %s, shape %s\n", o.raw ? "model outputs" : "probabilities", o.out.c_str(),
                     shapeToString(outputs.shape()).c_str());
    }
}

} // namespace

void addPredictCommand(CLI::App& app)
{
    auto o = std::make_shared<PredictOptions>();
    auto* cmd = app.add_subcommand("predict", "Classify samples: top-K classes with probabilities per sample");
    addModelOptions(cmd, o->model);
    cmd->add_option("--input,-i", o->input,
                    "Samples: X.npy, X.npz[:KEY], X.h5:DATASET, IDX (e.g. t10k-images-idx3-ubyte.gz), an image, "
                    "or a folder of images")
        ->required();
    cmd->add_option("--top,-k", o->top, "Classes shown per sample")->default_val(3);
    cmd->add_option("--out,-o", o->out, "Write the probabilities (N, K) to this .npy file");
    cmd->add_flag("--raw", o->raw, "With --out: write the model's raw outputs (e.g. logits) instead");
    cmd->add_option("--labels", o->labels, "True labels (.npy, IDX or text) to report accuracy");
    cmd->add_option("--scale", o->scale,
                    "Multiply input values by this (default: 1/255 for images and 8-bit IDX, 1 for arrays)");
    cmd->add_option("--limit", o->limit, "Use only the first N samples");
    cmd->add_option("--batch-size", o->batchSize, "Samples per forward pass")->default_val(64);
    cmd->add_flag("--quiet,-q", o->quiet, "Do not print one line per sample");
    cmd->add_option("--threads", o->threads, "Compute threads (default: all cores)");
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
