#include "onnx_export_writer.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace lantern::formats::onnxexport {

namespace {

/// Little-endian bytes of `count` 4- or 8-byte values.
template <typename T> std::string littleEndianBytes(const T* data, size_t count)
{
    std::string raw(count * sizeof(T), '\0');
    if (count > 0)
        std::memcpy(raw.data(), data, raw.size());
    if constexpr (std::endian::native == std::endian::big) {
        for (size_t i = 0; i < count; ++i)
            std::reverse(raw.begin() + i * sizeof(T), raw.begin() + (i + 1) * sizeof(T));
    }
    return raw;
}

onnx::AttributeProto& newAttribute(onnx::NodeProto& node, const std::string& name,
                                   onnx::AttributeProto::AttributeType type)
{
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(type);
    return *a;
}

} // namespace

GraphWriter::GraphWriter(onnx::GraphProto& graph, std::set<std::string> reserved)
    : m_graph(graph), m_used(std::move(reserved))
{}

onnx::NodeProto& GraphWriter::addNode(const Node& node, const std::string& opType,
                                      const std::vector<std::string>& inputs)
{
    auto* n = m_graph.add_node();
    n->set_name(node.name);
    n->set_op_type(opType);
    for (const auto& v : inputs)
        n->add_input(v);
    for (const auto& v : node.outputs)
        n->add_output(v);
    return *n;
}

std::string GraphWriter::uniqueName(const std::string& name)
{
    std::string candidate = name;
    for (int k = 1; m_used.count(candidate); ++k)
        candidate = name + "_" + std::to_string(k);
    m_used.insert(candidate);
    return candidate;
}

void fillFloatTensor(onnx::TensorProto& tensor, const std::string& name, const float* data, const Shape& dims)
{
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        tensor.add_dims(d);
    tensor.set_raw_data(littleEndianBytes(data, static_cast<size_t>(shapeSize(dims))));
}

std::string GraphWriter::addFloat(const std::string& name, const Tensor& value)
{
    const std::string unique = uniqueName(name);
    fillFloatTensor(*m_graph.add_initializer(), unique, value.data(), value.shape());
    return unique;
}

std::string GraphWriter::addFloat(const std::string& name, const std::vector<float>& values, const Shape& dims)
{
    const std::string unique = uniqueName(name);
    fillFloatTensor(*m_graph.add_initializer(), unique, values.data(), dims);
    return unique;
}

void GraphWriter::addValueFloat(const std::string& value, const Tensor& tensor)
{
    fillFloatTensor(*m_graph.add_initializer(), value, tensor.data(), tensor.shape());
}

std::string GraphWriter::addInt64(const std::string& name, const std::vector<int64_t>& values)
{
    const std::string unique = uniqueName(name);
    auto* t = m_graph.add_initializer();
    t->set_name(unique);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    t->set_raw_data(littleEndianBytes(values.data(), values.size()));
    return unique;
}

void setAttribute(onnx::NodeProto& node, const std::string& name, int64_t value)
{
    newAttribute(node, name, onnx::AttributeProto::INT).set_i(value);
}

void setAttribute(onnx::NodeProto& node, const std::string& name, float value)
{
    newAttribute(node, name, onnx::AttributeProto::FLOAT).set_f(value);
}

void setAttribute(onnx::NodeProto& node, const std::string& name, const std::string& value)
{
    newAttribute(node, name, onnx::AttributeProto::STRING).set_s(value);
}

void setAttribute(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values)
{
    auto& a = newAttribute(node, name, onnx::AttributeProto::INTS);
    for (int64_t v : values)
        a.add_ints(v);
}

} // namespace lantern::formats::onnxexport
