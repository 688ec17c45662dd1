// lantern-cli train: a preset or an imported architecture (ONNX, Keras) trained with softmax cross-entropy on
// class-labelled data (IDX, .npy, .npz, HDF5), written as ONNX (the logits as output) or as a .npz state dict.
#include "commands.h"
#include "train_data.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/training/trainer.h"
#include "lantern/version.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lantern::cli {

namespace {

struct TrainOptions {
    std::string preset = "fmnist-cnn";
    std::string arch, archWeights;
    bool keepWeights = false;
    std::string data;
    TrainDataFiles files;
    int epochs = 1;
    int64_t batchSize = 64;
    std::string optimizer = "adam";
    double lr = 1e-3;
    double lrDecay = 1.0;
    double momentum = 0.9;
    bool nesterov = false;
    std::string l1 = "0", l2 = "0";
    std::string classWeights, classNames;
    double validationFraction = 0;
    uint64_t seed = 0, initSeed = 0;
    float scale = 1.f;
    int64_t trainLimit = 0, testLimit = 0;
    std::string out;
    int threads = 0;
    // which options were given on the command line
    const CLI::Option* initSeedOption = nullptr;
    const CLI::Option* scaleOption = nullptr;
};

constexpr const char* kClassNamesKey = "lantern.class_names";

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

/// A CLI11 check "a number above (or at least) `bound`" whose message reads "--flag: must be ... (got X)".
CLI::Validator atLeast(double bound, bool strict)
{
    const std::string what = (strict ? "a number above " : "a number >= ") + number(bound);
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            double v = 0;
            size_t used = 0;
            try {
                v = std::stod(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size() || !std::isfinite(v) || (strict ? v <= bound : v < bound))
                return "must be " + what + " (got '" + text + "')";
            return {};
        },
        strict&& bound == 0 ? "POSITIVE" : "NONNEGATIVE");
}

/// "--out" ending in .onnx (any case) writes the whole model as ONNX; anything else the weights as .npz.
bool endsWithOnnx(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".onnx";
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

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
        std::printf("  layer %s: L1 %g, L2 %g on its weights (Keras convention: factor * sum w^2 added to the loss)\n",
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

void validate(const TrainOptions& o)
{
    if (!(o.lrDecay > 0 && o.lrDecay <= 1))
        throw ArgumentError("--lr-decay " + number(o.lrDecay) + ": must be in (0, 1]");
    if (!(o.momentum >= 0 && o.momentum < 1))
        throw ArgumentError("--momentum " + number(o.momentum) + ": must be in [0, 1)");
    if (o.nesterov && (o.optimizer != "sgd" || o.momentum == 0))
        throw ArgumentError("--nesterov needs --optimizer sgd and a --momentum above 0");
    if (!o.archWeights.empty() && o.arch.empty())
        throw ArgumentError("--arch-weights " + o.archWeights + ": needs --arch (a Keras 1 JSON architecture)");
    if (!(o.validationFraction >= 0 && o.validationFraction < 1))
        throw ArgumentError("--validation-fraction " + number(o.validationFraction) + ": must be in [0, 1)");
    if (!o.classNames.empty() && !o.out.empty() && !endsWithOnnx(o.out))
        throw ArgumentError("--class-names: stored in ONNX metadata, so --out must be a .onnx file (got " + o.out +
                            ")");
}

/// The model to train, with its output being the logits. `seed` initialises weights.
Model buildModel(const TrainOptions& o, uint64_t seed)
{
    if (o.arch.empty()) {
        Model m = loadModel("preset:" + o.preset, LoadOptions{"", seed});
        if (o.preset.rfind("mlp-", 0) == 0)
            m.inputLayout = "NC";
        m.removeFinalSoftmax();
        std::printf("architecture: preset %s, Kaiming-normal weights and zero biases from seed %llu\n",
                    o.preset.c_str(), static_cast<unsigned long long>(seed));
        return m;
    }
    Model m = loadModel(o.arch, LoadOptions{o.archWeights, seed});
    std::printf("architecture: %s (%s)\n", o.arch.c_str(), m.format.c_str());
    if (m.graph.inputNames().size() != 1 || m.graph.outputNames().size() != 1)
        throw ArgumentError(
            "--arch " + o.arch + ": training needs a model with one input and one output (this one has " +
            std::to_string(m.graph.inputNames().size()) + " and " + std::to_string(m.graph.outputNames().size()) + ")");
    if (!m.finalSoftmax.empty()) {
        std::printf("  final softmax node '%s' removed: training uses softmax cross-entropy on the logits '%s', "
                    "which are also the output of the written model\n",
                    m.finalSoftmax.c_str(), m.logits.c_str());
        m.removeFinalSoftmax();
    }
    if (o.keepWeights) {
        std::printf(
            "  starting from the parameters stored in %s (--keep-weights)\n",
            (m.format == "keras1" && o.archWeights.empty() ? std::string("(none: seeded initialisation)") : m.source)
                .c_str());
    } else {
        models::initializeKaiming(m.graph, seed);
        std::printf("  Conv2D/Gemm weights re-initialised (Kaiming normal, seed %llu), their biases zero; any other "
                    "parameters (e.g. BatchNorm) keep the file's values (--keep-weights starts from all of them)\n",
                    static_cast<unsigned long long>(seed));
    }
    return m;
}

/// "mlp:8,8" -> "mlp-<inputs>-8-8-<classes>": the sizes the training data implies (flattened samples, labels).
std::string mlpPresetFor(const TrainOptions& o)
{
    std::string hidden = o.preset.size() > 4 ? o.preset.substr(4) : std::string();
    std::string sizes;
    for (const std::string& h : splitList(hidden))
        if (!h.empty())
            sizes += "-" + h;
    TrainDataOptions options;
    options.trainLimit = o.trainLimit;
    if (o.scaleOption && o.scaleOption->count() > 0)
        options.scale = o.scale;
    const TrainData probe = loadTrainData(resolveDataDir(o.data, o.files), {-1, -1}, "NC", options);
    float top = 0;
    for (float y : probe.train.targets.values())
        top = std::max(top, y);
    const int64_t classes = std::max<int64_t>(2, static_cast<int64_t>(top) + 1);
    const std::string name = "mlp-" + std::to_string(probe.train.inputs.dim(1)) + sizes + "-" + std::to_string(classes);
    std::printf("  %s: %lld inputs per sample (flattened), %lld classes from the labels\n", name.c_str(),
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

void run(const TrainOptions& o)
{
    validate(o);
    if (o.threads > 0)
        setThreadCount(o.threads);
    const uint64_t initSeed = o.initSeedOption && o.initSeedOption->count() > 0 ? o.initSeed : o.seed;
    TrainOptions resolved = o;
    if (o.arch.empty() && (o.preset == "mlp" || o.preset.rfind("mlp:", 0) == 0))
        resolved.preset = mlpPresetFor(o);
    Model model = buildModel(resolved, initSeed);
    Graph& graph = model.graph;

    TrainDataOptions dataOptions;
    if (o.scaleOption && o.scaleOption->count() > 0)
        dataOptions.scale = o.scale;
    dataOptions.trainLimit = o.trainLimit;
    dataOptions.testLimit = o.testLimit;
    const TrainDataFiles files = resolveDataDir(o.data, o.files);
    const TrainData data =
        loadTrainData(files, graph.inputShape(graph.inputNames().front()), model.inputLayout, dataOptions);
    for (const auto& note : data.notes)
        std::printf("  %s\n", note.c_str());
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
            throw ArgumentError("--validation-fraction " + number(o.validationFraction) + ": leaves " +
                                std::to_string(n - held) + " of " + std::to_string(n) + " samples for training");
        std::vector<int64_t> first(static_cast<size_t>(n - held)), last(static_cast<size_t>(held));
        for (int64_t i = 0; i < n; ++i)
            (i < n - held ? first[size_t(i)] : last[size_t(i - (n - held))]) = i;
        validation = Dataset{gatherRows(train.inputs, last), gatherRows(train.targets, last)};
        train = Dataset{gatherRows(train.inputs, first), gatherRows(train.targets, first)};
        std::printf("  validation: the last %lld of %lld samples (%.0f%%), training on the first %lld\n",
                    static_cast<long long>(held), static_cast<long long>(n), 100 * o.validationFraction,
                    static_cast<long long>(n - held));
    }
    std::vector<float> classWeights;
    if (o.classWeights == "balanced") {
        classWeights = balancedClassWeights(train.targets, classes);
        std::string text;
        for (float w : classWeights)
            text += (text.empty() ? "" : ", ") + number(w);
        std::printf("  class weights (balanced: n / (classes * count)): %s\n", text.c_str());
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
    std::printf("training %s (%lld parameters, %lld classes) on %lld samples, %s, %s\n", archName.c_str(),
                static_cast<long long>(graph.parameterCount()), static_cast<long long>(classes),
                static_cast<long long>(train.size()), o.optimizer.c_str(), backendDescription().c_str());
    std::fflush(stdout);
    std::unique_ptr<Progress> progress;
    double running = 0;
    trainer.onBatchEnd = [&](const BatchEvent& e) {
        if (e.batch == 0)
            progress =
                std::make_unique<Progress>("epoch " + std::to_string(e.epoch + 1) + "/" + std::to_string(o.epochs));
        running = e.batch == 0 ? e.loss : 0.95 * running + 0.05 * e.loss;
        char detail[64];
        std::snprintf(detail, sizeof detail, "loss %.4f", running);
        progress->update(e.batch + 1, e.batches, detail);
    };
    const auto start = std::chrono::steady_clock::now();
    std::optional<Evaluation> lastTest;
    trainer.onEpochEnd = [&](const EpochEvent& e) {
        if (progress)
            progress->finish();
        std::printf("epoch %d: train loss %.4f accuracy %.2f%%", e.epoch + 1, e.train.loss, 100 * e.train.accuracy);
        if (e.validation)
            std::printf(", %s loss %.4f accuracy %.2f%%", validation ? "validation" : "test", e.validation->loss,
                        100 * e.validation->accuracy);
        std::printf(" (%.1f s)\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        std::fflush(stdout);
        lastTest = e.validation;
        if (o.lrDecay != 1.0)
            opt->setLearningRate(opt->learningRate() * o.lrDecay);
        return true;
    };
    const Dataset* watched = validation ? &*validation : (data.test ? &*data.test : nullptr);
    trainer.fit(train, watched);
    if (validation && data.test) {
        lastTest = Trainer::evaluate(graph, *data.test, &loss);
        std::printf("test loss %.4f accuracy %.2f%% on %lld samples\n", lastTest->loss, 100 * lastTest->accuracy,
                    static_cast<long long>(lastTest->samples));
    }
    if (o.out.empty())
        return;
    if (!endsWithOnnx(o.out)) {
        io::writeNpz(o.out, models::stateDict(graph));
        std::printf("weights written to %s (PyTorch state_dict names)\n", o.out.c_str());
        return;
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
    std::printf("model written to %s (ONNX opset %d; output '%s' = the logits, no softmax; initializers with "
                "state_dict names%s)\n",
                o.out.c_str(), formats::onnxExportOpset(graph), graph.outputNames().front().c_str(),
                classNames.empty() ? "" : "; class names in metadata lantern.class_names");
}

} // namespace

void addTrainCommand(CLI::App& app)
{
    auto o = std::make_shared<TrainOptions>();
    auto* cmd = app.add_subcommand(
        "train", "Train a preset or an imported architecture (ONNX, Keras) on labelled data; write ONNX or .npz");
    auto* preset = cmd->add_option("--preset", o->preset,
                                   "Built-in architecture: fmnist-cnn, ziletti-cnn, or mlp:H1,H2,... (dense layers fc1.. "
                                   "with ReLU; inputs and classes from the data, e.g. mlp:8,8 for Toms et al. 2020)")
                       ->capture_default_str();
    cmd->add_option("--arch", o->arch,
                    "Architecture file instead of a preset: ONNX, Keras .h5 or Keras 1 .json. A final softmax is "
                    "removed (training uses softmax cross-entropy); the written model outputs the logits")
        ->excludes(preset);
    cmd->add_option("--arch-weights", o->archWeights, "HDF5 weights for a Keras 1 JSON --arch");
    cmd->add_flag("--keep-weights", o->keepWeights,
                  "Start from the parameters in the --arch file (default: re-initialise Conv2D/Gemm weights)");
    const std::string formats = " (IDX, .npy, .npz:KEY, .h5:/DATASET)";
    cmd->add_option("--data", o->data, "Folder with train-/t10k- images and labels IDX files (gzip or not)");
    cmd->add_option("--train-images", o->files.trainImages, "Training images" + formats);
    cmd->add_option("--train-labels", o->files.trainLabels, "Training labels" + formats + " or text");
    cmd->add_option("--test-images", o->files.testImages, "Test images" + formats);
    cmd->add_option("--test-labels", o->files.testLabels, "Test labels" + formats + " or text");
    o->scaleOption = cmd->add_option("--scale", o->scale,
                                     "Multiply inputs by this (default: 1/255 for integer pixel data 0..255, else 1)");
    cmd->add_option("--epochs", o->epochs, "Epochs")->capture_default_str()->check(atLeast(0, false));
    cmd->add_option("--batch-size", o->batchSize, "Mini-batch size")->capture_default_str()->check(atLeast(0, true));
    cmd->add_option("--optimizer", o->optimizer, "adam or sgd")
        ->capture_default_str()
        ->check(CLI::IsMember({"adam", "sgd"}));
    cmd->add_option("--lr", o->lr, "Learning rate")->capture_default_str()->check(atLeast(0, true));
    cmd->add_option("--lr-decay", o->lrDecay, "Multiply the learning rate by this after every epoch, in (0, 1]")
        ->capture_default_str();
    cmd->add_option("--momentum", o->momentum, "SGD momentum, in [0, 1)")->capture_default_str();
    cmd->add_flag("--nesterov", o->nesterov, "Nesterov momentum (SGD)");
    cmd->add_option("--l1", o->l1, "L1 penalty: FACTOR on every weight, or per layer LAYER=FACTOR,... (fc1=0.1)")
        ->capture_default_str();
    cmd->add_option("--l2", o->l2,
                    "L2 penalty: FACTOR on every weight, or per layer LAYER=FACTOR,... (fc1=25,fc2=0.01,fc3=0.01); "
                    "Keras convention, factor * sum w^2 added to the loss")
        ->capture_default_str();
    cmd->add_option("--class-weights", o->classWeights,
                    "Loss weight per class: w0,w1,... or 'balanced' (n / (classes * count), from the training labels)");
    cmd->add_option("--validation-fraction", o->validationFraction,
                    "Hold out the last fraction of the training samples (in file/time order) for validation");
    cmd->add_option("--class-names", o->classNames,
                    "Class names, comma-separated, stored in the ONNX metadata (key lantern.class_names)");
    cmd->add_option("--seed", o->seed, "Seed for shuffling and dropout, and for initialisation unless --init-seed")
        ->capture_default_str();
    o->initSeedOption = cmd->add_option("--init-seed", o->initSeed, "Seed for weight initialisation (default: --seed)");
    cmd->add_option("--train-limit", o->trainLimit, "Use only the first N training samples (0 = all)")
        ->check(atLeast(0, false));
    cmd->add_option("--test-limit", o->testLimit, "Use only the first N test samples (0 = all)")
        ->check(atLeast(0, false));
    cmd->add_option("--threads", o->threads, "Compute threads (0 = all cores)")->check(atLeast(0, false));
    cmd->add_option("--out", o->out,
                    "Write the trained model: FILE.onnx as an ONNX model (logits output, metadata), otherwise the "
                    "weights as .npz (state_dict names)");
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
