#pragma once
// Internal oneDNN helpers. Never included from public headers.

#include "lantern/error.h"
#include "lantern/tensor.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <string>
#include <unordered_map>

namespace lantern::backend {

dnnl::engine& cpuEngine();
/// A stream per thread (oneDNN streams must not be shared between threads).
dnnl::stream& cpuStream();

dnnl::memory::dims toDims(const Shape& shape);
/// Plain row-major tag for a rank (a, ab, abc, abcd, abcde).
dnnl::memory::format_tag plainTag(size_t rank);
dnnl::memory::desc plainDesc(const Shape& shape);
/// Wraps tensor storage (no copy). The tensor must outlive the memory object.
dnnl::memory wrap(const Tensor& t, const dnnl::memory::desc& desc);
inline dnnl::memory wrap(const Tensor& t)
{
    return wrap(t, plainDesc(t.shape()));
}

/// A oneDNN memory whose buffer, when Lantern allocated it, comes from the tensor storage pool and stays
/// alive as long as this object (`owner`). A fresh oneDNN allocation of a large activation is mmapped and
/// costs page faults on every pass: 6 of the 9 ms a 64x32x64x64 reorder took. Keep the object (not a sliced
/// dnnl::memory copy) alive while a primitive uses it.
struct PooledMemory : dnnl::memory {
    PooledMemory() = default;
    PooledMemory(dnnl::memory m) : dnnl::memory(std::move(m)) {}
    Tensor owner;
};
/// A new memory of `desc` backed by pooled tensor storage.
PooledMemory newMemory(const dnnl::memory::desc& desc);
/// Returns `user` when its desc already matches `wanted`, else a new memory in `wanted` filled by a reorder.
PooledMemory toLayout(const dnnl::memory& user, const dnnl::memory::desc& wanted);
/// Copies (reorders) `src` into `dst` unless they are the same memory.
void reorderInto(const dnnl::memory& src, const dnnl::memory& dst);
/// A new memory in `wanted` layout for a primitive to write; when `wanted` matches the tensor's plain
/// layout it wraps the tensor directly, so finish() is a no-op.
struct OutputBinding {
    PooledMemory primitiveMem;
    dnnl::memory userMem;
    void finish() const;
};
OutputBinding bindOutput(const Tensor& t, const dnnl::memory::desc& wanted);
OutputBinding bindOutput(const dnnl::memory& user, const dnnl::memory::desc& wanted);

/// The attributes every primitive is created with: the scratchpad is Lantern's (scratchpad_mode::user). In oneDNN's
/// default library mode some primitives (GEMM-based convolutions, for one) share a per-thread global scratchpad
/// whose reference count is thread-local: a primitive created on the engine thread and destroyed on the GUI thread
/// (a model closed in the explorer) leaves the engine thread's scratchpad allocated forever and decrements the GUI
/// thread's count below zero. With user scratchpads every execution gets its buffer from execute().
dnnl::primitive_attr primitiveAttr();
/// The same on attributes that carry more (post-ops, output scales).
void useOwnScratchpad(dnnl::primitive_attr& attr);

/// Runs a primitive with its scratchpad (from a per-thread buffer) and turns dnnl::error into lantern::Error with
/// context. A primitive created without primitiveAttr() is an internal error.
void execute(const dnnl::primitive& p, std::unordered_map<int, dnnl::memory> args, const char* what);
/// Reorders (converts the layout of) `src` into `dst` through execute(); `attr` may add output scales.
void reorder(const dnnl::memory& src, const dnnl::memory& dst, dnnl::primitive_attr attr = {});

/// Wraps dnnl::error thrown by a callable into lantern::Error naming `what`.
template <typename F> auto guarded(const char* what, F&& f)
{
    try {
        return f();
    } catch (const dnnl::error& e) {
        throw Error(std::string(what) + ": oneDNN error: " + e.what());
    }
}

} // namespace lantern::backend
