#pragma once
// Internal: what attentive-response and CLEAR share: the forward pass kept for a deconvnet back-projection,
// per-slot gathering of stacked results, chunking of large batches, and the dominant-entry reduction (which filter
// or class responds most at each input element, optionally after summing over input channels).

#include "explain/registry.h"

#include <algorithm>
#include <string>
#include <vector>

namespace lantern::explain {

/// Forward pass at the request's batch, keeping switches and the wanted values (no fusion: the deconvnet ReLU rule
/// needs every Relu node).
Execution forwardForDeconv(ExplainContext& ctx, const Tensor& input, const std::vector<std::string>& values);

/// Per-slot maps (rows base + k·N + i of `r`) laid out as (N, count, input dims...).
Tensor gatherSlots(const Tensor& r, int64_t base, int64_t count, int64_t n);

/// Tensors joined along their first axis.
Tensor concatRows(const std::vector<Tensor>& parts);

/// Per-filter/per-class maps add a dimension: the input may have at most rank 4.
void requireRank(const Tensor& input, const std::string& method);

/// How the dominant filter/class is found: per input element, or on the maps summed over the input channels
/// (one answer per pixel of an RGB image or a multi-channel fingerprint).
enum class ChannelReduction { Each, Sum };
ChannelReduction parseChannelReduction(const std::string& text, const std::string& method);

/// Over the second axis of `maps` (N, count, dims...), after the reduction: the id (ids[i·count + k]) of the
/// largest **positive** value, the first in rank order winning ties, and that value. An element where no map is
/// positive has no dominant entry: index −1, level 0 (a filter or class never dominates through a response
/// against it). Shapes (N, dims...), with the channel axis of size 1 for Sum; `layout` (Model::inputLayout) says
/// which axis holds the channels.
void dominant(const Tensor& maps, const std::vector<int64_t>& ids, ChannelReduction reduction,
              const std::string& layout, Tensor& index, Tensor& level);

/// Rows of stacked signals allowed in one traversal (bounds memory: every stacked gradient holds this many rows of
/// the widest activation).
constexpr int64_t kMaxStackedRows = 96;

/// Runs `fn(input chunk, progress start, progress span)` on consecutive sample chunks so that at most
/// kMaxStackedRows stacked rows travel at once (`slotsPerSample` rows per sample) and joins the results along the
/// batch.
template <typename Fn> Explanation inChunks(ExplainContext& ctx, int64_t slotsPerSample, Fn fn)
{
    const int64_t n = ctx.input.dim(0);
    const int64_t chunk = std::max<int64_t>(1, kMaxStackedRows / std::max<int64_t>(1, slotsPerSample));
    if (n <= chunk)
        return fn(ctx.input, 0.0, 1.0);
    std::vector<Explanation> parts;
    for (int64_t b = 0; b < n; b += chunk) {
        const int64_t e = std::min(n, b + chunk);
        parts.push_back(fn(ctx.input.slice(b, e).clone(), double(b) / double(n), double(e - b) / double(n)));
    }
    Explanation out;
    auto join = [&](auto get) {
        std::vector<Tensor> ts;
        for (auto& p : parts)
            ts.push_back(get(p));
        return concatRows(ts);
    };
    out.map = join([](Explanation& p) { return p.map; });
    out.logits = join([](Explanation& p) { return p.logits; });
    for (auto& p : parts)
        out.targets.insert(out.targets.end(), p.targets.begin(), p.targets.end());
    for (const auto& entry : parts.front().extra) {
        const std::string& key = entry.first; // (clang 14 cannot capture a structured binding)
        out.extra[key] = join([&key](Explanation& p) { return p.extra.at(key); });
    }
    return out;
}

// The two methods register from their own files (called by registerResponseMethods).
void registerAttentiveResponse(Registry& registry);
void registerClear(Registry& registry);

} // namespace lantern::explain
