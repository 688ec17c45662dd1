#include "gradcheck.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>

namespace lantern::test {

Tensor randomTensor(const Shape& shape, uint64_t seed, float lo, float hi)
{
    Tensor t(shape);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    for (auto& v : t.values())
        v = dist(rng);
    return t;
}

Tensor distinctTensor(const Shape& shape, uint64_t seed, float gap, bool awayFromZero)
{
    Tensor t(shape);
    std::vector<int64_t> order(static_cast<size_t>(t.size()));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    const double half = static_cast<double>(t.size()) / 2.0;
    for (int64_t i = 0; i < t.size(); ++i) {
        double v = (static_cast<double>(order[static_cast<size_t>(i)]) - half) * gap;
        if (awayFromZero && std::fabs(v) < gap)
            v = v < 0 ? v - gap / 2 : v + gap / 2;
        t[i] = static_cast<float>(v);
    }
    return t;
}

void randomizeParameters(Op& op, uint64_t seed, float lo, float hi)
{
    for (Parameter* p : op.parameters()) {
        p->value.copyFrom(randomTensor(p->value.shape(), seed++, lo, hi));
        p->markModified();
    }
}

bool allClose(const Tensor& a, const Tensor& b, double atol, double rtol, std::string* message)
{
    if (a.shape() != b.shape()) {
        if (message)
            *message = "shape " + shapeToString(a.shape()) + " != expected " + shapeToString(b.shape());
        return false;
    }
    double worst = 0;
    int64_t where = -1;
    for (int64_t i = 0; i < a.size(); ++i) {
        const double d = std::fabs(double(a[i]) - double(b[i]));
        const double excess = d - (atol + rtol * std::fabs(double(b[i])));
        if (!(excess <= 0) && (where < 0 || excess > worst || std::isnan(excess))) {
            worst = excess;
            where = i;
        }
    }
    if (where >= 0) {
        if (message) {
            std::ostringstream os;
            os << "element " << where << " of " << shapeToString(a.shape()) << ": got " << a[where] << ", expected "
               << b[where] << " (atol " << atol << ", rtol " << rtol << ")";
            *message = os.str();
        }
        return false;
    }
    return true;
}

std::vector<Tensor> runForward(Op& op, const std::vector<Tensor>& inputs, Mode mode)
{
    ForwardArgs args;
    args.inputs = inputs;
    args.mode = mode;
    op.forward(args);
    return args.outputs;
}

namespace {

double weightedLoss(Op& op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& weights, Mode mode,
                    uint64_t seed)
{
    ForwardArgs args;
    args.inputs = inputs;
    args.mode = mode;
    args.seed = seed;
    op.forward(args);
    double loss = 0;
    for (size_t k = 0; k < args.outputs.size(); ++k)
        for (int64_t i = 0; i < args.outputs[k].size(); ++i)
            loss += double(args.outputs[k][i]) * double(weights[k][i]);
    return loss;
}

std::vector<int64_t> sampleIndices(int64_t size, int maxCount, std::mt19937_64& rng)
{
    std::vector<int64_t> idx(static_cast<size_t>(size));
    std::iota(idx.begin(), idx.end(), 0);
    if (size > maxCount) {
        std::shuffle(idx.begin(), idx.end(), rng);
        idx.resize(static_cast<size_t>(maxCount));
    }
    return idx;
}

bool compareOne(double analytic, double numeric, const GradCheckOptions& o)
{
    return std::fabs(analytic - numeric) <= o.atol + o.rtol * std::fabs(numeric);
}

} // namespace

GradCheckResult gradCheck(Op& op, const std::vector<Tensor>& inputsIn, const GradCheckOptions& o,
                          const std::vector<int>& skipInputs)
{
    GradCheckResult result;
    std::vector<Tensor> inputs;
    for (const auto& t : inputsIn)
        inputs.push_back(t.isEmpty() ? Tensor() : t.clone());

    ForwardArgs fa;
    fa.inputs = inputs;
    fa.mode = o.mode;
    fa.keepForBackward = true;
    fa.seed = o.seed;
    op.forward(fa);
    std::vector<Tensor> weights;
    for (size_t k = 0; k < fa.outputs.size(); ++k)
        weights.push_back(randomTensor(fa.outputs[k].shape(), o.seed + 100 + k, -1.f, 1.f));

    for (Parameter* p : op.parameters())
        if (!p->grad.isEmpty())
            p->grad.fill(0.f);
    BackwardArgs ba;
    ba.inputs = inputs;
    ba.outputs = fa.outputs;
    ba.gradOutputs = weights;
    ba.needInputGrad.assign(inputs.size(), false);
    for (size_t i = 0; i < inputs.size(); ++i)
        ba.needInputGrad[i] =
            !inputs[i].isEmpty() && std::find(skipInputs.begin(), skipInputs.end(), int(i)) == skipInputs.end();
    ba.gradInputs.resize(inputs.size());
    ba.accumulateParamGrads = o.checkParams;
    ba.state = fa.state.get();
    ba.mode = o.mode;
    op.backward(ba);

    std::mt19937_64 rng(o.seed);
    auto fail = [&](const std::string& what, int64_t i, double a, double n) {
        std::ostringstream os;
        os << op.type() << ": d/d " << what << "[" << i << "]: analytic " << a << ", numeric " << n;
        result.ok = false;
        result.message = os.str();
    };

    for (size_t k = 0; k < inputs.size() && result.ok; ++k) {
        if (!ba.needInputGrad[k])
            continue;
        const Tensor& g = ba.gradInputs[k];
        if (g.shape() != inputs[k].shape()) {
            result.ok = false;
            result.message = op.type() + ": gradient of input " + std::to_string(k) + " has shape " +
                             shapeToString(g.shape()) + ", expected " + shapeToString(inputs[k].shape());
            return result;
        }
        for (int64_t i : sampleIndices(inputs[k].size(), o.maxChecksPerTensor, rng)) {
            const float saved = inputs[k][i];
            inputs[k][i] = static_cast<float>(saved + o.eps);
            const double up = weightedLoss(op, inputs, weights, o.mode, o.seed);
            inputs[k][i] = static_cast<float>(saved - o.eps);
            const double down = weightedLoss(op, inputs, weights, o.mode, o.seed);
            inputs[k][i] = saved;
            const double numeric = (up - down) / (2 * o.eps);
            ++result.checked;
            if (!compareOne(g[i], numeric, o)) {
                fail("input" + std::to_string(k), i, g[i], numeric);
                break;
            }
        }
    }
    if (!o.checkParams)
        return result;
    for (Parameter* p : op.parameters()) {
        if (!p->trainable || !result.ok)
            continue;
        if (p->grad.isEmpty()) {
            result.ok = false;
            result.message = op.type() + ": no gradient accumulated for parameter " + p->name;
            return result;
        }
        const Tensor analytic = p->grad.clone();
        for (int64_t i : sampleIndices(p->value.size(), o.maxChecksPerTensor, rng)) {
            const float saved = p->value[i];
            p->value[i] = static_cast<float>(saved + o.eps);
            p->markModified();
            const double up = weightedLoss(op, inputs, weights, o.mode, o.seed);
            p->value[i] = static_cast<float>(saved - o.eps);
            p->markModified();
            const double down = weightedLoss(op, inputs, weights, o.mode, o.seed);
            p->value[i] = saved;
            p->markModified();
            const double numeric = (up - down) / (2 * o.eps);
            ++result.checked;
            if (!compareOne(analytic[i], numeric, o)) {
                fail(p->name, i, analytic[i], numeric);
                break;
            }
        }
    }
    return result;
}

std::string sharedDataDir()
{
    const char* env = std::getenv("LANTERN_SHARED_DATA");
    std::string dir = env && *env ? env : "../shared/data";
    return std::filesystem::is_directory(dir) ? dir : std::string();
}

} // namespace lantern::test
