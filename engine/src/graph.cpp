#include "lantern/graph.h"

#include "lantern/error.h"

#include <algorithm>
#include <set>

namespace lantern {

const Tensor& Execution::value(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        throw ArgumentError("no value named '" + name +
                            "' in this run (unknown, or fused into its activation: run with fuse=false)");
    return it->second;
}

void Graph::addInput(const std::string& name, Shape shape)
{
    if (m_inputShapes.count(name))
        throw ArgumentError("graph input '" + name + "' declared twice");
    m_inputs.push_back(name);
    m_inputShapes[name] = std::move(shape);
}

Node& Graph::addNode(const std::string& name, std::unique_ptr<Op> op, std::vector<std::string> inputs,
                     std::vector<std::string> outputs)
{
    if (!op)
        throw ArgumentError("node '" + name + "' has no op");
    if (hasNode(name))
        throw ArgumentError("duplicate node name '" + name + "'");
    if (outputs.empty()) {
        if (op->numOutputs() == 1)
            outputs.push_back(name);
        else
            for (int i = 0; i < op->numOutputs(); ++i)
                outputs.push_back(name + ":" + std::to_string(i));
    }
    if (static_cast<int>(outputs.size()) != op->numOutputs())
        throw ArgumentError("node '" + name + "' (" + op->type() + ") has " + std::to_string(op->numOutputs()) +
                            " outputs, " + std::to_string(outputs.size()) + " names given");
    for (const auto& v : outputs)
        if (m_inputShapes.count(v) || producer(v))
            throw ArgumentError("value '" + v + "' of node '" + name + "' is already defined");
    m_nodes.push_back(Node{name, std::move(op), std::move(inputs), std::move(outputs)});
    m_sorted = false;
    return m_nodes.back();
}

void Graph::addOutput(const std::string& value)
{
    m_outputs.push_back(value);
}

void Graph::removeNode(const std::string& name)
{
    auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return n.name == name; });
    if (it == m_nodes.end())
        throw ArgumentError("graph: cannot remove unknown node '" + name + "'");
    for (const auto& value : it->outputs) {
        for (const auto& other : m_nodes)
            if (&other != &*it && std::find(other.inputs.begin(), other.inputs.end(), value) != other.inputs.end())
                throw ArgumentError("graph: cannot remove node '" + name + "': node '" + other.name + "' reads '" +
                                    value + "'");
        if (std::find(m_outputs.begin(), m_outputs.end(), value) != m_outputs.end())
            throw ArgumentError("graph: cannot remove node '" + name + "': '" + value + "' is a graph output");
    }
    m_nodes.erase(it);
}

const Shape& Graph::inputShape(const std::string& name) const
{
    auto it = m_inputShapes.find(name);
    if (it == m_inputShapes.end())
        throw ArgumentError("no graph input named '" + name + "'");
    return it->second;
}

void Graph::sortTopologically() const
{
    if (m_sorted)
        return;
    // Kahn's algorithm over value dependencies; ties keep insertion order so results are stable.
    std::map<std::string, size_t> producerOf;
    for (size_t i = 0; i < m_nodes.size(); ++i)
        for (const auto& v : m_nodes[i].outputs)
            producerOf[v] = i;
    std::vector<std::vector<size_t>> dependents(m_nodes.size());
    std::vector<size_t> pending(m_nodes.size(), 0);
    std::string missing;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        for (const auto& v : m_nodes[i].inputs) {
            if (v.empty() || m_inputShapes.count(v))
                continue;
            auto it = producerOf.find(v);
            if (it == producerOf.end()) {
                missing += " node '" + m_nodes[i].name + "' reads undefined value '" + v + "';";
                continue;
            }
            dependents[it->second].push_back(i);
            ++pending[i];
        }
    }
    if (!missing.empty())
        throw ArgumentError("graph is incomplete:" + missing);
    std::set<size_t> ready;
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (pending[i] == 0)
            ready.insert(i);
    std::vector<size_t> order;
    while (!ready.empty()) {
        const size_t i = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(i);
        for (size_t d : dependents[i])
            if (--pending[d] == 0)
                ready.insert(d);
    }
    if (order.size() != m_nodes.size()) {
        std::string cyclic;
        for (size_t i = 0; i < m_nodes.size(); ++i)
            if (pending[i])
                cyclic += " '" + m_nodes[i].name + "'";
        throw ArgumentError("graph has a cycle through nodes" + cyclic);
    }
    std::vector<Node> sorted;
    sorted.reserve(m_nodes.size());
    for (size_t i : order)
        sorted.push_back(std::move(m_nodes[i]));
    m_nodes = std::move(sorted);
    m_sorted = true;
}

const std::vector<Node>& Graph::nodes() const
{
    sortTopologically();
    return m_nodes;
}

std::vector<Node>& Graph::nodes()
{
    sortTopologically();
    return m_nodes;
}

bool Graph::hasNode(const std::string& name) const
{
    return std::any_of(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return n.name == name; });
}

const Node& Graph::node(const std::string& name) const
{
    for (const Node& n : nodes())
        if (n.name == name)
            return n;
    throw ArgumentError("no node named '" + name + "'");
}

Node& Graph::node(const std::string& name)
{
    for (Node& n : nodes())
        if (n.name == name)
            return n;
    throw ArgumentError("no node named '" + name + "'");
}

const Node* Graph::producer(const std::string& value) const
{
    for (const Node& n : m_nodes)
        if (std::find(n.outputs.begin(), n.outputs.end(), value) != n.outputs.end())
            return &n;
    return nullptr;
}

std::vector<const Node*> Graph::consumers(const std::string& value) const
{
    std::vector<const Node*> result;
    for (const Node& n : nodes())
        if (std::find(n.inputs.begin(), n.inputs.end(), value) != n.inputs.end())
            result.push_back(&n);
    return result;
}

void Graph::validate() const
{
    sortTopologically();
    for (const auto& out : m_outputs)
        if (!m_inputShapes.count(out) && !producer(out))
            throw ArgumentError("graph output '" + out + "' is not produced by any node");
}

std::map<std::string, Shape> Graph::inferShapes(const std::map<std::string, Shape>& inputShapes) const
{
    std::map<std::string, Shape> shapes;
    for (const auto& name : m_inputs) {
        auto it = inputShapes.find(name);
        Shape s = it != inputShapes.end() ? it->second : m_inputShapes.at(name);
        for (auto& d : s)
            if (d < 0)
                d = 1;
        shapes[name] = s;
    }
    for (const Node& n : nodes()) {
        std::vector<Shape> in;
        for (const auto& v : n.inputs)
            in.push_back(v.empty() ? Shape{} : shapes.at(v));
        std::vector<Shape> out;
        try {
            out = n.op->outputShapes(in);
        } catch (const ShapeError& e) {
            throw ShapeError("node '" + n.name + "': " + e.what());
        }
        for (size_t i = 0; i < n.outputs.size(); ++i)
            shapes[n.outputs[i]] = out.at(i);
    }
    return shapes;
}

namespace {

void checkInputShape(const std::string& name, const Shape& declared, const Shape& actual)
{
    bool ok = declared.size() == actual.size();
    for (size_t i = 0; ok && i < declared.size(); ++i)
        ok = declared[i] < 0 || declared[i] == actual[i];
    if (!ok)
        throw ShapeError("input '" + name + "' has shape " + shapeToString(actual) + ", the model expects " +
                         shapeToString(declared) + " (-1 = any)");
}

void checkCancel(const std::atomic<bool>* cancel)
{
    if (cancel && cancel->load(std::memory_order_relaxed))
        throw CancelledError();
}

} // namespace

Execution Graph::forward(const std::map<std::string, Tensor>& inputs, const ForwardOptions& options)
{
    const auto& order = nodes();
    Execution ex;
    ex.m_mode = options.mode;
    ex.m_keptForBackward = options.keepForBackward;
    ex.m_states.resize(order.size());
    for (const auto& name : m_inputs) {
        auto it = inputs.find(name);
        if (it == inputs.end())
            throw ArgumentError("missing graph input '" + name + "'");
        checkInputShape(name, m_inputShapes.at(name), it->second.shape());
        ex.m_values[name] = it->second;
        if (options.observer && options.observer->wants(name))
            options.observer->onValue(name, name, it->second);
    }

    // Reference counts let inference runs drop values as soon as no one needs them.
    std::map<std::string, int> uses;
    for (const Node& n : order)
        for (const auto& v : n.inputs)
            ++uses[v];
    const std::set<std::string> outputs(m_outputs.begin(), m_outputs.end());

    std::vector<bool> skip(order.size(), false);
    for (size_t i = 0; i < order.size(); ++i) {
        checkCancel(options.cancel);
        if (skip[i])
            continue;
        Node& n = m_nodes[i];
        Op* op = n.op.get();
        if (options.substitutes) {
            auto sub = options.substitutes->find(n.name);
            if (sub != options.substitutes->end())
                op = sub->second;
        }
        ForwardArgs args;
        std::vector<Tensor> in;
        in.reserve(n.inputs.size());
        for (const auto& v : n.inputs)
            in.push_back(v.empty() ? Tensor() : ex.value(v));
        args.inputs = in;
        args.mode = options.mode;
        args.keepForBackward = options.keepForBackward;
        args.seed = options.seed * 0x9E3779B97F4A7C15ull + i;

        // Fuse "op -> Relu" when the intermediate is needed by nobody but the Relu.
        size_t fusedRelu = order.size();
        if (options.fuse && op->supportsFusedRelu() && !n.op->backwardNeedsOutputs() && n.outputs.size() == 1) {
            const std::string& v = n.outputs[0];
            const bool observed = options.observer && options.observer->wants(v);
            if (!observed && !outputs.count(v) && uses[v] == 1) {
                for (size_t j = i + 1; j < order.size(); ++j)
                    if (order[j].inputs.size() == 1 && order[j].inputs[0] == v) {
                        if (order[j].op->type() == "Relu")
                            fusedRelu = j;
                        break;
                    }
            }
        }
        if (fusedRelu < order.size())
            args.postOp = PostOp::Relu;

        try {
            op->forward(args);
        } catch (const CancelledError&) {
            throw;
        } catch (const Error& e) {
            throw Error("node '" + n.name + "' (" + n.op->type() + "): " + e.what());
        }
        if (args.outputs.size() != n.outputs.size())
            throw Error("node '" + n.name + "' (" + n.op->type() + ") produced " + std::to_string(args.outputs.size()) +
                        " outputs, expected " + std::to_string(n.outputs.size()));
        ex.m_states[i] = std::move(args.state);

        if (fusedRelu < order.size()) {
            const Node& r = order[fusedRelu];
            skip[fusedRelu] = true;
            ex.m_values[r.outputs[0]] = args.outputs[0];
            if (options.observer && options.observer->wants(r.outputs[0]))
                options.observer->onValue(r.name, r.outputs[0], args.outputs[0]);
        } else {
            for (size_t k = 0; k < n.outputs.size(); ++k) {
                ex.m_values[n.outputs[k]] = args.outputs[k];
                if (options.observer && options.observer->wants(n.outputs[k]))
                    options.observer->onValue(n.name, n.outputs[k], args.outputs[k]);
            }
        }
        if (!options.keepForBackward) {
            for (const auto& v : n.inputs)
                if (!v.empty() && --uses[v] == 0 && !outputs.count(v))
                    ex.m_values.erase(v);
        }
    }
    return ex;
}

Tensor Graph::run(const Tensor& input, Mode mode)
{
    if (m_inputs.size() != 1 || m_outputs.empty())
        throw ArgumentError("Graph::run needs exactly one input and at least one output");
    ForwardOptions options;
    options.mode = mode;
    Execution ex = forward({{m_inputs[0], input}}, options);
    return ex.value(m_outputs[0]);
}

namespace {

void accumulate(std::map<std::string, Tensor>& grads, const std::string& value, const Tensor& g)
{
    auto it = grads.find(value);
    if (it == grads.end()) {
        grads[value] = g;
        return;
    }
    Tensor& acc = it->second;
    if (acc.shape() != g.shape())
        throw ShapeError("gradient of '" + value + "' has shape " + shapeToString(g.shape()) + ", expected " +
                         shapeToString(acc.shape()));
    // A new tensor: never modify one a rule may have aliased (an identity rule passes its upstream on).
    Tensor sum = acc.clone();
    float* s = sum.data();
    const float* d = g.data();
    for (int64_t k = 0; k < sum.size(); ++k)
        s[k] += d[k];
    acc = sum;
}

} // namespace

std::map<std::string, Tensor> Graph::backward(Execution& ex, const std::map<std::string, Tensor>& seeds,
                                              const BackwardOptions& options)
{
    if (!ex.m_keptForBackward)
        throw ArgumentError("backward() needs a forward pass run with keepForBackward = true");
    const auto& order = nodes();
    std::vector<std::string> wanted = options.wanted.empty() ? m_inputs : options.wanted;
    const std::set<std::string> wantedSet(wanted.begin(), wanted.end());

    // Which values need a gradient: wanted ones and everything downstream of them (or of trainable params).
    std::set<std::string> needs(wanted.begin(), wanted.end());
    std::vector<bool> nodeHasTrainable(order.size(), false);
    for (size_t i = 0; i < order.size(); ++i) {
        const Node& n = order[i];
        if (options.accumulateParamGrads)
            for (Parameter* p : n.op->parameters())
                nodeHasTrainable[i] = nodeHasTrainable[i] || p->trainable;
        const bool anyIn =
            std::any_of(n.inputs.begin(), n.inputs.end(), [&](const std::string& v) { return needs.count(v) != 0; });
        if (anyIn || nodeHasTrainable[i])
            for (const auto& v : n.outputs)
                needs.insert(v);
    }

    std::map<std::string, Tensor> grads;
    for (const auto& [name, g] : seeds) {
        if (!ex.has(name))
            throw ArgumentError("backward seed '" + name + "' is not a value of this run");
        if (g.shape() != ex.value(name).shape())
            throw ShapeError("backward seed for '" + name + "' has shape " + shapeToString(g.shape()) +
                             ", the value has " + shapeToString(ex.value(name).shape()));
        accumulate(grads, name, g);
    }

    for (size_t ii = order.size(); ii-- > 0;) {
        checkCancel(options.cancel);
        Node& n = m_nodes[ii];
        const bool anyGrad =
            std::any_of(n.outputs.begin(), n.outputs.end(), [&](const std::string& v) { return grads.count(v) != 0; });
        if (!anyGrad)
            continue;
        BackwardArgs args;
        std::vector<Tensor> in, out, gout;
        for (const auto& v : n.inputs) {
            // An input fused away (producer + Relu) is absent; the Relu's backward reads only its output.
            auto it = v.empty() ? ex.m_values.end() : ex.m_values.find(v);
            in.push_back(it != ex.m_values.end() ? it->second : Tensor());
        }
        for (const auto& v : n.outputs) {
            auto it = ex.m_values.find(v);
            out.push_back(it != ex.m_values.end() ? it->second : Tensor());
            auto g = grads.find(v);
            gout.push_back(g != grads.end() ? g->second : Tensor());
        }
        args.inputs = in;
        args.outputs = out;
        args.gradOutputs = gout;
        args.needInputGrad.resize(n.inputs.size());
        bool anyNeed = false;
        for (size_t k = 0; k < n.inputs.size(); ++k) {
            args.needInputGrad[k] = !n.inputs[k].empty() && needs.count(n.inputs[k]) != 0;
            anyNeed = anyNeed || args.needInputGrad[k];
        }
        args.accumulateParamGrads = options.accumulateParamGrads && nodeHasTrainable[ii];
        if (!anyNeed && !args.accumulateParamGrads)
            continue;
        args.gradInputs.resize(n.inputs.size());
        args.state = ex.m_states[ii].get();
        args.mode = ex.m_mode;
        // Fill absent output gradients with zeros so ops and rules never see holes.
        for (size_t k = 0; k < gout.size(); ++k)
            if (gout[k].isEmpty()) {
                const Tensor& ref = !out[k].isEmpty() ? out[k] : Tensor();
                if (ref.isEmpty())
                    throw Error("node '" + n.name + "': output '" + n.outputs[k] +
                                "' was fused away but its gradient is needed");
                gout[k] = Tensor(ref.shape());
            }
        try {
            const BackwardRule* rule = options.rules ? options.rules->find(n.name, n.op->type()) : nullptr;
            if (rule)
                rule->apply(*n.op, n, args);
            else
                n.op->backward(args);
        } catch (const CancelledError&) {
            throw;
        } catch (const Error& e) {
            throw Error("backward of node '" + n.name + "' (" + n.op->type() + "): " + e.what());
        }
        for (size_t k = 0; k < n.inputs.size(); ++k) {
            if (!args.needInputGrad[k])
                continue;
            if (args.gradInputs.size() <= k || args.gradInputs[k].isEmpty())
                throw Error("backward of node '" + n.name + "' (" + n.op->type() + ") gave no gradient for input '" +
                            n.inputs[k] + "'");
            accumulate(grads, n.inputs[k], args.gradInputs[k]);
        }
        // Free gradients no one will read again (keeps memory flat on deep nets).
        for (const auto& v : n.outputs)
            if (!wantedSet.count(v))
                grads.erase(v);
    }

    std::map<std::string, Tensor> result;
    for (const auto& v : wanted) {
        auto it = grads.find(v);
        if (it != grads.end())
            result[v] = it->second;
        else if (ex.has(v))
            result[v] = Tensor(ex.value(v).shape()); // no path from the seeds: zero gradient
        else
            throw ArgumentError("no value named '" + v + "' to return a gradient for");
    }
    return result;
}

std::vector<std::pair<std::string, Parameter*>> Graph::parameters()
{
    std::vector<std::pair<std::string, Parameter*>> result;
    for (Node& n : nodes())
        for (Parameter* p : n.op->parameters())
            result.emplace_back(n.name + "." + p->name, p);
    return result;
}

int64_t Graph::parameterCount()
{
    int64_t count = 0;
    for (Node& n : nodes())
        count += n.op->parameterCount();
    return count;
}

void Graph::zeroGrad()
{
    for (auto& [name, p] : parameters())
        if (!p->grad.isEmpty())
            p->grad.fill(0.f);
}

} // namespace lantern
