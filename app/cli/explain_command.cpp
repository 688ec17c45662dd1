// lantern-cli explain --model MODEL --input X --method NAME --out A.npy|A.h5 [--png DIR]: explanation maps for
// many samples, computed in batches.
#include "commands.h"
#include "common/sample_loader.h"
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
using app::loadSamples;
using app::SampleOptions;
using app::Samples;

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
};

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

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

/// Copies the rows of `part` (leading dimension = rows of this batch) into `whole` at row `begin`, creating
/// `whole` with `n` rows on first use.
void putRows(Tensor& whole, const Tensor& part, int64_t begin, int64_t n)
{
    if (whole.isEmpty()) {
        Shape s = part.shape();
        s[0] = n;
        whole = Tensor(s);
    }
    const int64_t per = part.size() / std::max<int64_t>(1, part.dim(0));
    std::copy_n(part.data(), part.size(), whole.data() + begin * per);
}

std::string sanitize(const std::string& name)
{
    std::string s;
    for (char c : name)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return s.substr(0, 60);
}

void run(const ExplainOptions& o)
{
    if (o.threads > 0)
        setThreadCount(o.threads);
    if (o.batchSize < 1)
        throw ArgumentError("--batch-size must be at least 1");
    const explain::MethodSpec& spec = explain::method(o.method); // unknown names: error listing every method
    explain::ExplainRequest request;
    request.method = spec.name;
    request.target = parseTarget(o.target);
    request.layer = o.layer;
    request.seed = o.seed;
    for (const auto& kv : o.params) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ArgumentError("--param expects key=value (got '" + kv + "')");
        request.params[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (!endsWith(o.out, ".npy") && !endsWith(o.out, ".h5"))
        throw ArgumentError("--out must end in .npy or .h5 (got '" + o.out + "')");

    Model model = loadModelFromArgs(o.model);
    Graph& graph = model.graph;
    if (graph.inputNames().size() != 1)
        throw UnsupportedError(o.model.model + ": explain needs a model with one input (this one has " +
                               std::to_string(graph.inputNames().size()) + ")");
    SampleOptions so;
    so.scale = o.scale;
    so.limit = o.limit;
    Samples samples = loadSamples(o.input, graph.inputShape(graph.inputNames().front()), model.inputLayout, so);
    for (const auto& note : samples.notes)
        std::fprintf(stderr, "note: %s\n", note.c_str());

    const int64_t n = samples.data.dim(0);
    std::vector<int64_t> labels;
    if (!o.labels.empty()) {
        labels = loadLabels(o.labels);
        if (static_cast<int64_t>(labels.size()) < n)
            throw ArgumentError(o.labels + ": " + std::to_string(labels.size()) + " labels for " + std::to_string(n) +
                                " samples");
        labels.resize(static_cast<size_t>(n));
    }
    Tensor map, logits, targets;
    std::map<std::string, Tensor> extras;
    bool perSample = true;
    Progress progress("explain " + spec.name);
    for (int64_t begin = 0; begin < n; begin += o.batchSize) {
        int64_t end = std::min(n, begin + o.batchSize);
        request.progress = [&](double f) {
            progress.update(static_cast<long>(begin + static_cast<int64_t>(f * double(end - begin))),
                            static_cast<long>(n));
        };
        if (!labels.empty())
            request.labels.assign(labels.begin() + begin, labels.begin() + end);
        explain::Explanation e = explain::explain(model, samples.data.slice(begin, end), request);
        if (begin == 0 && (e.map.rank() == 0 || e.map.dim(0) != end - begin)) {
            // a result over the whole set (e.g. composite: one map per class): run every sample in one call
            perSample = false;
            if (end < n) {
                end = n;
                request.labels = labels;
                e = explain::explain(model, samples.data, request);
            }
            map = e.map;
            logits = e.logits;
            targets = Tensor({static_cast<int64_t>(e.targets.size())});
            for (size_t i = 0; i < e.targets.size(); ++i)
                targets[static_cast<int64_t>(i)] = static_cast<float>(e.targets[i]);
            extras = e.extra;
            break;
        }
        putRows(map, e.map, begin, n);
        putRows(logits, e.logits, begin, n);
        if (targets.isEmpty())
            targets = Tensor({n});
        for (size_t i = 0; i < e.targets.size(); ++i)
            targets[begin + static_cast<int64_t>(i)] = static_cast<float>(e.targets[i]);
        for (const auto& [key, t] : e.extra) {
            if (t.rank() >= 1 && t.dim(0) == end - begin)
                putRows(extras[key], t, begin, n);
            else if (begin == 0)
                extras[key] = t; // not per sample: kept from the first batch
        }
        progress.update(static_cast<long>(end), static_cast<long>(n));
    }
    progress.finish();

    if (endsWith(o.out, ".h5")) {
        std::map<std::string, Tensor> datasets = extras;
        datasets["map"] = map;
        datasets["logits"] = logits;
        datasets["targets"] = targets;
        io::writeHdf5(o.out, datasets, {{"/@method", spec.name}});
    } else {
        io::writeNpy(o.out, map);
    }
    if (perSample)
        std::fprintf(stderr, "%s maps of %lld samples written to %s, shape %s\n", spec.name.c_str(),
                     static_cast<long long>(n), o.out.c_str(), shapeToString(map.shape()).c_str());
    else // one result over the whole set (composite: one map per class; optimal-input from the samples' mean)
        std::fprintf(stderr, "%s: %lld map(s) from %lld samples written to %s, shape %s\n", spec.name.c_str(),
                     static_cast<long long>(map.rank() > 0 ? map.dim(0) : 0), static_cast<long long>(n), o.out.c_str(),
                     shapeToString(map.shape()).c_str());

    if (!o.png.empty()) {
        if (!QDir().mkpath(QString::fromStdString(o.png)))
            throw IoError(o.png + ": cannot create the --png folder");
        const std::string layout = model.inputLayout == "NHWC" ? "NHWC" : "NCHW";
        // per-sample maps over their input; whole-set maps (one per class, ...) over a black background
        const int64_t rows = perSample ? n : map.dim(0);
        Shape s(map.shape().begin() + 1, map.shape().end());
        for (int64_t i = 0; i < rows; ++i) {
            char prefix[64];
            if (perSample)
                std::snprintf(prefix, sizeof prefix, "%05lld_class%lld_", static_cast<long long>(i),
                              static_cast<long long>(targets[i]));
            else if (spec.name == "optimal-input" && i < targets.size())
                std::snprintf(prefix, sizeof prefix, "%05lld_class%lld", static_cast<long long>(i),
                              static_cast<long long>(targets[i]));
            else
                std::snprintf(prefix, sizeof prefix, "%05lld", static_cast<long long>(i));
            const Tensor a = map.slice(i, i + 1).reshaped(s);
            const Tensor x = perSample ? samples.data.slice(i, i + 1).reshaped(s) : Tensor(s);
            const std::string name = perSample ? sanitize(samples.names[static_cast<size_t>(i)]) : "";
            if (spec.name == "optimal-input") // the map is an input: show it as an image
                writeImagePng(o.png + "/" + prefix + name + ".png", a, layout);
            else
                writeOverlayPng(o.png + "/" + prefix + name + ".png", x, a, layout);
        }
        std::fprintf(stderr, "%lld PNG image(s) written to %s\n", static_cast<long long>(perSample ? n : map.dim(0)),
                     o.png.c_str());
    }
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
                    "extra result of the method)")
        ->required();
    cmd->add_option("--png", o->png, "Also write one colormapped overlay PNG per sample into this folder");
    cmd->add_option("--labels", o->labels, "True labels (.npy, IDX or text), for methods that use them (composite)");
    cmd->add_option("--batch-size", o->batchSize, "Samples per forward+backward pass")->default_val(64);
    cmd->add_option("--limit", o->limit, "Use only the first N samples");
    cmd->add_option("--seed", o->seed, "Seed for stochastic methods (smoothgrad noise)")->default_val(0);
    cmd->add_option("--scale", o->scale,
                    "Multiply input values by this (default: 1/255 for images and 8-bit IDX, 1 for arrays)");
    cmd->add_option("--threads", o->threads, "Compute threads (default: all cores)");
    cmd->footer(methodsHelp());
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
