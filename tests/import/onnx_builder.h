#pragma once
// Builds small ONNX models in tests with the protobuf classes (libonnx's onnx_pb.h): inputs with a dynamic batch,
// initializers, nodes with attributes.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace onnxtest {

inline onnx::ModelProto makeModel(int64_t opset = 13, int64_t irVersion = 8, const std::string& graphName = "test")
{
    onnx::ModelProto m;
    m.set_ir_version(irVersion);
    m.set_producer_name("lantern-tests");
    auto* o = m.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    m.mutable_graph()->set_name(graphName);
    return m;
}

/// A float input; a dimension of -1 becomes the symbolic "N".
inline onnx::ValueInfoProto* addInput(onnx::ModelProto& m, const std::string& name, const std::vector<int64_t>& dims,
                                      int elemType = onnx::TensorProto::FLOAT)
{
    auto* vi = m.mutable_graph()->add_input();
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elemType);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) {
        auto* dim = shape->add_dim();
        if (d < 0)
            dim->set_dim_param("N");
        else
            dim->set_dim_value(d);
    }
    return vi;
}

inline void addOutput(onnx::ModelProto& m, const std::string& name)
{
    auto* vi = m.mutable_graph()->add_output();
    vi->set_name(name);
    vi->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
}

inline onnx::NodeProto* addNode(onnx::ModelProto& m, const std::string& op, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs, const std::string& name = {})
{
    auto* n = m.mutable_graph()->add_node();
    n->set_op_type(op);
    if (!name.empty())
        n->set_name(name);
    for (const auto& i : inputs)
        n->add_input(i);
    for (const auto& o : outputs)
        n->add_output(o);
    return n;
}

inline void attrInt(onnx::NodeProto* n, const std::string& name, int64_t v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}

inline void attrFloat(onnx::NodeProto* n, const std::string& name, float v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
}

inline void attrInts(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v)
        a->add_ints(x);
}

inline void attrString(onnx::NodeProto* n, const std::string& name, const std::string& v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}

/// A float32 initializer stored as raw_data.
inline onnx::TensorProto* addFloats(onnx::ModelProto& m, const std::string& name, const std::vector<int64_t>& dims,
                                    const std::vector<float>& values)
{
    auto* t = m.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return t;
}

/// An int64 initializer stored in int64_data.
inline onnx::TensorProto* addInts(onnx::ModelProto& m, const std::string& name, const std::vector<int64_t>& dims,
                                  const std::vector<int64_t>& values)
{
    auto* t = m.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims)
        t->add_dims(d);
    for (int64_t v : values)
        t->add_int64_data(v);
    return t;
}

inline std::string bytes(const onnx::ModelProto& m)
{
    std::string s;
    m.SerializeToString(&s);
    return s;
}

} // namespace onnxtest
