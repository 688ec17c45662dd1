#pragma once
// Graph: a DAG of named nodes over named values. Values are produced by exactly one node or are graph
// inputs; nodes may have several inputs and outputs (residual Add, Concat...). Execution is topological.

#include "lantern/op.h"
#include "lantern/rules.h"
#include "lantern/tensor.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern {

struct Node {
    std::string name;
    std::unique_ptr<Op> op;
    std::vector<std::string> inputs;  ///< value names
    std::vector<std::string> outputs; ///< value names
};

/// Sees every value a forward pass computes, by name, without changing results.
class Observer {
public:
    virtual ~Observer() = default;
    /// Return true for the values you want to see; the executor keeps those un-fused.
    virtual bool wants(const std::string& value) const
    {
        (void)value;
        return true;
    }
    virtual void onValue(const std::string& node, const std::string& value, const Tensor& tensor) = 0;
};

struct ForwardOptions {
    Mode mode = Mode::Inference;
    bool keepForBackward = false; ///< keep what backward() needs (values, switches, workspaces)
    bool fuse = true;             ///< allow producer+Relu fusion where no one needs the intermediate
    Observer* observer = nullptr;
    uint64_t seed = 0;                         ///< dropout masks derive from it
    const std::atomic<bool>* cancel = nullptr; ///< checked between nodes; throws CancelledError
    /// Node name -> op to run forward instead of the node's own (same inputs and outputs), e.g. a convolution with
    /// a BatchNorm merged into it and an Identity for that BatchNorm, as LRP canonizers do. The node's own op still
    /// runs backward (or its rule does), so its OpState must not be needed there. Not owned.
    const std::map<std::string, Op*>* substitutes = nullptr;
};

/// Everything one forward pass produced; backward() reads it.
class Execution {
public:
    bool has(const std::string& value) const { return m_values.count(value) != 0; }
    /// Throws ArgumentError for unknown or fused-away values.
    const Tensor& value(const std::string& name) const;
    const std::map<std::string, Tensor>& values() const { return m_values; }
    Mode mode() const { return m_mode; }

private:
    friend class Graph;
    std::map<std::string, Tensor> m_values;
    std::vector<std::unique_ptr<OpState>> m_states; ///< per node, in node order
    Mode m_mode = Mode::Inference;
    bool m_keptForBackward = false;
};

struct BackwardOptions {
    const RuleSet* rules = nullptr;    ///< nullptr: plain gradients
    bool accumulateParamGrads = false; ///< add into Parameter::grad of trainable parameters
    /// Values whose gradient to return; empty means the graph inputs.
    std::vector<std::string> wanted;
    const std::atomic<bool>* cancel = nullptr;
};

class Graph {
public:
    Graph() = default;
    Graph(Graph&&) noexcept = default;
    Graph& operator=(Graph&&) noexcept = default;

    /// Declare a graph input; dimension -1 means "any" (typically the batch).
    void addInput(const std::string& name, Shape shape);
    /// Add a node; throws ArgumentError for duplicate node or value names.
    Node& addNode(const std::string& name, std::unique_ptr<Op> op, std::vector<std::string> inputs,
                  std::vector<std::string> outputs = {});
    void addOutput(const std::string& value);
    /// Replace the list of graph outputs.
    void setOutputs(std::vector<std::string> values) { m_outputs = std::move(values); }
    /// Remove a node; throws ArgumentError when it does not exist or a remaining node or output still reads
    /// one of its outputs.
    void removeNode(const std::string& name);

    const std::vector<std::string>& inputNames() const { return m_inputs; }
    const std::vector<std::string>& outputNames() const { return m_outputs; }
    const Shape& inputShape(const std::string& name) const;
    /// Nodes in topological order (valid after any add; recomputed lazily).
    const std::vector<Node>& nodes() const;
    std::vector<Node>& nodes();
    const Node& node(const std::string& name) const;
    Node& node(const std::string& name);
    bool hasNode(const std::string& name) const;
    /// The node that produces a value, or nullptr for graph inputs.
    const Node* producer(const std::string& value) const;
    /// Nodes that read a value.
    std::vector<const Node*> consumers(const std::string& value) const;

    /// Shapes of every value for the given input shapes (missing inputs use their declared shape).
    std::map<std::string, Shape> inferShapes(const std::map<std::string, Shape>& inputShapes = {}) const;
    /// Checks the graph: every value defined once, every input of a node available, no cycles.
    void validate() const;

    Execution forward(const std::map<std::string, Tensor>& inputs, const ForwardOptions& options = {});
    /// Convenience: single input, returns the first output.
    Tensor run(const Tensor& input, Mode mode = Mode::Inference);

    /// One reverse traversal. seeds: d(objective)/d(value) for one or more values (typically outputs).
    /// Returns the gradients (or rule-defined relevances) of the wanted values.
    std::map<std::string, Tensor> backward(Execution& execution, const std::map<std::string, Tensor>& seeds,
                                           const BackwardOptions& options = {});

    /// All parameters as "node.param" -> Parameter.
    std::vector<std::pair<std::string, Parameter*>> parameters();
    int64_t parameterCount();
    void zeroGrad();

private:
    void sortTopologically() const;

    std::vector<std::string> m_inputs;
    std::map<std::string, Shape> m_inputShapes;
    std::vector<std::string> m_outputs;
    mutable std::vector<Node> m_nodes;
    mutable bool m_sorted = true;
};

} // namespace lantern
