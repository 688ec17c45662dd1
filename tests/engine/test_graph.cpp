// Graph: residual and concatenating nets, observers, fusion invisible to results, the backward rule
// seam, and whole-graph gradients against finite differences.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/models/presets.h"
#include "lantern/ops/add.h"
#include "lantern/ops/concat.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/relu.h"

#include <QtTest>

#include <cmath>
#include <memory>
#include <set>
#include <thread>

using namespace lantern;

namespace {

std::unique_ptr<Conv2D> conv3(int64_t in, int64_t out)
{
    return std::make_unique<Conv2D>(Conv2DParams{.inChannels = in,
                                                 .outChannels = out,
                                                 .kernelH = 3,
                                                 .kernelW = 3,
                                                 .padTop = 1,
                                                 .padLeft = 1,
                                                 .padBottom = 1,
                                                 .padRight = 1});
}

/// input -> conv a -> relu -> conv b -> (+ input) -> relu -> concat(with relu a) -> pool -> flatten -> fc
Graph residualConcatNet()
{
    Graph g;
    g.addInput("x", {-1, 4, 6, 6});
    g.addNode("a", conv3(4, 4), {"x"});
    g.addNode("a_relu", std::make_unique<Relu>(), {"a"});
    g.addNode("b", conv3(4, 4), {"a_relu"});
    g.addNode("sum", std::make_unique<Add>(), {"b", "x"});
    g.addNode("sum_relu", std::make_unique<Relu>(), {"sum"});
    g.addNode("cat", std::make_unique<Concat>(ConcatParams{.axis = 1}), {"sum_relu", "a_relu"});
    g.addNode("pool", std::make_unique<MaxPool2D>(MaxPool2DParams{}), {"cat"});
    g.addNode("flat", std::make_unique<Flatten>(), {"pool"});
    g.addNode("fc", Gemm::dense(8 * 3 * 3, 5), {"flat"});
    g.addOutput("fc");
    uint64_t seed = 1;
    for (auto& [name, p] : g.parameters()) {
        p->value.copyFrom(test::randomTensor(p->value.shape(), seed++, -0.4f, 0.4f));
        p->markModified();
    }
    return g;
}

/// Plain evaluation by hand through the graph's own ops, one by one, without the executor.
Tensor evalByHand(Graph& g, const Tensor& x)
{
    std::map<std::string, Tensor> v{{"x", x}};
    for (Node& n : g.nodes()) {
        std::vector<Tensor> in;
        for (const auto& name : n.inputs)
            in.push_back(v.at(name));
        v[n.outputs[0]] = test::runForward(*n.op, in)[0];
    }
    return v.at("fc");
}

/// Central difference of f at the element `v` with two step sizes. `smooth` is false when they disagree,
/// i.e. a ReLU or max-pool kink lies within the step.
struct Numeric {
    double value;
    bool smooth;
};
template <typename F> Numeric centralDifference(float& v, F&& f, double eps = 2e-3)
{
    auto diff = [&](double h) {
        const float s = v;
        v = static_cast<float>(s + h);
        const double up = f();
        v = static_cast<float>(s - h);
        const double down = f();
        v = s;
        return (up - down) / (2 * h);
    };
    const double a = diff(eps), b = diff(eps / 2);
    return {b, std::fabs(a - b) <= 1e-3 + 1e-2 * std::fabs(b)};
}

class Recorder : public Observer {
public:
    void onValue(const std::string& node, const std::string& value, const Tensor& t) override
    {
        seen.insert(value);
        nodes.insert(node);
        sums[value] = 0;
        for (float f : t.values())
            sums[value] += f;
    }
    std::set<std::string> seen, nodes;
    std::map<std::string, double> sums;
};

} // namespace

class TestGraph : public QObject {
    Q_OBJECT

private slots:
    void topologicalOrderIsIndependentOfInsertion()
    {
        Graph g;
        g.addInput("x", {-1, 3});
        g.addNode("second", std::make_unique<Relu>(), {"first"});
        g.addNode("first", Gemm::dense(3, 3), {"x"});
        g.addOutput("second");
        QCOMPARE(g.nodes()[0].name, std::string("first"));
        QCOMPARE(g.nodes()[1].name, std::string("second"));
        QCOMPARE(g.inferShapes({{"x", {7, 3}}}).at("second"), (Shape{7, 3}));
    }

    void badGraphsAreClearErrors()
    {
        Graph cyclic;
        cyclic.addInput("x", {1, 3});
        cyclic.addNode("a", std::make_unique<Add>(), {"x", "b"});
        cyclic.addNode("b", std::make_unique<Relu>(), {"a"});
        QVERIFY_THROWS_EXCEPTION(ArgumentError, cyclic.validate());
        Graph dangling;
        dangling.addInput("x", {1, 3});
        dangling.addNode("a", std::make_unique<Relu>(), {"nothing"});
        QVERIFY_THROWS_EXCEPTION(ArgumentError, dangling.validate());
        Graph dup;
        dup.addInput("x", {1, 3});
        dup.addNode("a", std::make_unique<Relu>(), {"x"});
        QVERIFY_THROWS_EXCEPTION(ArgumentError, dup.addNode("a", std::make_unique<Relu>(), {"x"}));
        Graph net = residualConcatNet();
        QVERIFY_THROWS_EXCEPTION(ShapeError, net.run(Tensor({1, 3, 6, 6})));
        try {
            net.inferShapes({{"x", {1, 4, 5, 5}}});
            QFAIL("odd spatial size should break the residual concat net's fc layer");
        } catch (const ShapeError& e) {
            QVERIFY(std::string(e.what()).find("node 'fc'") != std::string::npos);
        }
    }

    void residualConcatForwardMatchesHandEvaluation()
    {
        Graph g = residualConcatNet();
        const Tensor x = test::randomTensor({3, 4, 6, 6}, 5);
        const Tensor byHand = evalByHand(g, x);
        LANTERN_COMPARE_TENSORS(g.run(x), byHand, 1e-5, 1e-5);
        // The fused executor (conv a + relu, conv b is not fused: its consumer is Add) gives the same.
        ForwardOptions o;
        o.fuse = false;
        LANTERN_COMPARE_TENSORS(g.forward({{"x", x}}, o).value("fc"), byHand, 1e-5, 1e-5);
    }

    void observerSeesEveryActivationWithoutChangingResults()
    {
        Graph g = residualConcatNet();
        const Tensor x = test::randomTensor({2, 4, 6, 6}, 6);
        const Tensor plain = g.run(x);
        Recorder rec;
        ForwardOptions o;
        o.observer = &rec;
        Execution ex = g.forward({{"x", x}}, o);
        for (const char* v : {"x", "a", "a_relu", "b", "sum", "sum_relu", "cat", "pool", "flat", "fc"})
            QVERIFY2(rec.seen.count(v), v);
        QCOMPARE(maxAbsDiff(ex.value("fc"), plain), 0.f);
        // "a" (pre-activation) differs from "a_relu": the observer saw the real intermediate.
        QVERIFY(std::fabs(rec.sums["a"] - rec.sums["a_relu"]) > 1e-3);
    }

    void fusedRunsDropTheIntermediateButKeepGradients()
    {
        Graph g = residualConcatNet();
        const Tensor x = test::randomTensor({2, 4, 6, 6}, 7);
        ForwardOptions fused;
        fused.keepForBackward = true;
        Execution a = g.forward({{"x", x}}, fused);
        QVERIFY(!a.has("a")); // fused into a_relu
        QVERIFY_THROWS_EXCEPTION(ArgumentError, a.value("a"));
        ForwardOptions plain = fused;
        plain.fuse = false;
        Execution b = g.forward({{"x", x}}, plain);
        QVERIFY(b.has("a"));
        const Tensor seed = test::randomTensor({2, 5}, 8);
        const Tensor ga = g.backward(a, {{"fc", seed}}).at("x");
        const Tensor gb = g.backward(b, {{"fc", seed}}).at("x");
        LANTERN_COMPARE_TENSORS(ga, gb, 1e-6, 1e-5);
    }

    void graphGradientMatchesFiniteDifferences()
    {
        Graph g = residualConcatNet();
        Tensor x = test::randomTensor({2, 4, 6, 6}, 9);
        const Tensor w = test::randomTensor({2, 5}, 10);
        auto loss = [&](const Tensor& in) {
            for (auto& [name, param] : g.parameters())
                param->markModified(); // parameters may have been perturbed in place
            const Tensor y = g.run(in);
            double s = 0;
            for (int64_t i = 0; i < y.size(); ++i)
                s += double(y[i]) * w[i];
            return s;
        };
        ForwardOptions o;
        o.keepForBackward = true;
        Execution ex = g.forward({{"x", x}}, o);
        BackwardOptions bo;
        bo.accumulateParamGrads = true;
        bo.wanted = {"x", "a_relu"};
        g.zeroGrad();
        const auto grads = g.backward(ex, {{"fc", w}}, bo);
        QCOMPARE(grads.at("a_relu").shape(), (Shape{2, 4, 6, 6}));
        const Tensor& gx = grads.at("x");
        int checked = 0, kinks = 0;
        auto check = [&](float& v, float analytic, const char* what, int64_t i) {
            const Numeric n = centralDifference(v, [&] { return loss(x); });
            if (!n.smooth) {
                ++kinks;
                return;
            }
            ++checked;
            QVERIFY2(
                std::fabs(analytic - n.value) <= 2e-3 + 2e-2 * std::fabs(n.value),
                qPrintable(QString("d/d%1[%2]: analytic %3 numeric %4").arg(what).arg(i).arg(analytic).arg(n.value)));
        };
        for (int64_t i = 0; i < x.size(); i += 7)
            check(x[i], gx[i], "x", i);
        // A parameter deep in the residual branch.
        QCOMPARE(g.parameters()[2].first, std::string("b.weight"));
        Parameter* p = g.parameters()[2].second;
        const Tensor analytic = p->grad.clone();
        for (int64_t i = 0; i < p->value.size(); i += 5) {
            check(p->value[i], analytic[i], "b.weight", i);
        }
        QVERIFY2(kinks * 5 <= checked,
                 qPrintable(QString("%1 of %2 points near kinks").arg(kinks).arg(checked + kinks)));
        QVERIFY(checked > 40);
    }

    void rulesReplaceBackwardPerTypeAndPerNode()
    {
        Graph g = residualConcatNet();
        const Tensor x = test::randomTensor({1, 4, 6, 6}, 11);
        ForwardOptions o;
        o.keepForBackward = true;
        Execution ex = g.forward({{"x", x}}, o);
        const Tensor seed = test::randomTensor({1, 5}, 12);
        // Deconvnet-style Relu rule: pass relu(upstream) regardless of the forward sign.
        int calls = 0;
        RuleSet rules;
        rules.setForType("Relu", std::make_shared<LambdaRule>("deconv-relu", [&](Op&, const Node&, BackwardArgs& a) {
                             ++calls;
                             Tensor gi(a.gradOutputs[0].shape());
                             for (int64_t i = 0; i < gi.size(); ++i)
                                 gi[i] = std::max(a.gradOutputs[0][i], 0.f);
                             a.gradInputs[0] = gi;
                         }));
        BackwardOptions bo;
        bo.rules = &rules;
        const Tensor deconv = g.backward(ex, {{"fc", seed}}, bo).at("x");
        QCOMPARE(calls, 2);
        const Tensor grad = g.backward(ex, {{"fc", seed}}).at("x");
        QVERIFY(maxAbsDiff(deconv, grad) > 1e-4f);
        // A per-node rule wins over the per-type one: zero out everything through "b".
        rules.setForNode("b", std::make_shared<LambdaRule>("block", [](Op&, const Node&, BackwardArgs& a) {
                             a.gradInputs[0] = Tensor(a.inputs[0].shape());
                         }));
        calls = 0;
        const auto both = g.backward(ex, {{"fc", seed}}, bo);
        QCOMPARE(calls, 2);
        QVERIFY(maxAbsDiff(both.at("x"), deconv) > 1e-5f);
    }

    void seedsAtIntermediateValues()
    {
        Graph g = residualConcatNet();
        const Tensor x = test::randomTensor({1, 4, 6, 6}, 13);
        ForwardOptions o;
        o.keepForBackward = true;
        o.fuse = false;
        Execution ex = g.forward({{"x", x}}, o);
        // d(sum of conv a's output)/dx equals the conv's backward alone.
        const Tensor ones(ex.value("a").shape(), 1.f);
        const Tensor gx = g.backward(ex, {{"a", ones}}).at("x");
        BackwardArgs ba;
        std::vector<Tensor> in{x}, out{ex.value("a")}, gout{ones};
        ba.inputs = in;
        ba.outputs = out;
        ba.gradOutputs = gout;
        ba.needInputGrad = {true};
        ba.gradInputs.resize(1);
        g.node("a").op->backward(ba);
        LANTERN_COMPARE_TENSORS(gx, ba.gradInputs[0], 1e-6, 1e-6);
    }

    void cancellationStopsBetweenNodes()
    {
        Graph g = residualConcatNet();
        std::atomic<bool> cancel{true};
        ForwardOptions o;
        o.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(CancelledError, g.forward({{"x", Tensor({1, 4, 6, 6})}}, o));
    }

    // Guards the user-scratchpad fix: the explorer builds a model's primitives on its engine thread and destroys the
    // model on the GUI thread. With oneDNN's global scratchpad (reference-counted per thread) that leaked the
    // scratchpad, which `make sanitize` (LeakSanitizer) reports; here a forward and backward pass on another thread,
    // destruction on this one, and the same numbers as a pass on this thread.
    void primitivesBuiltOnOneThreadAndDestroyedOnAnotherLeakNothing()
    {
        const Tensor x = test::randomTensor({2, 1, 28, 28}, 11);
        auto run = [&x](Graph& g) {
            Execution e = g.forward({{"input", x}}, {.keepForBackward = true});
            const Tensor y = e.value(g.outputNames().front());
            Tensor seed(y.shape());
            seed.values()[3] = 1.f;
            return std::pair{y.clone(), g.backward(e, {{g.outputNames().front(), seed}}).at("input").clone()};
        };
        Graph here = models::buildPreset("fmnist-cnn", 4);
        const auto expected = run(here);
        auto elsewhere = std::make_unique<Graph>(models::buildPreset("fmnist-cnn", 4));
        std::pair<Tensor, Tensor> got;
        std::thread worker([&] { got = run(*elsewhere); });
        worker.join();
        elsewhere.reset(); // primitives, caches and packed weights die on this thread
        std::string message;
        QVERIFY2(test::allClose(got.first, expected.first, 0, 0, &message), message.c_str());
        QVERIFY2(test::allClose(got.second, expected.second, 0, 0, &message), message.c_str());
    }

};

QTEST_APPLESS_MAIN(TestGraph)
#include "test_graph.moc"
