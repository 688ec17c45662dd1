#pragma once
// Internal to the ONNX importer: typed access to a NodeProto's attributes with errors naming the node.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lantern::formats::onnximport {

class Attributes {
public:
    /// `where` prefixes every message, e.g. "model.onnx: node 'conv1' (Conv)".
    Attributes(const onnx::NodeProto& node, std::string where);

    bool has(const std::string& name) const { return find(name) != nullptr; }
    std::optional<int64_t> findInt(const std::string& name) const;
    int64_t getInt(const std::string& name, int64_t fallback) const;
    /// An INT attribute that must be present.
    int64_t requireInt(const std::string& name) const;
    float getFloat(const std::string& name, float fallback) const;
    std::string getString(const std::string& name, const std::string& fallback) const;
    std::optional<std::vector<int64_t>> findInts(const std::string& name) const;
    std::vector<int64_t> getInts(const std::string& name, std::vector<int64_t> fallback = {}) const;
    std::optional<std::vector<float>> findFloats(const std::string& name) const;
    /// TENSOR attribute, nullptr when absent.
    const onnx::TensorProto* findTensor(const std::string& name) const;
    /// The names of all attributes.
    std::vector<std::string> names() const;

    /// Throws IoError unless every value lies in [lo, hi]: keeps geometry attributes (kernels, strides, pads,
    /// dilations) sane before they reach arithmetic or loops.
    void checkRange(const std::string& name, const std::vector<int64_t>& values, int64_t lo, int64_t hi) const;

    const std::string& where() const { return m_where; }

private:
    const onnx::AttributeProto* find(const std::string& name) const;
    /// Throws IoError when the attribute's declared type is neither `type` nor undefined (old models).
    void expectType(const onnx::AttributeProto& a, onnx::AttributeProto::AttributeType type) const;

    const onnx::NodeProto& m_node;
    std::string m_where;
};

} // namespace lantern::formats::onnximport
