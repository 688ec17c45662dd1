// lantern-cli predict --model MODEL --input X: class probabilities (top K per sample), in batches.
#include "commands.h"
#include "batch_job.h"
#include "common/sample_loader.h"
#include "common/sample_stream.h"
#include "npy_rows.h"
#include "model_args.h"

#include "lantern/error.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"
#include "lantern/version.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace lantern::cli {

using app::loadLabels;
using app::SampleOptions;

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
    bool resume = false;
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

struct Job {
    const PredictOptions& o;
    Model model;
    std::string inputName;
    std::unique_ptr<app::SampleStream> samples;
    std::vector<int64_t> labels;
    bool endsInSoftmax = false, endsInLogSoftmax = false;
    int64_t correct = 0;
};

/// Outputs, probabilities and predicted class of samples [begin, end); prints one line per sample unless quiet.
BatchOutput predictBatch(Job& job, int64_t begin, int64_t end, bool print)
{
    const PredictOptions& o = job.o;
    Graph& graph = job.model.graph;
    Execution ex = graph.forward({{job.inputName, job.samples->read(begin, end)}});
    Tensor y = ex.value(graph.outputNames().front());
    if (y.rank() != 2)
        throw UnsupportedError(o.model.model + ": predict needs class scores of shape (N, K); the model gives " +
                               shapeToString(y.shape()));
    // Probabilities: the model's own when it ends in a softmax, else a softmax of its outputs.
    Tensor p = job.endsInSoftmax ? y : softmaxRows(y);
    if (job.endsInLogSoftmax) {
        p = y.clone();
        for (float& v : p.values())
            v = std::exp(v);
    }
    const int64_t k = p.dim(1);
    const int top = static_cast<int>(std::clamp<int64_t>(o.top, 1, k));
    Tensor predicted({end - begin});
    std::vector<int64_t> order(static_cast<size_t>(k));
    for (int64_t i = begin; i < end; ++i) {
        const float* pi = p.data() + (i - begin) * k;
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + top, order.end(),
                          [&](int64_t a, int64_t b) { return pi[a] > pi[b] || (pi[a] == pi[b] && a < b); });
        predicted[i - begin] = static_cast<float>(order[0]);
        if (!job.labels.empty() && order[0] == job.labels[static_cast<size_t>(i)])
            ++job.correct;
        if (!print)
            continue;
        std::printf("%s", job.samples->name(i).c_str());
        for (int t = 0; t < top; ++t)
            std::printf("  %lld:%.4f", static_cast<long long>(order[static_cast<size_t>(t)]),
                        pi[order[static_cast<size_t>(t)]]);
        if (!job.labels.empty())
            std::printf("  label %lld", static_cast<long long>(job.labels[static_cast<size_t>(i)]));
        std::printf("\n");
    }
    BatchOutput out;
    out.perSample["outputs"] = y;
    out.perSample["probabilities"] = p;
    out.perSample["predicted"] = predicted;
    return out;
}

std::string jobText(const PredictOptions& o)
{
    return "predict model=" + fileIdentity(o.model.model) +
           (o.model.weights.empty() ? "" : " weights=" + fileIdentity(o.model.weights)) +
           " input=" + fileIdentity(o.input) + " limit=" + std::to_string(o.limit) +
           " scale=" + (o.scale ? numberText(*o.scale) : "default") + " batch=" + std::to_string(o.batchSize) +
           " lantern=" + version();
}

void run(const PredictOptions& o)
{
    setThreads(o.threads);
    if (o.batchSize < 1)
        throw ArgumentError("--batch-size must be at least 1");
    const bool h5 = endsWith(o.out, ".h5");
    if (!o.out.empty() && !h5 && !endsWith(o.out, ".npy"))
        throw ArgumentError("--out must end in .npy or .h5 (got '" + o.out + "')");
    if (!h5 && (o.resume || cluster().size() > 1))
        throw ArgumentError(std::string(o.resume ? "--resume" : "an MPI run") +
                            " writes its results batch by batch into HDF5: give --out A.h5");
    Job job{o, loadModelFromArgs(o.model), {}, {}, {}};
    Graph& graph = job.model.graph;
    if (graph.inputNames().size() != 1 || graph.outputNames().size() != 1)
        throw UnsupportedError(o.model.model + ": predict needs a model with one input and one output (this one has " +
                               std::to_string(graph.inputNames().size()) + " and " +
                               std::to_string(graph.outputNames().size()) + ")");
    job.inputName = graph.inputNames().front();
    SampleOptions so;
    so.scale = o.scale;
    so.limit = o.limit;
    job.samples = app::SampleStream::open(o.input, graph.inputShape(job.inputName), job.model.inputLayout, so);
    if (cluster().rank() == 0)
        for (const auto& note : job.samples->notes())
            std::fprintf(stderr, "note: %s\n", note.c_str());
    const int64_t n = job.samples->count();
    if (!o.labels.empty()) {
        job.labels = loadLabels(o.labels);
        if (static_cast<int64_t>(job.labels.size()) < n)
            throw ArgumentError(o.labels + ": " + std::to_string(job.labels.size()) + " labels for " +
                                std::to_string(n) + " samples");
    }
    job.endsInSoftmax = !job.model.finalSoftmax.empty();
    job.endsInLogSoftmax = job.endsInSoftmax && graph.node(job.model.finalSoftmax).op->type() == "LogSoftmax";
    const bool print = !o.quiet && cluster().size() == 1;

    if (h5) {
        BatchJobOptions bo;
        bo.out = o.out;
        bo.resume = o.resume;
        bo.samples = n;
        bo.batchSize = o.batchSize;
        bo.job = jobText(o);
        bo.attributes = {{"command", "predict"}, {"model", o.model.model}, {"input", o.input}, {"lantern", versionString()}};
        bo.label = "predict";
        const BatchJobReport report =
            runBatchJob(cluster(), bo, [&](int64_t b, int64_t e) { return predictBatch(job, b, e, print); });
        if (cluster().rank() != 0)
            return;
        if (report.alreadyComplete)
            std::fprintf(stderr, "%s is complete already: nothing to resume\n", o.out.c_str());
        else
            std::fprintf(stderr, "probabilities, outputs and predicted classes of %lld samples written to %s\n",
                         static_cast<long long>(n), o.out.c_str());
        if (!job.labels.empty()) { // over the whole file, resumed batches included
            const Tensor predicted = io::readHdf5Dataset(o.out, "predicted");
            job.correct = 0;
            for (int64_t i = 0; i < n; ++i)
                job.correct += static_cast<int64_t>(predicted[i]) == job.labels[static_cast<size_t>(i)];
        }
    } else {
        std::unique_ptr<NpyRowWriter> writer = o.out.empty() ? nullptr : std::make_unique<NpyRowWriter>(o.out, n);
        Progress progress("predict", "samples");
        progress.setQuiet(n <= o.batchSize);
        for (int64_t begin = 0; begin < n; begin += o.batchSize) {
            const int64_t end = std::min(n, begin + o.batchSize);
            BatchOutput out = predictBatch(job, begin, end, print);
            if (writer)
                writer->append(out.perSample.at(o.raw ? "outputs" : "probabilities"));
            progress.update(static_cast<long>(end), static_cast<long>(n));
        }
        progress.finish();
        if (writer) {
            const Shape shape = writer->finish();
            std::fprintf(stderr, "%s written to %s, shape %s\n", o.raw ? "model outputs" : "probabilities",
                         o.out.c_str(), shapeToString(shape).c_str());
        }
    }
    if (!job.labels.empty())
        std::printf("accuracy %.2f%% (%lld of %lld)\n", 100.0 * static_cast<double>(job.correct) / static_cast<double>(n),
                    static_cast<long long>(job.correct), static_cast<long long>(n));
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
    cmd->add_option("--out,-o", o->out,
                    "Write the probabilities (N, K) to A.npy, or to A.h5 with the raw outputs and the predicted "
                    "classes (datasets probabilities, outputs, predicted; written batch by batch as A.h5.part)");
    cmd->add_flag("--raw", o->raw, "With --out A.npy: write the model's raw outputs (e.g. logits) instead");
    cmd->add_flag("--resume", o->resume,
                  "Finish an interrupted --out A.h5 run: batches already in A.h5.part are kept");
    cmd->add_option("--labels", o->labels, "True labels (.npy, IDX or text) to report accuracy");
    cmd->add_option("--scale", o->scale,
                    "Multiply input values by this (default: 1/255 for images and 8-bit IDX, 1 for arrays)");
    cmd->add_option("--limit", o->limit, "Use only the first N samples");
    cmd->add_option("--batch-size", o->batchSize, "Samples per forward pass")->default_val(64);
    cmd->add_flag("--quiet,-q", o->quiet, "Do not print one line per sample");
    cmd->add_option("--threads", o->threads,
                    "Compute threads (per rank under MPI; default: the cores this process may use)");
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
