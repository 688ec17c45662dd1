#pragma once
// Internal helpers shared by MaxPool2D and AvgPool2D: window geometry (explicit/auto padding, dilation,
// ceil mode) and a per-input-shape cache of oneDNN pooling_v2 primitives. Never included from public headers.

#include "backend/dnnl_backend.h"
#include "lantern/ops/conv2d.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace lantern::backend {

/// Geometry of one spatial axis of a pooling window.
struct PoolAxisGeometry {
    int64_t in = 0, kernel = 1, stride = 1, dilation = 1;
    int64_t padBegin = 0, padEnd = 0; ///< resolved (explicit or auto) padding
    int64_t out = 0;
    int64_t primitivePadEnd = 0; ///< end padding the last window reaches into (ceil mode: past padEnd)

    /// Input position of tap t of window o (may lie in the padding).
    int64_t position(int64_t o, int64_t t) const { return o * stride - padBegin + t * dilation; }
    /// Taps of window o that fall inside the input.
    int64_t validTaps(int64_t o) const;
    /// Taps of window o inside the input or its explicit padding (not the ceil-mode extension).
    int64_t paddedTaps(int64_t o) const;
    /// Does some window reach past the explicit end padding (ceil mode)?
    bool overhangs() const;
};

/// Pooling attributes as the public params structs hold them.
struct Pool2DConfig {
    int64_t kernelH = 1, kernelW = 1;
    int64_t strideH = 1, strideW = 1;
    int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    int64_t dilationH = 1, dilationW = 1;
    bool ceilMode = false;
    PadMode padMode = PadMode::Explicit;
};

/// Throws ArgumentError "<op>: ..." for non-positive kernel/stride/dilation or negative padding.
void validatePool2DConfig(const std::string& op, const Pool2DConfig& c);

struct Pool2DGeometry {
    PoolAxisGeometry h, w;
};

/// Checks an NCHW input shape and computes the geometry. Throws ShapeError naming the op when the input is
/// not NCHW, is empty, the window does not fit, or a window lies entirely in the padding.
Pool2DGeometry pool2DGeometry(const std::string& op, const Pool2DConfig& c, const Shape& in);

/// "k=3x3 s=2x2 p=1,1,1,1 d=2x2 ceil"
std::string describePool2D(const Pool2DConfig& c);

/// oneDNN pooling_v2 primitives cached per (input shape, forward_training?). Thread-safe.
class Pool2DPrimitives {
public:
    struct Entry {
        Pool2DGeometry geometry;
        Shape outShape;
        dnnl::pooling_v2_forward::primitive_desc fwdPd;
        dnnl::pooling_v2_forward fwd;
        dnnl::pooling_v2_backward::primitive_desc bwdPd; ///< only in training entries, built lazily
        dnnl::pooling_v2_backward bwd;
    };

    Pool2DPrimitives(std::string op, dnnl::algorithm alg) : m_op(std::move(op)), m_alg(alg) {}

    /// The forward entry for an input shape (geometry must already be valid).
    Entry& entry(const Pool2DConfig& c, const Shape& in, bool training);
    /// Builds the backward primitive of a training entry if needed.
    void ensureBackward(Entry& e);

private:
    std::string m_op;
    dnnl::algorithm m_alg;
    std::mutex m_mutex;
    std::map<std::pair<Shape, bool>, Entry> m_cache;
};

} // namespace lantern::backend
