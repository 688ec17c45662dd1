#include "common/train_job.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/version.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

namespace lantern::app {

std::string shortNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

bool endsWithOnnx(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".onnx";
}

namespace {

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        items.push_back(trim(item));
    if (!text.empty() && text.back() == ',')
        items.push_back({});
    return items;
}


namespace {

thread_local const TrainJobEvents* t_events = nullptr;
thread_local std::string t_line;

/// printf-style report: complete lines go to the job's log callback.
[[gnu::format(printf, 1, 2)]] void say(const char* format, ...)
{
    char text[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    t_line += text;
    size_t nl;
    while ((nl = t_line.find('\n')) != std::string::npos) {
        if (t_events && t_events->log)
            t_events->log(t_line.substr(0, nl));
        t_line.erase(0, nl + 1);
    }
}

constexpr const char* kClassNamesKey = "lantern.class_names";

std::vector<float> parseClassWeights(const std::string& text, int64_t classes)
{
    const std::string flag = "--class-weights '" + text + "': ";
    std::vector<float> weights;
    for (const std::string& item : splitList(text)) {
        size_t used = 0;
        float w = 0;
        try {
            w = std::stof(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || !std::isfinite(w) || w < 0)
            throw ArgumentError(flag + "'" + item + "' is not a weight (a number >= 0)");
        weights.push_back(w);
    }
    if (static_cast<int64_t>(weights.size()) != classes)
        throw ArgumentError(flag + std::to_string(weights.size()) + " weights for the model's " +
                            std::to_string(classes) + " classes");
    if (std::all_of(weights.begin(), weights.end(), [](float w) { return w == 0; }))
        throw ArgumentError(flag + "all weights are zero");
    return weights;
}

/// "--l2 0.01" (every weight) or "--l2 fc1=25,fc2=0.01" (per layer, by node name): (node or "", factor) pairs.
std::vector<std::pair<std::string, double>> parsePenalties(const std::string& flag, const std::string& text)
{
    std::vector<std::pair<std::string, double>> out;
    for (const std::string& item : splitList(text)) {
        const auto eq = item.find('=');
        const std::string node = eq == std::string::npos ? std::string() : trim(item.substr(0, eq));
        const std::string value = eq == std::string::npos ? item : trim(item.substr(eq + 1));
        size_t used = 0;
        double v = -1;
        try {
            v = std::stod(value, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (value.empty() || used != value.size() || !std::isfinite(v) || v < 0 || (eq != std::string::npos && node.empty()))
            throw ArgumentError(flag + " '" + text + "': '" + item +
                                "' is not a factor >= 0 or LAYER=FACTOR (e.g. fc1=25,fc2=0.01)");
        out.emplace_back(node, v);
    }
    return out;
}

void applyPenalties(Optimizer& opt, Graph& graph, const std::string& l1Text, const std::string& l2Text)
{
    std::map<std::string, std::pair<double, double>> perNode; // "" = every weight
    for (const auto& [node, v] : parsePenalties("--l1", l1Text))
        perNode[node].first = v;
    for (const auto& [node, v] : parsePenalties("--l2", l2Text))
        perNode[node].second = v;
    // the global factors first, then the per-layer ones override them
    if (auto it = perNode.find(""); it != perNode.end() && (it->second.first > 0 || it->second.second > 0))
        opt.setRegularization("", it->second.first, it->second.second);
    for (const auto& [node, f] : perNode) {
        if (node.empty())
            continue;
        bool known = false;
        for (const Node& n : graph.nodes())
            known |= n.name == node;
        if (!known) {
            std::string names;
            for (const Node& n : graph.nodes())
                if (!n.op->parameters().empty())
                    names += (names.empty() ? "" : ", ") + n.name;
            throw ArgumentError("--l1/--l2: the model has no layer '" + node + "' (layers with weights: " + names + ")");
        }
        opt.setRegularization(node + ".", f.first, f.second);
        say("  layer %s: L1 %g, L2 %g on its weights (Keras convention: factor * sum w^2 added to the loss)\n",
                    node.c_str(), f.first, f.second);
    }
}

/// sklearn's "balanced" weights: n_samples / (n_classes * count(c)); classes absent from the data get 0.
std::vector<float> balancedClassWeights(const Tensor& targets, int64_t classes)
{
    std::vector<int64_t> counts(static_cast<size_t>(classes), 0);
    for (float y : targets.values())
        ++counts[static_cast<size_t>(y)];
    std::vector<float> w;
    for (int64_t c : counts)
        w.push_back(c == 0 ? 0.f : static_cast<float>(double(targets.size()) / (double(classes) * double(c))));
    return w;
}

std::vector<std::string> parseClassNames(const std::string& text, int64_t classes)
{
    const std::vector<std::string> names = splitList(text);
    if (static_cast<int64_t>(names.size()) != classes)
        throw ArgumentError("--class-names '" + text + "': " + std::to_string(names.size()) +
                            " names for the model's " + std::to_string(classes) + " classes");
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i].empty())
            throw ArgumentError("--class-names '" + text + "': name " + std::to_string(i) + " is empty");
    return names;
}

void validate(const TrainJobOptions& o)
{
    if (!(o.lrDecay > 0 && o.lrDecay <= 1))
        throw ArgumentError("--lr-decay " + shortNumber(o.lrDecay) + ": must be in (0, 1]");
    if (!(o.momentum >= 0 && o.momentum < 1))
        throw ArgumentError("--momentum " + shortNumber(o.momentum) + ": must be in [0, 1)");
    if (o.nesterov && (o.optimizer != "sgd" || o.momentum == 0))
        throw ArgumentError("--nesterov needs --optimizer sgd and a --momentum above 0");
    if (!o.archWeights.empty() && o.arch.empty())
        throw ArgumentError("--arch-weights " + o.archWeights + ": needs --arch (a Keras 1 JSON architecture)");
    if (!(o.validationFraction >= 0 && o.validationFraction < 1))
        throw ArgumentError("--validation-fraction " + shortNumber(o.validationFraction) + ": must be in [0, 1)");
    if (!o.classNames.empty() && !o.out.empty() && !endsWithOnnx(o.out))
        throw ArgumentError("--class-names: stored in ONNX metadata, so --out must be a .onnx file (got " + o.out +
                            ")");
}

/// The model to train, with its output being the logits. `seed` initialises weights.
Model buildModel(const TrainJobOptions& o, uint64_t seed)
{
    if (o.arch.empty()) {
        Model m = loadModel("preset:" + o.preset, LoadOptions{"", seed});
        if (o.preset.rfind("mlp-", 0) == 0)
            m.inputLayout = "NC";
        m.removeFinalSoftmax();
        say("architecture: preset %s, Kaiming-normal weights and zero biases from seed %llu\n",
                    o.preset.c_str(), static_cast<unsigned long long>(seed));
        return m;
    }
    Model m = loadModel(o.arch, LoadOptions{o.archWeights, seed});
    say("architecture: %s (%s)\n", o.arch.c_str(), m.format.c_str());
    if (m.graph.inputNames().size() != 1 || m.graph.outputNames().size() != 1)
        throw ArgumentError(
            "--arch " + o.arch + ": training needs a model with one input and one output (this one has " +
            std::to_string(m.graph.inputNames().size()) + " and " + std::to_string(m.graph.outputNames().size()) + ")");
    if (!m.finalSoftmax.empty()) {
        say("  final softmax node '%s' removed: training uses softmax cross-entropy on the logits '%s', "
                    "which are also the output of the written model\n",
                    m.finalSoftmax.c_str(), m.logits.c_str());
        m.removeFinalSoftmax();
    }
    if (o.keepWeights) {
        say(
            "  starting from the parameters stored in %s (--keep-weights)\n",
            (m.format == "keras1" && o.archWeights.empty() ? std::string("(none: seeded initialisation)") : m.source)
                .c_str());
    } else {
        models::initializeKaiming(m.graph, seed);
        say("  Conv2D/Gemm weights re-initialised (Kaiming normal, seed %llu), their biases zero; any other "
                    "parameters (e.g. BatchNorm) keep the file's values (--keep-weights starts from all of them)\n",
                    static_cast<unsigned long long>(seed));
    }
    return m;
}

/// "mlp:8,8" -> "mlp-<inputs>-8-8-<classes>": the sizes the training data implies (flattened samples, labels).
std::string mlpPresetFor(const TrainJobOptions& o)
{
    std::string hidden = o.preset.size() > 4 ? o.preset.substr(4) : std::string();
    std::string sizes;
    for (const std::string& h : splitList(hidden))
        if (!h.empty())
            sizes += "-" + h;
    TrainDataOptions options;
    options.trainLimit = o.trainLimit;
    options.scale = o.scale;
    const TrainData probe = loadTrainData(resolveDataDir(o.data, o.files), {-1, -1}, "NC", options);
    float top = 0;
    for (float y : probe.train.targets.values())
        top = std::max(top, y);
    const int64_t classes = std::max<int64_t>(2, static_cast<int64_t>(top) + 1);
    const std::string name = "mlp-" + std::to_string(probe.train.inputs.dim(1)) + sizes + "-" + std::to_string(classes);
    say("  %s: %lld inputs per sample (flattened), %lld classes from the labels\n", name.c_str(),
                static_cast<long long>(probe.train.inputs.dim(1)), static_cast<long long>(classes));
    return name;
}

/// Number of classes: the last dimension of the (N, C) output for one sample shaped like the data.
int64_t classCount(const Model& m, const Tensor& inputs)
{
    const std::string& in = m.graph.inputNames().front();
    Shape one = inputs.shape();
    one[0] = 1;
    const auto shapes = m.graph.inferShapes({{in, one}});
    const Shape& out = shapes.at(m.graph.outputNames().front());
    if (out.size() != 2 || out[1] < 2)
        throw ShapeError((m.source.empty() ? std::string("model") : m.source) +
                         ": training needs class scores (N, C) with C >= 2 as output; this model gives " +
                         shapeToString(out) + " for input " + shapeToString(one));
    return out[1];
}

void checkLabels(const Dataset& d, int64_t classes, const std::string& file)
{
    for (int64_t i = 0; i < d.targets.size(); ++i)
        if (d.targets.data()[i] >= static_cast<float>(classes))
            throw ArgumentError(file + ": label " + std::to_string(static_cast<int64_t>(d.targets.data()[i])) +
                                " at index " + std::to_string(i) + " is outside the model's " +
                                std::to_string(classes) + " classes");
}

/// The probes: a count chosen evenly over the classes, or a text file of sample indices (one per line or
/// comma-separated) into `set`.
snapshots::Probes probesFor(const std::string& spec, const Dataset& set, const std::string& source)
{
    int64_t count = 0;
    size_t used = 0;
    try {
        count = std::stoll(spec, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == spec.size() && used > 0) {
        if (count < 1)
            throw ArgumentError("--probes " + spec + ": needs at least one probe");
        return snapshots::chooseProbes(set, count, source);
    }
    std::ifstream in(spec);
    if (!in)
        throw ArgumentError("--probes " + spec + ": neither a count nor a readable file of sample indices");
    std::vector<int64_t> indices;
    std::string token;
    int line = 0;
    std::string text;
    while (std::getline(in, text)) {
        ++line;
        std::replace(text.begin(), text.end(), ',', ' ');
        std::istringstream words(text);
        while (words >> token) {
            if (token.front() == '#')
                break;
            size_t n = 0;
            int64_t v = -1;
            try {
                v = std::stoll(token, &n);
            } catch (const std::exception&) {
                n = 0;
            }
            if (n != token.size() || v < 0 || v >= set.size())
                throw ArgumentError(spec + ":" + std::to_string(line) + ": '" + token +
                                    "' is not a sample index in 0.." + std::to_string(set.size() - 1) + " of " +
                                    source);
            indices.push_back(v);
        }
    }
    if (indices.empty())
        throw ArgumentError(spec + ": no sample indices");
    snapshots::Probes p;
    p.inputs = gatherRows(set.inputs, indices);
    p.indices = indices;
    for (int64_t i : indices)
        p.targets.push_back(set.targets.rank() == 1 ? static_cast<int64_t>(set.targets.data()[i]) : -1);
    p.source = source;
    return p;
}

std::unique_ptr<snapshots::SnapshotRecorder> makeRecorder(const TrainJobOptions& o, Model& model, const Dataset& set,
                                                          const std::string& source,
                                                          const std::vector<std::string>& classNames,
                                                          const std::string& archName, int64_t stepsPerEpoch,
                                                          const TrainJobEvents& ev)
{
    snapshots::RecordOptions r;
    if (o.snapshotEvery != "epoch") {
        size_t used = 0;
        long long n = 0;
        try {
            n = std::stoll(o.snapshotEvery, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != o.snapshotEvery.size() || n < 1)
            throw ArgumentError("--snapshot-every " + o.snapshotEvery + ": 'epoch' or a number of steps (>= 1)");
        r.every = "steps";
        r.everySteps = n;
    }
    r.methods.clear();
    if (o.record != "none")
        for (std::string m : splitList(o.record)) {
            if (m.empty())
                continue;
            if (m == "grad")
                m = "gradient";
            r.methods.push_back(m);
        }
    for (const std::string& a : splitList(o.recordActivations))
        if (!a.empty())
            r.activations.push_back(a);
    r.weights = o.recordWeights;
    r.topFilters = o.topFilters;
    r.responseStyle = o.responseStyle;
    snapshots::SnapshotHeader h;
    h.model = archName;
    h.modelFile = o.out;
    h.inputLayout = model.inputLayout;
    h.classNames = classNames;
    h.stepsPerEpoch = stepsPerEpoch;
    h.attributes = {{"optimizer", o.optimizer}, {"lr", shortNumber(o.lr)}, {"lr_decay", shortNumber(o.lrDecay)},
                    {"batch_size", std::to_string(o.batchSize)}, {"epochs", std::to_string(o.epochs)},
                    {"seed", std::to_string(o.seed)}, {"l1", o.l1}, {"l2", o.l2},
                    {"class_weights", o.classWeights}, {"lantern_version", version()}};
    std::unique_ptr<snapshots::SnapshotRecorder> recorder;
    try {
        recorder = std::make_unique<snapshots::SnapshotRecorder>(model, o.snapshots, probesFor(o.probes, set, source), h,
                                                                 r, ev.cancel);
    } catch (const ArgumentError& e) {
        const std::string what = e.what();
        if (what.rfind("--", 0) == 0 || what.rfind(o.snapshots, 0) == 0)
            throw;
        throw ArgumentError("--record " + o.record + ": " + what); // an unknown method, named with its flag
    }
    std::string series;
    for (const auto& s : recorder->series())
        series += (series.empty() ? "" : ", ") + s.name;
    say("recording snapshots to %s every %s: %s\n", o.snapshots.c_str(),
        r.every == "epoch" ? "epoch" : (std::to_string(r.everySteps) + " steps").c_str(),
        series.empty() ? "probabilities only" : series.c_str());
    return recorder;
}

TrainJobResult trainJob(const TrainJobOptions& o, const TrainJobEvents& ev)
{
    validate(o);
    TrainJobResult result;
    if (o.threads > 0)
        setThreadCount(o.threads);
    const uint64_t initSeed = o.initSeed.value_or(o.seed);
    TrainJobOptions resolved = o;
    if (o.arch.empty() && (o.preset == "mlp" || o.preset.rfind("mlp:", 0) == 0))
        resolved.preset = mlpPresetFor(o);
    Model model = buildModel(resolved, initSeed);
    Graph& graph = model.graph;

    TrainDataOptions dataOptions;
    dataOptions.scale = o.scale;
    dataOptions.trainLimit = o.trainLimit;
    dataOptions.testLimit = o.testLimit;
    const TrainDataFiles files = resolveDataDir(o.data, o.files);
    const TrainData data =
        loadTrainData(files, graph.inputShape(graph.inputNames().front()), model.inputLayout, dataOptions);
    for (const auto& note : data.notes)
        say("  %s\n", note.c_str());
    const int64_t classes = classCount(model, data.train.inputs);
    checkLabels(data.train, classes, files.trainLabels);
    if (data.test)
        checkLabels(*data.test, classes, files.testLabels);
    Dataset train = data.train;
    std::optional<Dataset> validation;
    if (o.validationFraction > 0) {
        // the last fraction in sample (time) order, as the notebooks split climate records
        const int64_t n = train.size(), held = static_cast<int64_t>(std::floor(o.validationFraction * double(n)));
        if (held < 1 || held >= n)
            throw ArgumentError("--validation-fraction " + shortNumber(o.validationFraction) + ": leaves " +
                                std::to_string(n - held) + " of " + std::to_string(n) + " samples for training");
        std::vector<int64_t> first(static_cast<size_t>(n - held)), last(static_cast<size_t>(held));
        for (int64_t i = 0; i < n; ++i)
            (i < n - held ? first[size_t(i)] : last[size_t(i - (n - held))]) = i;
        validation = Dataset{gatherRows(train.inputs, last), gatherRows(train.targets, last)};
        train = Dataset{gatherRows(train.inputs, first), gatherRows(train.targets, first)};
        say("  validation: the last %lld of %lld samples (%.0f%%), training on the first %lld\n",
                    static_cast<long long>(held), static_cast<long long>(n), 100 * o.validationFraction,
                    static_cast<long long>(n - held));
    }
    std::vector<float> classWeights;
    if (o.classWeights == "balanced") {
        classWeights = balancedClassWeights(train.targets, classes);
        std::string text;
        for (float w : classWeights)
            text += (text.empty() ? "" : ", ") + shortNumber(w);
        say("  class weights (balanced: n / (classes * count)): %s\n", text.c_str());
    } else if (!o.classWeights.empty()) {
        classWeights = parseClassWeights(o.classWeights, classes);
    }
    const std::vector<std::string> classNames =
        o.classNames.empty() ? std::vector<std::string>{} : parseClassNames(o.classNames, classes);

    std::unique_ptr<Optimizer> opt;
    if (o.optimizer == "adam")
        opt = std::make_unique<Adam>(graph, o.lr);
    else if (o.optimizer == "sgd")
        opt = std::make_unique<Sgd>(graph, o.lr, o.momentum, o.nesterov);
    else
        throw ArgumentError("--optimizer " + o.optimizer + ": unknown (adam or sgd)");
    applyPenalties(*opt, graph, o.l1, o.l2);
    SoftmaxCrossEntropy loss(classWeights);
    Trainer trainer(graph, loss, *opt, TrainConfig{o.epochs, o.batchSize, o.seed, true});
    const std::string archName = o.arch.empty() ? o.preset : std::filesystem::path(o.arch).filename().string();
    say("training %s (%lld parameters, %lld classes) on %lld samples, %s, %s\n", archName.c_str(),
                static_cast<long long>(graph.parameterCount()), static_cast<long long>(classes),
                static_cast<long long>(train.size()), o.optimizer.c_str(), backendDescription().c_str());
    trainer.cancel = ev.cancel;
    trainer.onBatchEnd = [&](const BatchEvent& e) {
        if (ev.batch)
            ev.batch(e);
        while (ev.pause && ev.pause->load() && !(ev.cancel && ev.cancel->load()))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    };
    const Dataset* watched = validation ? &*validation : (data.test ? &*data.test : nullptr);
    const auto start = std::chrono::steady_clock::now();
    std::optional<Evaluation> lastTest;
    trainer.onEpochEnd = [&](const EpochEvent& e) {
        if (ev.epoch)
            ev.epoch(e);
        say("epoch %d: train loss %.4f accuracy %.2f%%", e.epoch + 1, e.train.loss, 100 * e.train.accuracy);
        if (e.validation)
            say(", %s loss %.4f accuracy %.2f%%", validation ? "validation" : "test", e.validation->loss,
                        100 * e.validation->accuracy);
        say(" (%.1f s)\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        lastTest = e.validation;
        if (o.lrDecay != 1.0)
            opt->setLearningRate(opt->learningRate() * o.lrDecay);
        return true;
    };
    std::unique_ptr<snapshots::SnapshotRecorder> recorder;
    if (!o.snapshots.empty()) {
        const int64_t stepsPerEpoch = (train.size() + o.batchSize - 1) / o.batchSize;
        recorder = makeRecorder(o, model, watched ? *watched : train, watched ? (validation ? "validation set" : files.testImages) : files.trainImages,
                                classNames, archName, stepsPerEpoch, ev);
        recorder->attach(trainer, stepsPerEpoch);
        recorder->onFrame = ev.snapshot;
    }
    result.classes = classes;
    result.samples = train.size();
    result.parameters = graph.parameterCount();
    result.epochs = trainer.fit(train, watched);
    result.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (validation && data.test) {
        lastTest = Trainer::evaluate(graph, *data.test, &loss);
        say("test loss %.4f accuracy %.2f%% on %lld samples\n", lastTest->loss, 100 * lastTest->accuracy,
                    static_cast<long long>(lastTest->samples));
    }
    result.test = lastTest;
    auto finishSnapshots = [&] {
        if (!recorder)
            return;
        result.snapshotPath = o.snapshots;
        result.snapshotFrames = recorder->frames();
        result.recordingSeconds = recorder->recordingSeconds();
        recorder->close(result.modelPath);
        say("snapshots: %lld frames of %zu series written to %s; recording took %.1f s (%.1f%% of the run)\n",
            static_cast<long long>(result.snapshotFrames), recorder->series().size(), o.snapshots.c_str(),
            result.recordingSeconds, 100 * result.recordingSeconds / std::max(1e-9, result.trainSeconds));
    };
    if (o.out.empty()) {
        finishSnapshots();
        return result;
    }
    result.modelPath = o.out;
    if (!endsWithOnnx(o.out)) {
        io::writeNpz(o.out, models::stateDict(graph));
        say("weights written to %s (PyTorch state_dict names)\n", o.out.c_str());
        finishSnapshots();
        return result;
    }
    formats::OnnxExportOptions exportOptions;
    exportOptions.graphName = model.name;
    exportOptions.metadata = model.metadata; // kept from an --arch ONNX file
    if (!classNames.empty()) {
        std::string joined;
        for (const auto& n : classNames)
            joined += (joined.empty() ? "" : ",") + n;
        exportOptions.metadata[kClassNamesKey] = joined;
    }
    char summary[256];
    std::snprintf(summary, sizeof summary, "%s, %d epochs, batch %lld, %s lr %g, seed %llu, %lld samples",
                  archName.c_str(), o.epochs, static_cast<long long>(o.batchSize), o.optimizer.c_str(), o.lr,
                  static_cast<unsigned long long>(o.seed), static_cast<long long>(train.size()));
    std::string training = summary;
    if (lastTest) {
        std::snprintf(summary, sizeof summary, ", %s accuracy %.4f on %lld samples",
                      validation && !data.test ? "validation" : "test", lastTest->accuracy,
                      static_cast<long long>(lastTest->samples));
        training += summary;
    }
    exportOptions.metadata["lantern.training"] = training;
    formats::exportOnnx(graph, o.out, exportOptions);
    say("model written to %s (ONNX opset %d; output '%s' = the logits, no softmax; initializers with "
                "state_dict names%s)\n",
                o.out.c_str(), formats::onnxExportOpset(graph), graph.outputNames().front().c_str(),
                classNames.empty() ? "" : "; class names in metadata lantern.class_names");
    finishSnapshots();
    return result;
}
} // namespace

TrainJobResult runTrainJob(const TrainJobOptions& options, const TrainJobEvents& events)
{
    t_events = &events;
    t_line.clear();
    struct Reset {
        ~Reset() { t_events = nullptr; }
    } reset;
    return trainJob(options, events);
}

} // namespace lantern::app
