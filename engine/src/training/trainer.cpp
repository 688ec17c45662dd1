#include "lantern/training/trainer.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

namespace lantern {

Tensor gatherRows(const Tensor& t, const std::vector<int64_t>& indices)
{
    Shape shape = t.shape();
    const int64_t row = t.dim(0) ? t.size() / t.dim(0) : 0;
    shape[0] = static_cast<int64_t>(indices.size());
    Tensor out(shape);
    for (size_t i = 0; i < indices.size(); ++i) {
        if (indices[i] < 0 || indices[i] >= t.dim(0))
            throw ArgumentError("row index " + std::to_string(indices[i]) + " out of range");
        std::memcpy(out.data() + static_cast<int64_t>(i) * row, t.data() + indices[i] * row,
                    static_cast<size_t>(row) * sizeof(float));
    }
    return out;
}

namespace {

bool isClassTargets(const Tensor& output, const Tensor& targets)
{
    return output.rank() == 2 && targets.rank() == 1;
}

int64_t correct(const Tensor& output, const Tensor& targets)
{
    const int64_t n = output.dim(0), c = output.dim(1);
    int64_t ok = 0;
    for (int64_t i = 0; i < n; ++i) {
        const float* row = output.data() + i * c;
        if (std::max_element(row, row + c) - row == static_cast<int64_t>(targets[i]))
            ++ok;
    }
    return ok;
}

void checkDataset(const Graph& graph, const Dataset& d, const char* what)
{
    if (d.size() == 0)
        throw ArgumentError(std::string(what) + " set is empty");
    if (d.targets.isEmpty() || d.targets.dim(0) != d.size())
        throw ShapeError(std::string(what) + " set has " + std::to_string(d.size()) + " inputs but targets of shape " +
                         shapeToString(d.targets.shape()));
    if (graph.inputNames().size() != 1 || graph.outputNames().empty())
        throw ArgumentError("training needs a graph with one input and an output");
}

} // namespace

Trainer::Trainer(Graph& graph, const Loss& loss, Optimizer& optimizer, TrainConfig config)
    : m_graph(graph), m_loss(loss), m_optimizer(optimizer), m_config(config)
{
    if (m_config.epochs < 0 || m_config.batchSize <= 0)
        throw ArgumentError("training needs epochs >= 0 and a positive batch size");
}

std::vector<EpochEvent> Trainer::fit(const Dataset& train, const Dataset* validation)
{
    checkDataset(m_graph, train, "training");
    if (validation)
        checkDataset(m_graph, *validation, "validation");
    const std::string input = m_graph.inputNames()[0];
    const std::string output = m_graph.outputNames()[0];
    std::mt19937_64 rng(m_config.seed);
    std::vector<int64_t> order(static_cast<size_t>(train.size()));
    std::iota(order.begin(), order.end(), 0);
    const int64_t batches = (train.size() + m_config.batchSize - 1) / m_config.batchSize;
    std::vector<EpochEvent> history;
    for (int epoch = 0; epoch < m_config.epochs; ++epoch) {
        if (m_config.shuffle)
            std::shuffle(order.begin(), order.end(), rng);
        double lossSum = 0;
        int64_t seen = 0, right = 0;
        bool classes = false;
        for (int64_t b = 0; b < batches; ++b) {
            if (cancel && cancel->load())
                throw CancelledError();
            const int64_t begin = b * m_config.batchSize;
            const int64_t end = std::min(train.size(), begin + m_config.batchSize);
            const std::vector<int64_t> idx(order.begin() + begin, order.begin() + end);
            const Tensor x = gatherRows(train.inputs, idx);
            const Tensor y = gatherRows(train.targets, idx);
            ForwardOptions fo;
            fo.mode = Mode::Training;
            fo.keepForBackward = true;
            fo.seed = m_config.seed ^ (static_cast<uint64_t>(epoch) << 32) ^ static_cast<uint64_t>(b);
            Execution ex = m_graph.forward({{input, x}}, fo);
            const Tensor& out = ex.value(output);
            Tensor grad;
            const double loss = m_loss.compute(out, y, &grad);
            if (!std::isfinite(loss))
                throw Error("training diverged: the loss became " + std::to_string(loss) + " in epoch " +
                            std::to_string(epoch + 1) + ", batch " + std::to_string(b + 1) +
                            " (lower the learning rate)");
            m_graph.zeroGrad();
            BackwardOptions bo;
            bo.accumulateParamGrads = true;
            bo.wanted = {output}; // no gradient for the input itself
            m_graph.backward(ex, {{output, grad}}, bo);
            m_optimizer.step();
            lossSum += loss * double(end - begin);
            seen += end - begin;
            classes = isClassTargets(out, y);
            if (classes)
                right += correct(out, y);
            if (onBatchEnd)
                onBatchEnd(BatchEvent{epoch, b, batches, loss});
        }
        EpochEvent event;
        event.epoch = epoch;
        event.train.loss = lossSum / double(seen);
        event.train.accuracy = classes ? double(right) / double(seen) : std::nan("");
        event.train.samples = seen;
        if (validation)
            event.validation = evaluate(m_graph, *validation, &m_loss);
        history.push_back(event);
        if (onEpochEnd && !onEpochEnd(event))
            break;
    }
    return history;
}

Evaluation Trainer::evaluate(Graph& graph, const Dataset& data, const Loss* loss, int64_t batchSize)
{
    checkDataset(graph, data, "evaluation");
    const std::string input = graph.inputNames()[0];
    const std::string output = graph.outputNames()[0];
    Evaluation e;
    double lossSum = 0;
    int64_t right = 0;
    bool classes = false;
    for (int64_t begin = 0; begin < data.size(); begin += batchSize) {
        const int64_t end = std::min(data.size(), begin + batchSize);
        const Tensor x = data.inputs.slice(begin, end);
        const Tensor y = data.targets.slice(begin, end);
        Execution ex = graph.forward({{input, x}});
        const Tensor& out = ex.value(output);
        if (loss)
            lossSum += loss->compute(out, y, nullptr) * double(end - begin);
        classes = isClassTargets(out, y);
        if (classes)
            right += correct(out, y);
    }
    e.samples = data.size();
    e.loss = loss ? lossSum / double(data.size()) : std::nan("");
    e.accuracy = classes ? double(right) / double(data.size()) : std::nan("");
    return e;
}

} // namespace lantern
