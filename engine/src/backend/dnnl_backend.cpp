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
    dnnl::reorder(user, converted).execute(cpuStream(), const_cast<dnnl::memory&>(user), converted);
    return converted;
}

void reorderInto(const dnnl::memory& src, const dnnl::memory& dst)
{
    if (src.get_data_handle() == dst.get_data_handle() && src.get_desc() == dst.get_desc())
        return;
    dnnl::reorder(src, dst).execute(cpuStream(), const_cast<dnnl::memory&>(src), const_cast<dnnl::memory&>(dst));
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

void execute(const dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args, const char* what)
{
    try {
        p.execute(cpuStream(), args);
    } catch (const dnnl::error& e) {
        throw Error(std::string(what) + ": oneDNN error: " + e.what());
    }
}

} // namespace lantern::backend
