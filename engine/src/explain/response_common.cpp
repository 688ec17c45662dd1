#include "explain/response_common.h"

#include "lantern/error.h"

#include <algorithm>

namespace lantern::explain {

Execution forwardForDeconv(ExplainContext& ctx, const Tensor& input, const std::vector<std::string>& values)
{
    ctx.checkCancel();
    struct Keep : Observer {
        std::vector<std::string> names;
        bool wants(const std::string& v) const override
        {
            return std::find(names.begin(), names.end(), v) != names.end();
        }
        void onValue(const std::string&, const std::string&, const Tensor&) override {}
    } keep;
    keep.names = values;
    keep.names.push_back(ctx.logits);
    ForwardOptions fo;
    fo.keepForBackward = true;
    fo.fuse = false;
    fo.observer = &keep;
    fo.cancel = ctx.request.cancel;
    return ctx.graph.forward({{ctx.inputName, input}}, fo);
}

Tensor gatherSlots(const Tensor& r, int64_t base, int64_t count, int64_t n)
{
    Shape s = r.shape();
    const int64_t plane = r.size() / r.dim(0);
    s.insert(s.begin() + 1, count);
    s[0] = n;
    Tensor out = Tensor::uninitialized(s);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = 0; k < count; ++k)
            std::copy_n(r.data() + (base + k * n + i) * plane, plane, out.data() + (i * count + k) * plane);
    return out;
}

Tensor concatRows(const std::vector<Tensor>& parts)
{
    if (parts.size() == 1)
        return parts.front();
    Shape s = parts.front().shape();
    s[0] = 0;
    for (const auto& t : parts)
        s[0] += t.dim(0);
    Tensor out = Tensor::uninitialized(s);
    int64_t at = 0;
    for (const auto& t : parts) {
        std::copy_n(t.data(), t.size(), out.data() + at);
        at += t.size();
    }
    return out;
}

void requireRank(const Tensor& input, const std::string& method)
{
    if (input.rank() > 4)
        throw UnsupportedError(method + ": input of shape " + shapeToString(input.shape()) +
                               " has more than 4 dimensions; per-filter/per-class maps would exceed rank 5");
}

ChannelReduction parseChannelReduction(const std::string& text, const std::string& method)
{
    if (text == "each")
        return ChannelReduction::Each;
    if (text == "sum")
        return ChannelReduction::Sum;
    throw ArgumentError("method '" + method + "': parameter channels=" + text + " must be 'each' or 'sum'");
}

void dominant(const Tensor& maps, const std::vector<int64_t>& ids, ChannelReduction reduction,
              const std::string& layout, Tensor& index, Tensor& level)
{
    const int64_t n = maps.dim(0), count = maps.dim(1), plane = maps.size() / (n * count);
    Shape s(maps.shape().begin() + 2, maps.shape().end()); // one sample's dims
    // The values compared per element: the maps themselves, or their sums over the channel axis.
    int64_t outer = 1, channels = 1, inner = plane;
    if (reduction == ChannelReduction::Sum && !s.empty()) {
        const bool last = s.size() >= 2 && !layout.empty() && layout.back() == 'C' && layout != "NC";
        const size_t axis = last ? s.size() - 1 : 0;
        channels = s[axis];
        for (size_t d = 0; d < axis; ++d)
            outer *= s[d];
        inner = plane / (outer * channels);
        s[axis] = 1;
    }
    const int64_t reduced = outer * inner;
    s.insert(s.begin(), n);
    index = Tensor(s);
    level = Tensor(s);
    std::vector<double> sums(static_cast<size_t>(count));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t q = 0; q < inner; ++q) {
                for (int64_t k = 0; k < count; ++k) {
                    const float* m = maps.data() + (i * count + k) * plane + o * channels * inner + q;
                    double v = 0;
                    for (int64_t c = 0; c < channels; ++c)
                        v += m[c * inner];
                    sums[static_cast<size_t>(k)] = v;
                }
                int64_t best = -1;
                double bestV = 0;
                for (int64_t k = 0; k < count; ++k)
                    if (sums[static_cast<size_t>(k)] > bestV) {
                        bestV = sums[static_cast<size_t>(k)];
                        best = k;
                    }
                const int64_t at = i * reduced + o * inner + q;
                index[at] = best < 0 ? -1.f : static_cast<float>(ids[static_cast<size_t>(i * count + best)]);
                level[at] = static_cast<float>(bestV);
            }
}

void registerResponseMethods(Registry& registry)
{
    registerAttentiveResponse(registry);
    registerClear(registry);
}

} // namespace lantern::explain
