#include "backend/dnnl_backend.h"

#include <algorithm>

namespace lantern::backend {

dnnl::engine& cpuEngine()
{
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

dnnl::stream& cpuStream()
{
    thread_local dnnl::stream stream(cpuEngine());
    return stream;
}

dnnl::memory::dims toDims(const Shape& shape)
{
    return dnnl::memory::dims(shape.begin(), shape.end());
}

dnnl::memory::format_tag plainTag(size_t rank)
{
    using tag = dnnl::memory::format_tag;
    switch (rank) {
    case 1:
        return tag::a;
    case 2:
        return tag::ab;
    case 3:
        return tag::abc;
    case 4:
        return tag::abcd;
    case 5:
        return tag::abcde;
    default:
        throw ShapeError("oneDNN backend: unsupported rank " + std::to_string(rank));
    }
}

dnnl::memory::desc plainDesc(const Shape& shape)
{
    return {toDims(shape), dnnl::memory::data_type::f32, plainTag(shape.size())};
}

dnnl::memory wrap(const Tensor& t, const dnnl::memory::desc& desc)
{
    return dnnl::memory(desc, cpuEngine(), const_cast<float*>(t.data()));
}

PooledMemory newMemory(const dnnl::memory::desc& desc)
{
    const auto bytes = static_cast<int64_t>(desc.get_size());
    Tensor owner = Tensor::uninitialized({std::max<int64_t>(1, (bytes + 3) / 4)});
    PooledMemory m(dnnl::memory(desc, cpuEngine(), owner.data()));
    m.owner = std::move(owner);
    return m;
}

PooledMemory toLayout(const dnnl::memory& user, const dnnl::memory::desc& wanted)
{
    if (user.get_desc() == wanted)
        return user;
    PooledMemory converted = newMemory(wanted);
    reorder(user, converted);
    return converted;
}

void reorderInto(const dnnl::memory& src, const dnnl::memory& dst)
{
    if (src.get_data_handle() == dst.get_data_handle() && src.get_desc() == dst.get_desc())
        return;
    reorder(src, dst);
}

void OutputBinding::finish() const
{
    if (primitiveMem.get_data_handle() != userMem.get_data_handle())
        reorderInto(primitiveMem, userMem);
}

OutputBinding bindOutput(const Tensor& t, const dnnl::memory::desc& wanted)
{
    return bindOutput(wrap(t), wanted);
}

OutputBinding bindOutput(const dnnl::memory& user, const dnnl::memory::desc& wanted)
{
    if (user.get_desc() == wanted)
        return {user, user};
    return {newMemory(wanted), user};
}

dnnl::primitive_attr primitiveAttr()
{
    dnnl::primitive_attr attr;
    useOwnScratchpad(attr);
    return attr;
}

void useOwnScratchpad(dnnl::primitive_attr& attr)
{
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
}

namespace {

/// The calling thread's scratchpad, grown as needed (primitives run one at a time per thread).
dnnl::memory scratchpadFor(const dnnl::memory::desc& desc)
{
    // one buffer and one memory object per thread, rebuilt only when the size grows: execute() is on the hot path
    // of every op (the attentive-response passes run thousands of small primitives)
    thread_local Tensor buffer;
    thread_local dnnl::memory memory;
    const auto floats = static_cast<int64_t>((desc.get_size() + 3) / 4);
    if (buffer.size() < floats) {
        buffer = Tensor::uninitialized({floats});
        memory = dnnl::memory();
    }
    if (!memory || memory.get_desc() != desc)
        memory = dnnl::memory(desc, cpuEngine(), buffer.data());
    return memory;
}

} // namespace

void execute(const dnnl::primitive& p, std::unordered_map<int, dnnl::memory> args, const char* what)
{
    try {
        const_dnnl_primitive_desc_t pd = p.get_primitive_desc();
        const_dnnl_primitive_attr_t attr = nullptr;
        dnnl_scratchpad_mode_t mode = dnnl_scratchpad_mode_library;
        if (dnnl_primitive_desc_get_attr(pd, &attr) != dnnl_success ||
            dnnl_primitive_attr_get_scratchpad_mode(attr, &mode) != dnnl_success || mode != dnnl_scratchpad_mode_user)
            throw Error(std::string(what) + ": internal: primitive created without primitiveAttr() (user scratchpad)");
        const dnnl_memory_desc_t* md = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
        if (md == nullptr || dnnl_memory_desc_get_size(md) == 0) {
            p.execute(cpuStream(), args);
            return;
        }
        args[DNNL_ARG_SCRATCHPAD] = scratchpadFor(dnnl::memory::desc(*md));
        p.execute(cpuStream(), args);
    } catch (const dnnl::error& e) {
        throw Error(std::string(what) + ": oneDNN error: " + e.what());
    }
}

void reorder(const dnnl::memory& src, const dnnl::memory& dst, dnnl::primitive_attr attr)
{
    useOwnScratchpad(attr);
    const auto pd = guarded("reorder", [&] { return dnnl::reorder::primitive_desc(src, dst, attr); });
    execute(dnnl::reorder(pd), {{DNNL_ARG_FROM, src}, {DNNL_ARG_TO, dst}}, "reorder");
}

} // namespace lantern::backend
