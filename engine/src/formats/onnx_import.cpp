// ONNX import entry points: parsing and validating the ModelProto, the all-or-nothing support check, the
// topological order of the nodes, graph inputs with dynamic dimensions, and the node-by-node mapping/folding.
#include "lantern/formats/onnx_import.h"

#include "onnx_constant_folding.h"
#include "onnx_op_mapping.h"

#include "lantern/io/npy.h"
#include "lantern/ops/identity.h"

#include <algorithm>
#include <limits>
#include <set>

namespace lantern::formats {

using namespace onnximport;

namespace {

constexpr int kMaxOpset = 21;
constexpr int64_t kMaxIrVersion = 10;

/// Rethrows an engine error about a node with the node named, keeping its category (ArgumentError from an op's
/// parameters means the file holds invalid attributes: IoError).
[[noreturn]] void rethrowWith(const Error& e, const std::string& source, const std::string& where)
{
    const std::string msg = e.what();
    if (msg.rfind(source + ":", 0) == 0)
        throw;
    const std::string full = where + ": " + msg;
    if (dynamic_cast<const ShapeError*>(&e))
        throw ShapeError(full);
    if (dynamic_cast<const UnsupportedError*>(&e))
        throw UnsupportedError(full);
    throw IoError(full);
}

int defaultOpset(const onnx::ModelProto& model, const std::string& src)
{
    for (const auto& o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") {
            if (o.version() < 1)
                throw IoError(src + ": invalid default-domain opset " + std::to_string(o.version()));
            if (o.version() > kMaxOpset)
                throw UnsupportedError(src + ": opset " + std::to_string(o.version()) +
                                       " is newer than Lantern "
                                       "supports (up to " +
                                       std::to_string(kMaxOpset) +
                                       "); re-export with opset <= " + std::to_string(kMaxOpset));
            return static_cast<int>(o.version());
        }
    if (model.ir_version() < 3)
        return 1;
    throw IoError(src + ": the model imports no default-domain (ai.onnx) opset");
}

/// Unique names: the ONNX node names, "<OpType>_<index>" for unnamed nodes.
std::vector<std::string> nodeNames(const onnx::GraphProto& g)
{
    std::vector<std::string> names(static_cast<size_t>(g.node_size()));
    std::set<std::string> used;
    auto claim = [&](const std::string& base) {
        std::string name = base;
        for (int k = 2; used.count(name); ++k)
            name = base + "_" + std::to_string(k);
        used.insert(name);
        return name;
    };
    for (int i = 0; i < g.node_size(); ++i)
        if (!g.node(i).name().empty())
            names[static_cast<size_t>(i)] = claim(g.node(i).name());
    for (int i = 0; i < g.node_size(); ++i)
        if (g.node(i).name().empty())
            names[static_cast<size_t>(i)] = claim(g.node(i).op_type() + "_" + std::to_string(i));
    return names;
}

std::string quotedList(const std::vector<std::string>& names)
{
    std::string s;
    for (const auto& n : names)
        s += (s.empty() ? "'" : ", '") + n + "'";
    return s;
}

/// Throws one UnsupportedError listing every unsupported op type with its nodes.
void checkSupported(const onnx::GraphProto& g, const std::vector<std::string>& names, const std::string& src)
{
    std::vector<std::pair<std::string, std::vector<std::string>>> unsupported; // in order of first appearance
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& node = g.node(i);
        const bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
        if (defaultDomain && findMapping(node.op_type()))
            continue;
        const std::string type = defaultDomain ? node.op_type() : node.domain() + "." + node.op_type();
        auto it = std::find_if(unsupported.begin(), unsupported.end(), [&](const auto& u) { return u.first == type; });
        if (it == unsupported.end())
            it = unsupported.insert(unsupported.end(), {type, {}});
        it->second.push_back(names[static_cast<size_t>(i)]);
    }
    if (unsupported.empty())
        return;
    std::string msg = src + ": unsupported ONNX ops: ";
    for (size_t k = 0; k < unsupported.size(); ++k) {
        const auto& [type, nodes] = unsupported[k];
        msg += (k ? ", " : "") + type + (nodes.size() == 1 ? " (node " : " (nodes ") + quotedList(nodes) + ")";
    }
    throw UnsupportedError(msg);
}

/// Node indices in dependency order (ties keep file order). IoError for undefined values, values defined twice,
/// and cycles.
std::vector<int> topologicalOrder(const onnx::GraphProto& g, const std::set<std::string>& available,
                                  const std::vector<std::string>& names, const std::string& src)
{
    const int n = g.node_size();
    auto where = [&](int i) {
        return src + ": node '" + names[static_cast<size_t>(i)] + "' (" + g.node(i).op_type() + ")";
    };
    std::map<std::string, int> producer;
    for (int i = 0; i < n; ++i)
        for (const auto& out : g.node(i).output()) {
            if (out.empty())
                continue;
            if (available.count(out))
                throw IoError(where(i) + ": output '" + out + "' redefines a graph input or initializer");
            auto [it, fresh] = producer.emplace(out, i);
            if (!fresh)
                throw IoError(where(i) + ": output '" + out + "' is also produced by node '" +
                              names[static_cast<size_t>(it->second)] + "'");
        }
    std::vector<std::vector<int>> dependents(static_cast<size_t>(n));
    std::vector<int> pending(static_cast<size_t>(n), 0);
    for (int i = 0; i < n; ++i)
        for (const auto& in : g.node(i).input()) {
            if (in.empty() || available.count(in))
                continue;
            auto it = producer.find(in);
            if (it == producer.end())
                throw IoError(where(i) + ": input '" + in + "' is not defined by any node, graph input or initializer");
            dependents[static_cast<size_t>(it->second)].push_back(i);
            ++pending[static_cast<size_t>(i)];
        }
    std::set<int> ready;
    for (int i = 0; i < n; ++i)
        if (pending[static_cast<size_t>(i)] == 0)
            ready.insert(i);
    std::vector<int> order;
    order.reserve(static_cast<size_t>(n));
    while (!ready.empty()) {
        const int i = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(i);
        for (int d : dependents[static_cast<size_t>(i)])
            if (--pending[static_cast<size_t>(d)] == 0)
                ready.insert(d);
    }
    if (static_cast<int>(order.size()) != n) {
        std::vector<std::string> cyclic;
        for (int i = 0; i < n && cyclic.size() < 10; ++i)
            if (pending[static_cast<size_t>(i)])
                cyclic.push_back(names[static_cast<size_t>(i)]);
        throw IoError(src + ": the graph has a cycle through nodes " + quotedList(cyclic));
    }
    return order;
}

/// Substitution values A and B for the dynamic dimensions, one pair per symbol (dim_param, or each anonymous
/// dimension): small for leading (batch) axes, large for the others so that kernels still fit.
class DynamicDims {
public:
    std::pair<int64_t, int64_t> get(const std::string& symbol, bool leading)
    {
        auto it = m_pairs.find(symbol);
        if (it != m_pairs.end())
            return it->second;
        static const int64_t small[][2] = {{7, 13}, {11, 17}, {19, 23}, {29, 31}, {37, 41}};
        static const int64_t large[][2] = {{227, 331}, {229, 337}, {233, 347}, {239, 349}, {241, 353}};
        const int k = leading ? m_leading++ : m_other++;
        std::pair<int64_t, int64_t> p =
            leading
                ? (k < 5 ? std::pair{small[k][0], small[k][1]} : std::pair<int64_t, int64_t>{43 + 6 * k, 47 + 6 * k})
                : (k < 5 ? std::pair{large[k][0], large[k][1]} : std::pair<int64_t, int64_t>{401 + 6 * k, 503 + 6 * k});
        m_pairs[symbol] = p;
        return p;
    }

private:
    std::map<std::string, std::pair<int64_t, int64_t>> m_pairs;
    int m_leading = 0, m_other = 0;
};

void declareInput(Importer& im, const onnx::ValueInfoProto& vi, DynamicDims& dyn, std::map<std::string, Value>& values)
{
    const std::string& name = vi.name();
    const std::string what = im.source() + ": graph input '" + name + "'";
    if (!vi.type().has_tensor_type())
        throw UnsupportedError(what + " is not a tensor (sequences, maps and optionals are not supported)");
    const auto& tt = vi.type().tensor_type();
    if (!isNumericType(tt.elem_type()))
        throw UnsupportedError(what + " has element type " + elementTypeName(tt.elem_type()) +
                               " (numbers are supported)");
    if (!tt.has_shape())
        throw UnsupportedError(what + " has no shape (unknown rank); re-export with a fixed input rank");
    const int rank = tt.shape().dim_size();
    if (rank > kMaxRank)
        throw UnsupportedError(what + " has rank " + std::to_string(rank) + " (at most 5 supported)");
    Shape symbolic, a, b;
    std::vector<std::string> dynamicNotes;
    for (int k = 0; k < rank; ++k) {
        const auto& d = tt.shape().dim(k);
        if (d.has_dim_value() && d.dim_value() < 0)
            throw IoError(what + ": negative dimension " + std::to_string(d.dim_value()));
        if (d.has_dim_value() && d.dim_value() > 0) {
            symbolic.push_back(d.dim_value());
            a.push_back(d.dim_value());
            b.push_back(d.dim_value());
            continue;
        }
        const std::string symbol = d.has_dim_param() && !d.dim_param().empty()
                                       ? "param:" + d.dim_param()
                                       : "anon:" + name + ":" + std::to_string(k);
        const auto [va, vb] = dyn.get(symbol, k == 0);
        symbolic.push_back(-1);
        a.push_back(va);
        b.push_back(vb);
        dynamicNotes.push_back(std::to_string(k) + (d.has_dim_param() ? " ('" + d.dim_param() + "')" : ""));
    }
    if (checkedSize(a) < 0 || checkedSize(b) < 0)
        throw IoError(what + ": shape " + shapeToString(symbolic) + " is absurdly large");
    im.declareInput(name, symbolic, {a, b});
    values[name] = Value::activation(name, {a, b});
    if (!dynamicNotes.empty()) {
        std::string list;
        for (const auto& s : dynamicNotes)
            list += (list.empty() ? "" : ", ") + s;
        im.notes.push_back("input '" + name + "': dynamic dimension(s) " + list);
    }
}

std::string inputLayout(const onnx::GraphProto& g, const std::string& input, const Shape& shape)
{
    if (shape.size() == 2)
        return "NC";
    if (shape.size() != 4)
        return "";
    bool any = false, allTranspose = true;
    for (const auto& node : g.node())
        for (const auto& in : node.input())
            if (in == input) {
                any = true;
                bool nhwc = node.op_type() == "Transpose";
                if (nhwc) {
                    std::vector<int64_t> perm;
                    for (const auto& a : node.attribute())
                        if (a.name() == "perm")
                            perm.assign(a.ints().begin(), a.ints().end());
                    nhwc = perm == std::vector<int64_t>{0, 3, 1, 2};
                }
                allTranspose = allTranspose && nhwc;
            }
    return any && allTranspose ? "NHWC" : "NCHW";
}

Model importModel(std::string_view bytes, const std::string& src)
{
    if (bytes.empty())
        throw IoError(src + ": empty file, not an ONNX model");
    if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
        throw IoError(src + ": file larger than 2 GB; ONNX models that size keep weights in external data files, "
                            "which Lantern does not support");
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw IoError(src + ": not an ONNX model (protobuf parsing failed: truncated or corrupt file?)");
    if (model.ir_version() <= 0 || !model.has_graph())
        throw IoError(src + ": not an ONNX model (no IR version or no graph)");
    if (model.ir_version() > kMaxIrVersion)
        throw UnsupportedError(src + ": ONNX IR version " + std::to_string(model.ir_version()) +
                               " is newer than Lantern supports (3 to 10)");
    Importer im(src);
    im.opset = defaultOpset(model, src);
    const onnx::GraphProto& g = model.graph();
    const auto names = nodeNames(g);
    checkSupported(g, names, src);
    if (g.sparse_initializer_size() > 0)
        throw UnsupportedError(src + ": sparse initializers are not supported");

    std::map<std::string, const onnx::TensorProto*> inits;
    for (const auto& t : g.initializer()) {
        if (t.name().empty())
            throw IoError(src + ": an initializer has no name");
        if (!inits.emplace(t.name(), &t).second)
            throw IoError(src + ": initializer '" + t.name() + "' is defined twice");
    }
    std::set<std::string> available;
    for (const auto& [name, t] : inits)
        available.insert(name);
    std::vector<const onnx::ValueInfoProto*> inputs;
    int constantInputs = 0;
    for (const auto& vi : g.input()) {
        if (inits.count(vi.name())) {
            ++constantInputs; // an initializer listed as an input (IR < 4 style) is a constant
            continue;
        }
        if (vi.name().empty() || !available.insert(vi.name()).second)
            throw IoError(src + ": graph input '" + vi.name() + "' is unnamed or declared twice");
        inputs.push_back(&vi);
    }
    const auto order = topologicalOrder(g, available, names, src);
    for (const auto& name : available)
        im.reserveValueName(name);
    for (const auto& name : names)
        im.reserveNodeName(name);
    for (const auto& node : g.node())
        for (const auto& out : node.output())
            im.reserveValueName(out);

    std::map<std::string, Value> values;
    DynamicDims dyn;
    for (const auto* vi : inputs)
        declareInput(im, *vi, dyn, values);
    for (const auto& [name, t] : inits)
        values[name] = Value::constant(tensorFromProto(*t, src + ": initializer '" + name + "'"));
    if (constantInputs)
        im.notes.push_back(std::to_string(constantInputs) +
                           " initializer(s) also listed as graph inputs are treated as constants");

    std::map<std::string, std::string> uncomputed; // optional outputs Lantern does not compute -> producer
    std::vector<std::string> folded;
    for (int idx : order) {
        const auto& node = g.node(idx);
        const std::string& name = names[static_cast<size_t>(idx)];
        const std::string where = src + ": node '" + name + "' (" + node.op_type() + ")";
        std::vector<const Value*> in;
        bool allConst = true;
        for (const auto& v : node.input()) {
            if (v.empty()) {
                in.push_back(nullptr);
                continue;
            }
            if (auto u = uncomputed.find(v); u != uncomputed.end())
                throw UnsupportedError(where + ": reads '" + v + "', an optional output of " + u->second +
                                       " that Lantern does not compute");
            in.push_back(&values.at(v));
            allConst = allConst && in.back()->isConst;
        }
        std::vector<Value> outs;
        NodeContext ctx(im, node, name, in);
        try {
            if (allConst && isFoldable(node.op_type()) && node.input_size() > 0) {
                std::vector<const ConstTensor*> a, b;
                bool dynamic = false;
                for (const Value* v : in) {
                    a.push_back(v ? &v->a : nullptr);
                    b.push_back(v ? &v->b() : nullptr);
                    dynamic = dynamic || (v && v->dependsOnDynamic());
                }
                const auto ra = foldNode(ctx, a);
                const auto rb = dynamic ? foldNode(ctx, b) : ra;
                for (size_t k = 0; k < ra.size(); ++k)
                    outs.push_back(Value::constantPair(ra[k], rb[k]));
            } else {
                outs = findMapping(node.op_type())(ctx);
            }
        } catch (const Error& e) {
            rethrowWith(e, src, where);
        }
        if (!outs.empty() && outs[0].isConst)
            folded.push_back(node.op_type() + " '" + name + "'");
        for (int k = 0; k < node.output_size(); ++k) {
            const std::string& out = node.output(k);
            if (out.empty())
                continue;
            if (static_cast<size_t>(k) < outs.size())
                values[out] = std::move(outs[static_cast<size_t>(k)]);
            else
                uncomputed[out] = "node '" + name + "' (" + node.op_type() + ")";
        }
    }
    if (!folded.empty()) {
        std::string list;
        for (size_t k = 0; k < folded.size() && k < 12; ++k)
            list += (k ? ", " : "") + folded[k];
        if (folded.size() > 12)
            list += ", ...";
        im.notes.push_back("folded " + std::to_string(folded.size()) + " node(s) into constants at load time: " + list);
    }

    std::vector<std::string> outputs;
    for (const auto& vo : g.output()) {
        const std::string& name = vo.name();
        const std::string what = src + ": graph output '" + name + "'";
        if (auto u = uncomputed.find(name); u != uncomputed.end())
            throw UnsupportedError(what + " is an optional output of " + u->second + " that Lantern does not compute");
        auto it = values.find(name);
        if (it == values.end())
            throw IoError(what + " is not produced by any node, input or initializer");
        const Value& v = it->second;
        std::string engine = v.isConst ? im.constantActivation(v, name, what) : v.engine;
        if (!v.isConst && engine != name && !im.engineValueExists(name))
            engine = im.addNode(im.uniqueNodeName(name), std::make_unique<Identity>(), {engine}, name).engine;
        outputs.push_back(engine);
    }
    if (outputs.empty())
        throw IoError(src + ": the graph has no outputs");
    im.graph.setOutputs(outputs);
    im.graph.validate();

    Model m;
    m.format = "onnx";
    m.source = src;
    m.name = g.name();
    for (const auto& prop : model.metadata_props())
        m.metadata[prop.key()] = prop.value();
    if (!im.graph.inputNames().empty()) {
        const auto& first = im.graph.inputNames().front();
        m.inputLayout = inputLayout(g, first, im.graph.inputShape(first));
    }
    if (m.inputLayout == "NHWC")
        im.notes.push_back("channels-last input: the model starts with a Transpose NHWC -> NCHW");
    m.notes = std::move(im.notes);
    m.graph = std::move(im.graph);
    try {
        m.detectFinalSoftmax();
    } catch (const Error& e) {
        throw ShapeError(src + ": " + e.what());
    }
    return m;
}

} // namespace

Model importOnnxBytes(std::string_view bytes, const std::string& sourceName)
{
    const std::string src = sourceName.empty() ? "<ONNX bytes>" : sourceName;
    try {
        return importModel(bytes, src);
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw IoError(src + ": out of memory while importing the model");
    } catch (const std::exception& e) {
        throw IoError(src + ": " + e.what());
    }
}

Model importOnnx(const std::string& path)
{
    const std::vector<char> bytes = io::readFileBytes(path);
    return importOnnxBytes(std::string_view(bytes.data(), bytes.size()), path);
}

OnnxTensor parseOnnxTensor(std::string_view bytes, const std::string& sourceName)
{
    onnx::TensorProto t;
    if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
        !t.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw IoError(sourceName + ": not a serialized ONNX TensorProto");
    try {
        const ConstTensor c = tensorFromProto(t, sourceName);
        return {t.name(), c.toTensor(sourceName), c.elementType};
    } catch (const std::bad_alloc&) {
        throw IoError(sourceName + ": out of memory reading the tensor");
    }
}

OnnxTensor readOnnxTensor(const std::string& path)
{
    const std::vector<char> bytes = io::readFileBytes(path);
    return parseOnnxTensor(std::string_view(bytes.data(), bytes.size()), path);
}

std::vector<std::string> supportedOnnxOps()
{
    return mappedOps();
}

std::vector<std::string> constantOnlyOnnxOps()
{
    auto ops = constantOnlyOps();
    std::sort(ops.begin(), ops.end());
    return ops;
}

} // namespace lantern::formats
