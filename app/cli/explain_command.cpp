// lantern-cli explain --model MODEL --input X --method NAME --out A.npy|A.h5 [--png DIR]: explanation maps for
// many samples, computed in batches.
#include "commands.h"
#include "batch_job.h"
#include "common/sample_loader.h"
#include "common/sample_stream.h"
#include "npy_rows.h"
#include "explain_png.h"
#include "model_args.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"
#include "lantern/version.h"

#include <QDir>
#include <QString>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>

namespace lantern::cli {

using app::loadLabels;
using app::SampleOptions;

namespace {

struct ExplainOptions {
    ModelArgs model;
    std::string input;
    std::string method;
    std::string target = "pred";
    std::string layer;
    std::vector<std::string> params;
    std::string out;
    std::string png;
    std::string labels;
    int64_t batchSize = 64;
    int64_t limit = 0;
    uint64_t seed = 0;
    std::optional<float> scale;
    int threads = 0;
    bool resume = false;
};

explain::Target parseTarget(const std::string& text)
{
    if (text == "pred" || text == "predicted")
        return explain::Target::predicted();
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used == text.size() && v >= 0)
            return explain::Target::index(v);
    } catch (const std::exception&) {
    }
    throw ArgumentError("--target must be 'pred' or a class index >= 0 (got '" + text + "')");
}

std::string sanitize(const std::string& name)
{
    std::string s;
    for (char c : name)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return s.substr(0, 60);
}

struct Job {
    const ExplainOptions& o;
    const explain::MethodSpec& spec;
    explain::ExplainRequest request;
    Model model;
    std::unique_ptr<app::SampleStream> samples;
    std::vector<int64_t> labels;
    std::string layout;
};

Tensor targetsTensor(const std::vector<int64_t>& targets)
{
    Tensor t({static_cast<int64_t>(targets.size())});
    for (size_t i = 0; i < targets.size(); ++i)
        t[static_cast<int64_t>(i)] = static_cast<float>(targets[i]);
    return t;
}

/// Per-sample overlay PNGs of samples [begin, end).
void writePngs(const Job& job, int64_t begin, const Tensor& x, const explain::Explanation& e)
{
    const Shape s(e.map.shape().begin() + 1, e.map.shape().end());
    for (int64_t i = 0; i < e.map.dim(0); ++i) {
        char prefix[64];
        std::snprintf(prefix, sizeof prefix, "%05lld_class%lld_", static_cast<long long>(begin + i),
                      static_cast<long long>(e.targets[static_cast<size_t>(i)]));
        writeOverlayPng(job.o.png + "/" + prefix + sanitize(job.samples->name(begin + i)) + ".png",
                        x.slice(i, i + 1).reshaped(s), e.map.slice(i, i + 1).reshaped(s), job.layout);
    }
}

/// One batch: the maps, logits and targets of samples [begin, end), every per-sample extra, and (batch 0) the
/// extras that are not per sample.
BatchOutput explainBatch(Job& job, int64_t begin, int64_t end, Progress* progress)
{
    const Tensor x = job.samples->read(begin, end);
    if (!job.labels.empty())
        job.request.labels.assign(job.labels.begin() + begin, job.labels.begin() + end);
    if (progress)
        job.request.progress = [&, n = job.samples->count()](double f) {
            progress->update(static_cast<long>(begin + static_cast<int64_t>(f * double(end - begin))), long(n));
        };
    const explain::Explanation e = explain::explain(job.model, x, job.request);
    if (e.map.rank() == 0 || e.map.dim(0) != end - begin)
        throw UnsupportedError(job.spec.name + ": gave maps of shape " + shapeToString(e.map.shape()) + " for " +
                               std::to_string(end - begin) + " samples");
    BatchOutput out;
    out.perSample["map"] = e.map;
    out.perSample["logits"] = e.logits;
    out.perSample["targets"] = targetsTensor(e.targets);
    for (const auto& [key, t] : e.extra) {
        if (t.rank() >= 1 && t.dim(0) == end - begin)
            out.perSample[key] = t;
        else if (begin == 0)
            out.whole[key] = t; // not per sample: kept from the first batch
    }
    if (!job.o.png.empty())
        writePngs(job, begin, x, e);
    return out;
}

/// The identity of a run for --resume: everything that changes its numbers.
std::string jobText(const Job& job)
{
    const ExplainOptions& o = job.o;
    std::string params;
    for (const auto& [k, v] : job.request.params)
        params += k + "=" + v + ";";
    return "explain method=" + job.spec.name + " target=" + o.target + " layer=" + o.layer + " params=" + params +
           " seed=" + std::to_string(o.seed) + " model=" + fileIdentity(o.model.model) +
           (o.model.weights.empty() ? "" : " weights=" + fileIdentity(o.model.weights)) +
           " input=" + fileIdentity(o.input) + " limit=" + std::to_string(o.limit) +
           " scale=" + (o.scale ? numberText(*o.scale) : "default") +
           " labels=" + (o.labels.empty() ? "" : fileIdentity(o.labels)) + " batch=" + std::to_string(o.batchSize) +
           " lantern=" + version();
}

/// Methods with one result over the whole set (composite, optimal-input): every sample in one call, in memory.
void runWholeSet(Job& job)
{
    const ExplainOptions& o = job.o;
    if (o.resume || cluster().size() > 1)
        throw ArgumentError(job.spec.name + " gives one result over every sample: it runs in one process, without "
                                            "--resume");
    const int64_t n = job.samples->count();
    const Tensor all = job.samples->read(0, n);
    job.request.labels = job.labels;
    Progress progress("explain " + job.spec.name);
    job.request.progress = [&](double f) { progress.update(static_cast<long>(f * 1000), 1000); };
    const explain::Explanation e = explain::explain(job.model, all, job.request);
    progress.finish();
    const Tensor& map = e.map;
    if (endsWith(o.out, ".h5")) {
        std::map<std::string, Tensor> datasets = e.extra;
        datasets["map"] = map;
        datasets["logits"] = e.logits;
        datasets["targets"] = targetsTensor(e.targets);
        io::writeHdf5(o.out, datasets, {{"/@method", job.spec.name}});
    } else {
        io::writeNpy(o.out, map);
    }
    std::fprintf(stderr, "%s: %lld map(s) from %lld samples written to %s, shape %s\n", job.spec.name.c_str(),
                 static_cast<long long>(map.rank() > 0 ? map.dim(0) : 0), static_cast<long long>(n), o.out.c_str(),
                 shapeToString(map.shape()).c_str());
    if (o.png.empty())
        return;
    // over a black background: one map per class, or optimal inputs shown as images
    const Shape s(map.shape().begin() + 1, map.shape().end());
    for (int64_t i = 0; i < map.dim(0); ++i) {
        char prefix[64];
        if (job.spec.name == "optimal-input" && i < static_cast<int64_t>(e.targets.size()))
            std::snprintf(prefix, sizeof prefix, "%05lld_class%lld", static_cast<long long>(i),
                          static_cast<long long>(e.targets[static_cast<size_t>(i)]));
        else
            std::snprintf(prefix, sizeof prefix, "%05lld", static_cast<long long>(i));
        const Tensor a = map.slice(i, i + 1).reshaped(s);
        if (job.spec.name == "optimal-input")
            writeImagePng(o.png + "/" + prefix + ".png", a, job.layout);
        else
            writeOverlayPng(o.png + "/" + prefix + ".png", Tensor(s), a, job.layout);
    }
    std::fprintf(stderr, "%lld PNG image(s) written to %s\n", static_cast<long long>(map.dim(0)), o.png.c_str());
}

void run(const ExplainOptions& o)
{
    setThreads(o.threads);
    if (o.batchSize < 1)
        throw ArgumentError("--batch-size must be at least 1");
    const explain::MethodSpec& spec = explain::method(o.method); // unknown names: error listing every method
    Job job{o, spec, {}, {}, {}, {}, {}};
    job.request.method = spec.name;
    job.request.target = parseTarget(o.target);
    job.request.layer = o.layer;
    job.request.seed = o.seed;
    for (const auto& kv : o.params) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ArgumentError("--param expects key=value (got '" + kv + "')");
        job.request.params[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    const bool h5 = endsWith(o.out, ".h5");
    if (!endsWith(o.out, ".npy") && !h5)
        throw ArgumentError("--out must end in .npy or .h5 (got '" + o.out + "')");
    if (!h5 && (o.resume || cluster().size() > 1))
        throw ArgumentError("--out " + o.out + ": resumable and MPI runs write HDF5; name the output A.h5");

    job.model = loadModelFromArgs(o.model);
    Graph& graph = job.model.graph;
    if (graph.inputNames().size() != 1)
        throw UnsupportedError(o.model.model + ": explain needs a model with one input (this one has " +
                               std::to_string(graph.inputNames().size()) + ")");
    job.layout = job.model.inputLayout == "NHWC" ? "NHWC" : "NCHW";
    SampleOptions so;
    so.scale = o.scale;
    so.limit = o.limit;
    job.samples = app::SampleStream::open(o.input, graph.inputShape(graph.inputNames().front()),
                                          job.model.inputLayout, so);
    if (cluster().rank() == 0)
        for (const auto& note : job.samples->notes())
            std::fprintf(stderr, "note: %s\n", note.c_str());
    const int64_t n = job.samples->count();
    if (!o.labels.empty()) {
        job.labels = loadLabels(o.labels);
        if (static_cast<int64_t>(job.labels.size()) < n)
            throw ArgumentError(o.labels + ": " + std::to_string(job.labels.size()) + " labels for " +
                                std::to_string(n) + " samples");
        job.labels.resize(static_cast<size_t>(n));
    }
    if (!o.png.empty() && !QDir().mkpath(QString::fromStdString(o.png)))
        throw IoError(o.png + ": cannot create the --png folder");
    if (!spec.perSample)
        return runWholeSet(job);

    Shape shape;
    if (h5) {
        BatchJobOptions bo;
        bo.out = o.out;
        bo.resume = o.resume;
        bo.samples = n;
        bo.batchSize = o.batchSize;
        bo.job = jobText(job);
        bo.attributes = {{"command", "explain"}, {"method", spec.name}, {"model", o.model.model}, {"input", o.input},
                         {"lantern", versionString()}};
        bo.label = "explain " + spec.name;
        const BatchJobReport report =
            runBatchJob(cluster(), bo, [&](int64_t b, int64_t e) { return explainBatch(job, b, e, nullptr); });
        if (cluster().rank() != 0)
            return;
        if (report.alreadyComplete) {
            std::fprintf(stderr, "%s is complete already: nothing to resume\n", o.out.c_str());
            return;
        }
        shape = {n};
        std::fprintf(stderr, "%s maps of %lld samples written to %s (%lld of %lld batches computed%s, %s)\n",
                     spec.name.c_str(), static_cast<long long>(n), o.out.c_str(),
                     static_cast<long long>(report.batches - report.skipped), static_cast<long long>(report.batches),
                     report.skipped ? ", the others resumed" : "", durationText(report.seconds).c_str());
    } else {
        NpyRowWriter writer(o.out, n);
        Progress progress("explain " + spec.name, "samples");
        for (int64_t begin = 0; begin < n; begin += o.batchSize) {
            const int64_t end = std::min(n, begin + o.batchSize);
            writer.append(explainBatch(job, begin, end, &progress).perSample.at("map"));
            progress.update(static_cast<long>(end), static_cast<long>(n));
        }
        progress.finish();
        shape = writer.finish();
        std::fprintf(stderr, "%s maps of %lld samples written to %s, shape %s\n", spec.name.c_str(),
                     static_cast<long long>(n), o.out.c_str(), shapeToString(shape).c_str());
    }
    if (!o.png.empty())
        std::fprintf(stderr, "%lld PNG image(s) written to %s\n", static_cast<long long>(n), o.png.c_str());
}

std::string methodsHelp()
{
    std::string text = "Methods (--method NAME, parameters as --param key=value):\n";
    for (const auto& m : explain::methods()) {
        text += "  " + m.name + (m.usesLayer ? " [--layer NAME]" : "") + "\n      " + m.summary + "\n";
        for (const auto& p : m.params)
            text += "      " + p.key + "=" + p.defaultValue + "  " + p.help + "\n";
    }
    return text;
}

} // namespace

void addExplainCommand(CLI::App& app)
{
    auto o = std::make_shared<ExplainOptions>();
    auto* cmd = app.add_subcommand(
        "explain", "Explanation maps (gradients, relevance, Grad-CAM ...) of a model's decision per sample");
    addModelOptions(cmd, o->model);
    cmd->add_option("--input,-i", o->input,
                    "Samples: X.npy, X.npz[:KEY], X.h5:DATASET, IDX (e.g. t10k-images-idx3-ubyte.gz), an image, "
                    "or a folder of images")
        ->required();
    cmd->add_option("--method", o->method, "Explanation method (list below)")->required();
    cmd->add_option("--target", o->target, "Class to explain: 'pred' (the predicted class) or an index")
        ->default_val("pred");
    cmd->add_option("--layer", o->layer, "Layer (node) name for methods that take one (default: the method's)");
    cmd->add_option("--param", o->params, "Method parameter key=value (repeatable)");
    cmd->add_option("--out,-o", o->out,
                    "Output: A.npy (maps with the input's shape) or A.h5 (datasets map, logits, targets and every "
                    "extra result of the method; written batch by batch as A.h5.part, renamed when complete)")
        ->required();
    cmd->add_flag("--resume", o->resume,
                  "Finish an interrupted run: batches already in A.h5.part are kept, the others computed");
    cmd->add_option("--png", o->png, "Also write one colormapped overlay PNG per sample into this folder");
    cmd->add_option("--labels", o->labels, "True labels (.npy, IDX or text), for methods that use them (composite)");
    cmd->add_option("--batch-size", o->batchSize, "Samples per forward+backward pass")->default_val(64);
    cmd->add_option("--limit", o->limit, "Use only the first N samples");
    cmd->add_option("--seed", o->seed, "Seed for stochastic methods (smoothgrad noise)")->default_val(0);
    cmd->add_option("--scale", o->scale,
                    "Multiply input values by this (default: 1/255 for images and 8-bit IDX, 1 for arrays)");
    cmd->add_option("--threads", o->threads,
                    "Compute threads (per rank under MPI; default: the cores this process may use, shared by the "
                    "ranks of a node)");
    cmd->footer(methodsHelp());
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
