#pragma once
// Internal to the ONNX importer: the state of one import (the engine graph being built, the value of every ONNX
// name, unique naming) and the per-node view the op mappings work with.
//
// Dynamic dimensions (dim_param, or 0) are tracked by evaluating every shape twice, under two different
// substitutions A and B of the dynamic sizes. A dimension, or an element of a folded shape tensor, is static
// when both agree; otherwise it depends on the dynamic sizes and is resolved symbolically (0 = copy, -1 = infer)
// where an engine op can express it, e.g. a Reshape target computed by Shape -> Gather -> Concat.

#include "onnx_attributes.h"
#include "onnx_tensor.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/reshape.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lantern::formats::onnximport {

/// Shapes of an activation under substitutions A and B of the dynamic dimensions.
struct ShapePair {
    Shape a, b;
    bool operator==(const ShapePair&) const = default;
    /// -1 where A and B differ.
    Shape symbolic() const;
    bool isStatic() const { return a == b; }
};

/// One ONNX value during import: an activation computed by the engine graph, or a constant known at load time.
struct Value {
    bool isConst = false;
    std::string engine; ///< activation: engine value name
    ShapePair shape;    ///< activation: shapes under A and B
    ConstTensor a;      ///< constant under substitution A

    static Value constant(ConstTensor t);
    static Value constantPair(ConstTensor a, ConstTensor b);
    static Value activation(std::string engine, ShapePair shape);

    /// The constant under substitution B (differs from `a` when it depends on the dynamic dimensions).
    const ConstTensor& b() const { return m_dynamic ? m_b : a; }
    bool dependsOnDynamic() const { return isConst && m_dynamic; }
    const Shape& shapeA() const { return isConst ? a.shape : shape.a; }
    const Shape& shapeB() const { return isConst ? b().shape : shape.b; }
    ShapePair shapes() const { return {shapeA(), shapeB()}; }
    int rank() const { return static_cast<int>(shapeA().size()); }

private:
    ConstTensor m_b;        ///< only held when it differs from `a`
    bool m_dynamic = false; ///< a and b differ (compared bit for bit, so NaN weights are not "dynamic")
};

/// Engine Reshape parameters turning `in` into `out` under both substitutions, or nullopt when no single
/// target (static sizes, 0 = copy, one -1) does.
std::optional<ReshapeParams> resolveReshape(const ShapePair& in, const ShapePair& out);

/// The state of one import.
class Importer {
public:
    explicit Importer(std::string source) : m_source(std::move(source)) {}

    const std::string& source() const { return m_source; }
    int opset = 0;
    Graph graph;
    std::vector<std::string> notes;

    /// Names of the ONNX file (values), so generated helper names never take one.
    void reserveValueName(const std::string& name) { m_reserved.insert(name); }
    /// Names of the ONNX nodes, taken by the engine nodes they map to.
    void reserveNodeName(const std::string& name) { m_nodeNames.insert(name); }
    /// A fresh engine value name based on `base`.
    std::string uniqueValueName(const std::string& base);
    /// A fresh engine node name based on `base`.
    std::string uniqueNodeName(const std::string& base);

    void declareInput(const std::string& name, const Shape& symbolic, const ShapePair& shapes);
    /// Adds an engine node reading activations, computes its output shapes under A and B (ShapeError naming the
    /// node when they do not fit) and returns the output as an activation. `output` must be unused.
    Value addNode(const std::string& nodeName, std::unique_ptr<Op> op, const std::vector<std::string>& inputs,
                  const std::string& output);
    /// The engine value holding constant `v` (a Constant node, added once per `key`, named after it when free).
    /// Throws UnsupportedError when the constant depends on the dynamic dimensions.
    std::string constantActivation(const Value& v, const std::string& key, const std::string& where);
    bool engineValueExists(const std::string& name) const { return m_shapes.count(name) != 0; }

private:
    std::string m_source;
    std::set<std::string> m_reserved;
    std::set<std::string> m_nodeNames;
    std::map<std::string, ShapePair> m_shapes; ///< engine values
    std::map<std::string, std::string> m_constants;
};

/// What a mapping sees of one ONNX node.
class NodeContext {
public:
    NodeContext(Importer& importer, const onnx::NodeProto& node, std::string name, std::vector<const Value*> inputs);

    Importer& im;
    const onnx::NodeProto& proto;
    const std::string name; ///< unique engine node name
    const std::string opType;
    const int opset;
    const std::vector<const Value*> inputs; ///< nullptr for an absent optional input
    const Attributes attrs;

    /// "model.onnx: node 'conv1' (Conv)"
    const std::string& where() const { return m_where; }
    template <typename E = IoError> [[noreturn]] void fail(const std::string& message) const
    {
        throw E(m_where + ": " + message);
    }

    bool has(size_t i) const { return i < inputs.size() && inputs[i]; }
    /// Required input i (IoError when missing).
    const Value& input(size_t i) const;
    /// ONNX name of input i.
    const std::string& inputName(size_t i) const;
    /// Input i as a constant that does not depend on the dynamic dimensions (UnsupportedError naming `what`).
    const ConstTensor& constInput(size_t i, const std::string& what) const;
    /// Engine value of input i (a Constant node when the input is a constant).
    std::string activation(size_t i) const;
    /// Input i must be an activation of rank in [minRank, maxRank] (UnsupportedError otherwise).
    const Value& activationInput(size_t i, int minRank, int maxRank) const;
    /// ONNX name of output k (IoError when missing or empty).
    std::string output(size_t k = 0) const;
    size_t outputCount() const { return static_cast<size_t>(proto.output_size()); }

    /// Adds an engine node. An empty `suffix` names it after the ONNX node; else "<name>/<suffix>". An empty
    /// `outputName` gives the output a generated name.
    Value add(const std::string& suffix, std::unique_ptr<Op> op, const std::vector<std::string>& inputs,
              const std::string& outputName = {}) const;
    /// Reshapes activation `x` to the shapes `out` (under A and B) with an engine Reshape; UnsupportedError when
    /// no static/0/-1 target expresses it. Returns x unchanged when the shapes already agree and no output
    /// name is requested.
    Value reshape(const Value& x, const ShapePair& out, const std::string& suffix,
                  const std::string& outputName = {}) const;
    /// Sets an op parameter from a constant, checking the shape.
    void setParameter(Parameter& p, const Tensor& value) const;

private:
    std::string m_where;
};

/// Axis in [0, rank) from an ONNX axis in [-rank, rank) (IoError otherwise).
int64_t normalizeAxis(const NodeContext& c, int64_t axis, int64_t rank, const std::string& what = "axis");

} // namespace lantern::formats::onnximport
