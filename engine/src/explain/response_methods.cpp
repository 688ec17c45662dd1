// Attentive response maps (Ziletti et al. 2018, Nat. Commun. 9:2775, after Kumar et al. 2017; the
// ai4materials implementation) and CLEAR (class-enhanced attentive response, Kumar et al. 2017). Both
// back-project signals to the input with deconvnet rules (response_stack.h): ReLU backward = relu(upstream),
// conv backward = transposed conv with the same weights (bias ignored), max-pool backward through the
// forward switches or by nearest-neighbour upsampling; other ops take their own gradient. Every filter or
// class is one slot of a batch-stacked signal, so all of them share one forward pass and one backward
// traversal. Results stay per input channel (nothing is summed over channels).
//
// attentive-response, per layer L (a Conv2D node; its activation is taken after its Relu when a Relu is the
// only reader): filters ranked per sample by the spatial sum of their activation, the top n (at most the
// channel count) each seeded with its own activation map (all other units zero):
//   L/filters (N, n, C, H, W) R(x|f) in rank order, L/filter_index (N, n) the filter ids f,
//   L/sum = sum over the n maps, L/dominant = the filter id (not the rank) of argmax_f R(x|f) per input
//   element (the first in rank order wins ties), L/level = that maximum; map = L/sum of the requested layer,
//   or of the first in `layers` (for `all`: the first Conv2D in topological order).
// clear: every class c seeded with its logit z_c (Kumar et al. back-project the class neuron's response;
//   seed=one uses 1): class_maps (N, K, C, H, W), dominant_class = argmax_c per input element (lowest class
//   wins ties), level = that maximum, both with the input's shape; map = the target class's map.
// Large batches run in chunks so that at most kMaxStackedRows stacked rows travel together.

#include "explain/backprop.h"
#include "explain/registry.h"
#include "explain/response_stack.h"

#include "lantern/error.h"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace lantern::explain {

namespace {

/// Forward pass at the request's batch, keeping switches and the wanted values (no fusion: the deconvnet
/// ReLU rule needs every Relu node).
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

/// Per-slot maps (rows base + k·N + i of `r`) laid out as (N, count, input dims...).
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

/// Over the second axis of `maps` (N, count, dims...): argmax (first maximum wins) mapped through `ids`
/// (per sample, count entries) and the maximum, both shaped (N, dims...).
void dominant(const Tensor& maps, const std::vector<int64_t>& ids, Tensor& index, Tensor& level)
{
    const int64_t n = maps.dim(0), count = maps.dim(1), plane = maps.size() / (n * count);
    Shape s = maps.shape();
    s.erase(s.begin() + 1);
    index = Tensor(s);
    level = Tensor(s);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t p = 0; p < plane; ++p) {
            int64_t best = 0;
            float bestV = maps[(i * count) * plane + p];
            for (int64_t k = 1; k < count; ++k) {
                const float v = maps[(i * count + k) * plane + p];
                if (v > bestV) {
                    bestV = v;
                    best = k;
                }
            }
            index[i * plane + p] = static_cast<float>(ids[static_cast<size_t>(i * count + best)]);
            level[i * plane + p] = bestV;
        }
}

void requireRank(const Tensor& input, const std::string& method)
{
    if (input.rank() > 4)
        throw UnsupportedError(method + ": input of shape " + shapeToString(input.shape()) +
                               " has more than 4 dimensions; per-filter/per-class maps would exceed rank 5");
}

/// Rows of stacked signals allowed in one traversal (bounds memory: every stacked gradient holds this many
/// rows of the widest activation).
constexpr int64_t kMaxStackedRows = 96;

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

/// Runs `fn` on consecutive sample chunks so that at most kMaxStackedRows stacked rows travel at once
/// (`slotsPerSample` rows per sample) and joins the results along the batch.
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
    for (const auto& [key, t] : parts.front().extra)
        out.extra[key] = join([&key](Explanation& p) { return p.extra.at(key); });
    return out;
}

struct ResponseLayer {
    std::string node;  ///< the layer's node name (result keys use it)
    std::string value; ///< the activation ranked and back-projected (after the conv's Relu, if any)
    size_t order = 0;  ///< topological position of the value's producer
};

std::vector<ResponseLayer> responseLayers(const ExplainContext& ctx)
{
    const Graph& g = ctx.graph;
    std::vector<std::string> names;
    if (!ctx.request.layer.empty()) {
        names.push_back(ctx.request.layer);
    } else if (ctx.params.text("layers") == "all") {
        for (const Node& n : g.nodes())
            if (n.op->type() == "Conv2D")
                names.push_back(n.name);
        if (names.empty())
            throw UnsupportedError("attentive-response: the model has no Conv2D layer; name a layer with 4-D output");
    } else {
        std::stringstream ss(ctx.params.text("layers"));
        for (std::string item; std::getline(ss, item, ',');)
            if (!item.empty()) {
                if (!g.hasNode(item))
                    throw ArgumentError("attentive-response: the model has no layer named '" + item + "'");
                if (std::find(names.begin(), names.end(), item) == names.end())
                    names.push_back(item);
            }
        if (names.empty())
            throw ArgumentError("attentive-response: parameter layers is empty");
    }
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < g.nodes().size(); ++i)
        position[g.nodes()[i].name] = i;
    std::vector<ResponseLayer> layers;
    for (const auto& name : names) {
        const Node& n = g.node(name);
        ResponseLayer l{name, n.outputs.front(), position.at(name)};
        const auto readers = g.consumers(l.value);
        if (n.op->type() == "Conv2D" && readers.size() == 1 && readers.front()->op->type() == "Relu") {
            l.value = readers.front()->outputs.front();
            l.order = position.at(readers.front()->name);
        }
        layers.push_back(l);
    }
    return layers;
}

Explanation attentiveResponse(ExplainContext& ctx)
{
    const std::string method = "attentive-response";
    requireRank(ctx.input, method);
    const int64_t topN = ctx.params.integer("n");
    if (topN < 1)
        throw ArgumentError(method + ": parameter n=" + std::to_string(topN) + " must be at least 1");
    const PoolingMode pooling = parsePoolingMode(ctx.params.text("pooling"), method);
    const std::vector<ResponseLayer> layers = responseLayers(ctx);
    // Explicit filters (e.g. the one a user clicked) replace the top-n ranking; one layer only.
    std::vector<int64_t> chosen;
    {
        std::stringstream ss(ctx.params.text("filters"));
        std::string item;
        while (std::getline(ss, item, ','))
            if (!item.empty()) {
                try {
                    chosen.push_back(std::stoll(item));
                } catch (const std::exception&) {
                    throw ArgumentError(method + ": filters='" + ctx.params.text("filters") +
                                        "' must be comma-separated channel indices");
                }
            }
        if (!chosen.empty() && layers.size() != 1)
            throw ArgumentError(method + ": filters=... needs exactly one layer (give --layer or layers=NAME)");
    }
    std::vector<std::string> values;
    for (const auto& l : layers)
        values.push_back(l.value);
    const int64_t perLayer = chosen.empty() ? topN : static_cast<int64_t>(chosen.size());
    const int64_t slots = perLayer * static_cast<int64_t>(layers.size());
    return inChunks(ctx, slots, [&](const Tensor& input, double progress0, double progressSpan) {
        Execution ex = forwardForDeconv(ctx, input, values);
        const int64_t n = input.dim(0);

        // Rank the filters of every layer per sample by summed activation and build its stacked signal.
        std::vector<InjectedSignal> signals(layers.size());
        std::vector<std::vector<int64_t>> ids(layers.size());
        std::vector<int64_t> counts(layers.size());
        for (size_t li = 0; li < layers.size(); ++li) {
            const Tensor& a = ex.value(layers[li].value);
            if (a.rank() != 4)
                throw UnsupportedError(method + ": layer '" + layers[li].node + "' gives " + shapeToString(a.shape()) +
                                       "; attentive response needs a conv layer's (N, C, h, w) output");
            const int64_t c = a.dim(1), plane = a.dim(2) * a.dim(3),
                          count = chosen.empty() ? std::min(topN, c) : static_cast<int64_t>(chosen.size());
            for (int64_t f : chosen)
                if (f < 0 || f >= c)
                    throw ArgumentError(method + ": filter " + std::to_string(f) + " does not exist in layer '" +
                                        layers[li].node + "' (" + std::to_string(c) + " channels)");
            counts[li] = count;
            Tensor signal(Shape{count * n, c, a.dim(2), a.dim(3)});
            for (int64_t i = 0; i < n; ++i) {
                std::vector<double> score(static_cast<size_t>(c));
                for (int64_t f = 0; f < c; ++f) {
                    const float* p = a.data() + (i * c + f) * plane;
                    score[static_cast<size_t>(f)] = std::accumulate(p, p + plane, 0.0);
                }
                std::vector<int64_t> order(static_cast<size_t>(c));
                std::iota(order.begin(), order.end(), 0);
                std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
                    return score[static_cast<size_t>(x)] > score[static_cast<size_t>(y)];
                });
                for (int64_t k = 0; k < count; ++k) {
                    const int64_t f = chosen.empty() ? order[static_cast<size_t>(k)] : chosen[static_cast<size_t>(k)];
                    ids[li].push_back(f);
                    std::copy_n(a.data() + (i * c + f) * plane, plane, signal.data() + ((k * n + i) * c + f) * plane);
                }
            }
            signals[li] = {layers[li].value, signal};
        }
        // ids[li] is sample-major (i * count + k), as dominant() expects.

        // Deepest layers first; layers on one chain share a traversal.
        std::vector<size_t> byDepth(layers.size());
        std::iota(byDepth.begin(), byDepth.end(), 0);
        std::stable_sort(byDepth.begin(), byDepth.end(),
                         [&](size_t x, size_t y) { return layers[x].order > layers[y].order; });
        std::vector<std::vector<size_t>> groups;
        for (size_t li : byDepth) {
            if (!groups.empty() && chainedBelow(ctx.graph, layers[groups.back().back()].value, layers[li].value))
                groups.back().push_back(li);
            else
                groups.push_back({li});
        }

        Explanation e;
        e.logits = ex.value(ctx.logits).clone();
        e.targets = resolveTargets(e.logits, ctx.request.target, method);
        size_t done = 0;
        for (const auto& group : groups) {
            std::vector<InjectedSignal> gs;
            for (size_t li : group)
                gs.push_back(signals[li]);
            const Tensor r = deconvStacked(ctx.graph, ex, ctx.inputName, gs, n, pooling, ctx.request.cancel, method);
            int64_t base = 0;
            for (size_t li : group) {
                const std::string& key = layers[li].node;
                const Tensor filters = gatherSlots(r, base, counts[li], n);
                base += counts[li] * n;
                Tensor index(Shape{n, counts[li]});
                for (size_t j = 0; j < ids[li].size(); ++j)
                    index[static_cast<int64_t>(j)] = static_cast<float>(ids[li][j]);
                Tensor sum(input.shape());
                const int64_t plane = sum.size() / n;
                for (int64_t i = 0; i < n; ++i)
                    for (int64_t k = 0; k < counts[li]; ++k) {
                        const float* src = filters.data() + (i * counts[li] + k) * plane;
                        float* dst = sum.data() + i * plane;
                        for (int64_t p = 0; p < plane; ++p)
                            dst[p] += src[p];
                    }
                Tensor dom, level;
                dominant(filters, ids[li], dom, level);
                e.extra[key + "/filters"] = filters;
                e.extra[key + "/filter_index"] = index;
                e.extra[key + "/sum"] = sum;
                e.extra[key + "/dominant"] = dom;
                e.extra[key + "/level"] = level;
                if (li == 0)
                    e.map = sum;
            }
            ctx.progress(progress0 + progressSpan * double(++done) / double(groups.size()));
        }
        return e;
    });
}

Explanation clear(ExplainContext& ctx)
{
    const std::string method = "clear";
    requireRank(ctx.input, method);
    const PoolingMode pooling = parsePoolingMode(ctx.params.text("pooling"), method);
    const std::string& seedMode = ctx.params.text("seed");
    if (seedMode != "logit" && seedMode != "one")
        throw ArgumentError(method + ": parameter seed=" + seedMode + " must be 'logit' or 'one'");
    const int64_t classes = ctx.graph.inferShapes({{ctx.inputName, ctx.input.shape()}}).at(ctx.logits).back();
    return inChunks(ctx, classes, [&](const Tensor& input, double progress0, double progressSpan) {
        Execution ex = forwardForDeconv(ctx, input, {});
        Explanation e;
        e.logits = ex.value(ctx.logits).clone();
        e.targets = resolveTargets(e.logits, ctx.request.target, method);
        const int64_t n = e.logits.dim(0), k = e.logits.dim(1);
        Tensor signal(Shape{k * n, k});
        for (int64_t c = 0; c < k; ++c)
            for (int64_t i = 0; i < n; ++i)
                signal[(c * n + i) * k + c] = seedMode == "one" ? 1.f : e.logits[i * k + c];
        const Tensor r =
            deconvStacked(ctx.graph, ex, ctx.inputName, {{ctx.logits, signal}}, n, pooling, ctx.request.cancel, method);
        const Tensor classMaps = gatherSlots(r, 0, k, n);
        std::vector<int64_t> classIds(static_cast<size_t>(n * k));
        for (size_t j = 0; j < classIds.size(); ++j)
            classIds[j] = static_cast<int64_t>(j) % k;
        Tensor dom, level;
        dominant(classMaps, classIds, dom, level);
        e.map = Tensor(input.shape());
        const int64_t plane = e.map.size() / n;
        for (int64_t i = 0; i < n; ++i)
            std::copy_n(classMaps.data() + (i * k + e.targets[static_cast<size_t>(i)]) * plane, plane,
                        e.map.data() + i * plane);
        e.extra["class_maps"] = classMaps;
        e.extra["dominant_class"] = dom;
        e.extra["level"] = level;
        ctx.progress(progress0 + progressSpan);
        return e;
    });
}

} // namespace

void registerResponseMethods(Registry& registry)
{
    registry.add(
        {"attentive-response",
         "top-n filters of conv layers (by summed activation) back-projected one by one with deconvnet rules: "
         "which input structures each layer's strongest filters see (Ziletti et al. 2018)",
         {{"n", "4", "filters kept per layer (top-n by summed activation; at most the layer's channels)"},
          {"layers", "all", "'all' (every Conv2D layer) or comma-separated node names; --layer overrides"},
          {"pooling", "switches", "max-pool backward: 'switches' (forward argmax) or 'nearest' (ai4materials)"},
          {"filters", "", "comma-separated channel indices back-projected instead of the top-n (one layer)"}},
         true},
        attentiveResponse);
    registry.add(
        {"clear",
         "deconvnet back-projection of every class's response with the dominant class and its level per pixel: "
         "which input regions argue for which class (Kumar et al. 2017)",
         {{"seed", "logit", "class seed: 'logit' (the class score, Kumar et al.) or 'one'"},
          {"pooling", "switches", "max-pool backward: 'switches' (forward argmax) or 'nearest' (ai4materials)"}},
         false},
        clear);
}

} // namespace lantern::explain
