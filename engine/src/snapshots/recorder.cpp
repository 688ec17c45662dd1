#include "lantern/snapshots/recorder.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

namespace lantern::snapshots {

namespace {

using Clock = std::chrono::steady_clock;

Tensor softmaxRows(const Tensor& logits)
{
    Tensor out(logits.shape());
    const int64_t rows = logits.dim(0), cols = logits.size() / std::max<int64_t>(1, rows);
    for (int64_t r = 0; r < rows; ++r) {
        const float* in = logits.data() + r * cols;
        float* o = out.data() + r * cols;
        const float top = *std::max_element(in, in + cols);
        double sum = 0;
        for (int64_t c = 0; c < cols; ++c)
            sum += (o[c] = std::exp(in[c] - top));
        for (int64_t c = 0; c < cols; ++c)
            o[c] = static_cast<float>(o[c] / sum);
    }
    return out;
}

/// Keeps copies of the values a forward pass computes for the requested activations (the pass frees the rest).
class Catch : public Observer {
public:
    std::map<std::string, Tensor> values; ///< value name -> copy, for the names asked for
    void onValue(const std::string&, const std::string& value, const Tensor& tensor) override
    {
        const auto it = values.find(value);
        if (it != values.end())
            it->second = tensor.clone();
    }
};

/// Copies the rows of `part` (one per entry of `rows`) into rows `rows` of `whole`, created on first use.
void scatterRows(Tensor& whole, int64_t total, const Tensor& part, const std::vector<int64_t>& rows)
{
    if (whole.isEmpty()) {
        Shape shape = part.shape();
        shape[0] = total;
        whole = Tensor(shape);
    }
    const int64_t row = part.size() / std::max<int64_t>(1, part.dim(0));
    for (size_t i = 0; i < rows.size(); ++i)
        std::memcpy(whole.data() + rows[i] * row, part.data() + int64_t(i) * row, size_t(row) * sizeof(float));
}

/// A node or parameter name as one component of a series path: ONNX names such as "/features/0/Conv" keep their
/// text with '/' written as %2F (and '%' as %25).
std::string component(const std::string& name)
{
    std::string out;
    for (char c : name.front() == '/' ? name.substr(1) : name)
        out += c == '/' ? std::string("%2F") : c == '%' ? std::string("%25") : std::string(1, c);
    return out.empty() ? std::string("_") : out;
}

} // namespace

Probes chooseProbes(const Dataset& data, int64_t count, const std::string& source)
{
    const int64_t n = data.size();
    if (n == 0)
        throw ArgumentError(source + ": no samples to choose probes from");
    std::vector<int64_t> chosen;
    const bool classLabels = data.targets.rank() == 1;
    if (count >= n || !classLabels) {
        for (int64_t i = 0; i < std::min(count, n); ++i)
            chosen.push_back(i);
    } else {
        std::vector<int64_t> order;               // classes in order of first appearance
        std::map<int64_t, std::vector<int64_t>> byClass;
        for (int64_t i = 0; i < n; ++i) {
            const auto c = static_cast<int64_t>(data.targets.data()[i]);
            if (byClass.find(c) == byClass.end())
                order.push_back(c);
            byClass[c].push_back(i);
        }
        std::map<int64_t, size_t> next;
        while (static_cast<int64_t>(chosen.size()) < count)
            for (int64_t c : order) {
                if (static_cast<int64_t>(chosen.size()) == count)
                    break;
                if (next[c] < byClass[c].size())
                    chosen.push_back(byClass[c][next[c]++]);
            }
        std::sort(chosen.begin(), chosen.end());
    }
    Probes p;
    p.inputs = gatherRows(data.inputs, chosen);
    p.indices = chosen;
    for (int64_t i : chosen)
        p.targets.push_back(classLabels ? static_cast<int64_t>(data.targets.data()[i]) : -1);
    p.source = source;
    return p;
}

struct SnapshotRecorder::Impl {
    Model& model;
    Probes probes;
    RecordOptions options;
    const std::atomic<bool>* cancel;
    std::optional<SnapshotWriter> writer;
    std::vector<SeriesSpec> series; ///< declared by the first compute(), in the order computed
    bool declaring = true;
    Clock::time_point start = Clock::now();
    double recording = 0;
    int64_t stepsPerEpoch = 0;

    Impl(Model& m, Probes p, const RecordOptions& o, const std::atomic<bool>* c)
        : model(m), probes(std::move(p)), options(o), cancel(c)
    {}

    /// Everything of one frame except its position in time; series are keyed by name.
    Frame compute();
    void put(Frame& frame, const std::string& name, const std::string& kind, const std::string& label, Tensor value)
    {
        if (declaring) {
            Shape shape = value.shape();
            if (kind != "weights")
                shape.erase(shape.begin());
            series.push_back({name, shape, kind, label});
        }
        frame.series[name] = std::move(value);
    }
};

Frame SnapshotRecorder::Impl::compute()
{
    Graph& graph = model.graph;
    Frame frame;
    const int64_t count = probes.inputs.dim(0);

    // one plain forward pass: probabilities and the requested activations (nothing fused away)
    ForwardOptions fo;
    fo.mode = Mode::Inference;
    fo.fuse = options.activations.empty();
    fo.cancel = cancel;
    Catch caught;
    for (const std::string& node : options.activations)
        caught.values[graph.node(node).outputs.front()] = Tensor();
    if (!model.finalSoftmax.empty())
        caught.values[model.logits] = Tensor(); // probabilities from the logits, whatever the final op
    if (!caught.values.empty())
        fo.observer = &caught;
    Execution run = graph.forward({{graph.inputNames().front(), probes.inputs}}, fo);
    const Tensor& out = run.value(graph.outputNames().front());
    frame.probabilities = softmaxRows(model.finalSoftmax.empty() ? out : caught.values.at(model.logits));

    std::vector<int64_t> predicted(static_cast<size_t>(count));
    const int64_t classes = frame.probabilities.dim(1);
    for (int64_t i = 0; i < count; ++i) {
        const float* p = frame.probabilities.data() + i * classes;
        predicted[size_t(i)] = std::max_element(p, p + classes) - p;
    }

    for (const std::string& method : options.methods) {
        explain::ExplainRequest request;
        request.method = method;
        request.cancel = cancel;
        if (method == "attentive-response") {
            // filters are ranked by activation: the same for every target, one call for all probes
            request.params = {{"n", std::to_string(options.topFilters)}, {"layers", "all"},
                              {"style", options.responseStyle}};
            const explain::Explanation e = explain::explain(model, probes.inputs, request);
            for (const Node& n : graph.nodes()) { // graph order
                const auto sum = e.extra.find(n.name + "/sum");
                const auto index = e.extra.find(n.name + "/filter_index");
                if (sum == e.extra.end() || index == e.extra.end())
                    continue;
                const std::string base = "attentive-response/" + component(n.name);
                put(frame, base + "/sum", "map",
                    n.name + " · attentive response (sum of top " + std::to_string(options.topFilters) + ")",
                    sum->second);
                put(frame, base + "/filter_index", "filters", n.name + " · top filters", index->second);
            }
            continue;
        }
        // the true class where known, else the predicted one; one call per class
        std::map<int64_t, std::vector<int64_t>> groups;
        for (int64_t i = 0; i < count; ++i) {
            const int64_t t = probes.targets[size_t(i)];
            groups[t >= 0 && t < classes ? t : predicted[size_t(i)]].push_back(i);
        }
        Tensor whole;
        for (const auto& [cls, rows] : groups) {
            request.target = explain::Target::index(cls);
            const explain::Explanation e = explain::explain(model, gatherRows(probes.inputs, rows), request);
            scatterRows(whole, count, e.map, rows);
        }
        put(frame, method + "/map", "map", method, whole);
    }

    for (const std::string& node : options.activations) {
        const Tensor& value = caught.values.at(graph.node(node).outputs.front());
        if (value.rank() < 1 || value.dim(0) != count)
            throw ArgumentError("--record-activations " + node + ": its output " + shapeToString(value.shape()) +
                                " has no row per probe sample");
        put(frame, "activations/" + component(node), "activation", node + " · activation", value);
    }
    if (options.weights)
        for (auto& [name, param] : graph.parameters())
            if (param->trainable)
                put(frame, "weights/" + component(name), "weights", name, param->value);
    return frame;
}

SnapshotRecorder::SnapshotRecorder(Model& model, const std::string& path, Probes probes, SnapshotHeader header,
                                   const RecordOptions& options, const std::atomic<bool>* cancel)
    : m_impl(std::make_unique<Impl>(model, std::move(probes), options, cancel))
{
    Impl& d = *m_impl;
    if (options.every != "epoch" && !(options.every == "steps" && options.everySteps > 0))
        throw ArgumentError("--snapshot-every: 'epoch' or a positive number of steps");
    for (const std::string& m : options.methods)
        (void)explain::method(m); // ArgumentError listing the methods
    for (const std::string& node : options.activations)
        if (!model.graph.hasNode(node)) {
            std::string names;
            for (const Node& n : model.graph.nodes())
                names += (names.empty() ? "" : ", ") + n.name;
            throw ArgumentError("--record-activations: the model has no layer '" + node + "' (layers: " + names + ")");
        }
    if (d.probes.inputs.isEmpty() || d.probes.inputs.dim(0) == 0)
        throw ArgumentError(path + ": no probe samples to record");

    const auto t0 = Clock::now();
    Frame first = d.compute();
    d.declaring = false;
    header.probeInputs = d.probes.inputs;
    header.probeTargets = d.probes.targets;
    header.probeIndices = d.probes.indices;
    header.probeSource = d.probes.source;
    header.every = options.every;
    header.everySteps = options.everySteps;
    header.series = d.series;
    if (header.classNames.empty())
        for (int64_t c = 0; c < first.probabilities.dim(1); ++c)
            header.classNames.push_back(std::to_string(c));
    d.writer.emplace(path, header);
    d.recording += std::chrono::duration<double>(Clock::now() - t0).count();
    if (options.initial) {
        first.epoch = 0;
        first.step = 0;
        d.writer->append(first);
    }
}

SnapshotRecorder::~SnapshotRecorder() = default;

void SnapshotRecorder::record(int epoch, int64_t step, const EpochEvent* event, double batchLoss)
{
    Impl& d = *m_impl;
    const auto t0 = Clock::now();
    Frame frame = d.compute();
    frame.epoch = epoch;
    frame.step = step;
    frame.seconds = std::chrono::duration<double>(t0 - d.start).count() ;
    if (event) {
        frame.trainLoss = event->train.loss;
        frame.trainAccuracy = event->train.accuracy;
        if (event->validation) {
            frame.validationLoss = event->validation->loss;
            frame.validationAccuracy = event->validation->accuracy;
        }
    } else {
        frame.trainLoss = batchLoss;
    }
    d.writer->append(frame);
    d.recording += std::chrono::duration<double>(Clock::now() - t0).count();
    if (onFrame)
        onFrame(d.writer->frames());
}

void SnapshotRecorder::attach(Trainer& trainer, int64_t stepsPerEpoch)
{
    Impl& d = *m_impl;
    d.stepsPerEpoch = stepsPerEpoch;
    d.start = Clock::now();
    auto previousBatch = trainer.onBatchEnd;
    auto previousEpoch = trainer.onEpochEnd;
    trainer.onBatchEnd = [this, previousBatch](const BatchEvent& e) {
        if (previousBatch)
            previousBatch(e);
        const Impl& o = *m_impl;
        const int64_t step = int64_t(e.epoch) * e.batches + e.batch + 1;
        // the epoch's last step is recorded at the epoch's end, with the epoch's curves
        if (o.options.every == "steps" && step % o.options.everySteps == 0 && e.batch + 1 < e.batches)
            record(e.epoch, step, nullptr, e.loss);
    };
    trainer.onEpochEnd = [this, previousEpoch](const EpochEvent& e) {
        const bool go = previousEpoch ? previousEpoch(e) : true;
        // every epoch's end: in step mode too, so that validation curves reach the file
        record(e.epoch + 1, int64_t(e.epoch + 1) * m_impl->stepsPerEpoch, &e);
        return go;
    };
}

int64_t SnapshotRecorder::frames() const { return m_impl->writer ? m_impl->writer->frames() : 0; }
double SnapshotRecorder::recordingSeconds() const { return m_impl->recording; }
const std::vector<SeriesSpec>& SnapshotRecorder::series() const { return m_impl->series; }

void SnapshotRecorder::close(const std::string& modelFile)
{
    if (m_impl->writer)
        m_impl->writer->close(modelFile);
}

} // namespace lantern::snapshots
