// Attentive response maps (Ziletti et al. 2018, Nat. Commun. 9:2775, after Kumar et al. 2017): per layer, the top-n
// filters by summed activation, each back-projected alone to the input (response_stack.h). Two styles:
//
// zeiler-fergus: the filter's whole activation map is the seed; ReLU backward = relu(signal); max pooling undone
//   through the forward switches (or `pooling=nearest`); BatchNorm scales the signal (its gradient).
// ai4materials: ai4materials' deconv_resp_maps.py (A. Ziletti, D. Kumar; Apache-2.0) step by step: only the
//   filter's single strongest unit (the first maximum in row-major order, value m) is the seed; every ReLU applies
//   its forward zero pattern before rectifying; max pooling is undone by nearest-neighbour upsampling; BatchNorm
//   passes; biases never enter. A max-pool layer as target is seeded at its input (the strongest unit of the pooled
//   channel's input map) and ranked by its pooled output, as the original does.
//
// A "layer" is a Conv2D node with the BatchNorm and activation function that only it feeds (its activation is taken
// after them), a MaxPool2D node, or any node with a 4-D output. Filters are ranked per sample by the spatial sum of
// that activation (descending, lower channel first on ties). Results per layer L (node name):
//   L/filters (N, n, C, H, W) R(x|f) in rank order, L/filter_index (N, n), L/scores (N, channels) the ranking
//   scores, L/sum the sum of the n maps, L/dominant and L/level (response_common.h: `channels=each|sum`; −1 where
//   no filter responds positively), and for ai4materials L/seed_position (N, n, 2) (row, col in the seeded map) and
//   L/seed_value (N, n). `map` is L/sum of the deepest requested layer (for layers=all: the last Conv2D).
#include "explain/backprop.h"
#include "explain/response_common.h"
#include "explain/response_stack.h"

#include "lantern/error.h"

#include <numeric>
#include <sstream>

namespace lantern::explain {

namespace {

const std::string kMethod = "attentive-response";

struct ResponseLayer {
    std::string node;   ///< the layer's node name (result keys use it)
    std::string value;  ///< the activation ranked (after the conv's BatchNorm and activation; a pool's output)
    std::string inject; ///< where seeds enter: `value`, or a max-pool target's input (ai4materials)
    size_t order = 0;   ///< topological position of inject's producer
};

std::vector<std::string> layerNames(const ExplainContext& ctx)
{
    const Graph& g = ctx.graph;
    std::vector<std::string> names;
    if (!ctx.request.layer.empty()) {
        if (!g.hasNode(ctx.request.layer))
            throw ArgumentError(kMethod + ": the model has no layer named '" + ctx.request.layer + "'");
        names.push_back(ctx.request.layer);
    } else if (ctx.params.text("layers") == "all") {
        for (const Node& n : g.nodes())
            if (n.op->type() == "Conv2D")
                names.push_back(n.name);
        if (names.empty())
            throw UnsupportedError(kMethod + ": the model has no Conv2D layer; name a layer with 4-D output");
    } else {
        std::stringstream ss(ctx.params.text("layers"));
        for (std::string item; std::getline(ss, item, ',');)
            if (!item.empty()) {
                if (!g.hasNode(item))
                    throw ArgumentError(kMethod + ": the model has no layer named '" + item + "'");
                if (std::find(names.begin(), names.end(), item) == names.end())
                    names.push_back(item);
            }
        if (names.empty())
            throw ArgumentError(kMethod + ": parameter layers is empty");
    }
    return names;
}

std::vector<ResponseLayer> responseLayers(const ExplainContext& ctx, DeconvStyle style)
{
    const Graph& g = ctx.graph;
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < g.nodes().size(); ++i)
        position[g.nodes()[i].name] = i;
    std::vector<ResponseLayer> layers;
    for (const auto& name : layerNames(ctx)) {
        const Node& n = g.node(name);
        ResponseLayer l{name, n.outputs.front(), n.outputs.front(), position.at(name)};
        if (n.op->type() == "Conv2D") {
            l.value = l.inject = responseValue(g, name);
            if (const Node* p = g.producer(l.value))
                l.order = position.at(p->name);
        } else if (n.op->type() == "MaxPool2D" && style == DeconvStyle::Ai4materials) {
            l.inject = n.inputs.front();
            const Node* producer = g.producer(l.inject);
            l.order = producer ? position.at(producer->name) : 0;
        }
        layers.push_back(l);
    }
    return layers;
}

/// Explicit filters (e.g. the one a user clicked) replace the top-n ranking.
std::vector<int64_t> chosenFilters(const ExplainContext& ctx, size_t layerCount)
{
    std::vector<int64_t> chosen;
    std::stringstream ss(ctx.params.text("filters"));
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) {
            try {
                chosen.push_back(std::stoll(item));
            } catch (const std::exception&) {
                throw ArgumentError(kMethod + ": filters='" + ctx.params.text("filters") +
                                    "' must be comma-separated channel indices");
            }
        }
    if (!chosen.empty() && layerCount != 1)
        throw ArgumentError(kMethod + ": filters=... needs exactly one layer");
    return chosen;
}

/// The seeds of one layer for a chunk of n samples: signal (count·n, C, h, w) at `inject`, filter ids
/// (sample-major), scores, and for ai4materials the seed units.
struct LayerSeeds {
    Tensor signal;
    std::vector<int64_t> ids;
    int64_t count = 0;
    Tensor scores, seedPosition, seedValue;
};

LayerSeeds seedLayer(const ResponseLayer& layer, const Execution& ex, int64_t n, int64_t topN,
                     const std::vector<int64_t>& chosen, DeconvStyle style)
{
    const Tensor& a = ex.value(layer.value);
    const Tensor& at = ex.value(layer.inject);
    if (a.rank() != 4 || at.rank() != 4)
        throw UnsupportedError(kMethod + ": layer '" + layer.node + "' gives " + shapeToString(a.shape()) +
                               "; attentive response needs a conv or pooling layer's (N, C, h, w) output");
    const int64_t c = a.dim(1), plane = a.dim(2) * a.dim(3), seedPlane = at.dim(2) * at.dim(3);
    for (int64_t f : chosen)
        if (f < 0 || f >= c)
            throw ArgumentError(kMethod + ": filter " + std::to_string(f) + " does not exist in layer '" + layer.node +
                                "' (" + std::to_string(c) + " channels)");
    LayerSeeds s;
    s.count = chosen.empty() ? std::min(topN, c) : static_cast<int64_t>(chosen.size());
    s.signal = Tensor(Shape{s.count * n, c, at.dim(2), at.dim(3)});
    s.scores = Tensor(Shape{n, c});
    if (style == DeconvStyle::Ai4materials) {
        s.seedPosition = Tensor(Shape{n, s.count, 2});
        s.seedValue = Tensor(Shape{n, s.count});
    }
    for (int64_t i = 0; i < n; ++i) {
        std::vector<double> score(static_cast<size_t>(c));
        for (int64_t f = 0; f < c; ++f) {
            const float* p = a.data() + (i * c + f) * plane;
            score[static_cast<size_t>(f)] = std::accumulate(p, p + plane, 0.0);
            s.scores[i * c + f] = static_cast<float>(score[static_cast<size_t>(f)]);
        }
        std::vector<int64_t> order(static_cast<size_t>(c));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
            return score[static_cast<size_t>(x)] > score[static_cast<size_t>(y)];
        });
        for (int64_t k = 0; k < s.count; ++k) {
            const int64_t f = chosen.empty() ? order[static_cast<size_t>(k)] : chosen[static_cast<size_t>(k)];
            s.ids.push_back(f);
            const float* src = at.data() + (i * c + f) * seedPlane;
            float* dst = s.signal.data() + ((k * n + i) * c + f) * seedPlane;
            if (style == DeconvStyle::ZeilerFergus) {
                std::copy_n(src, seedPlane, dst);
                continue;
            }
            const int64_t best = std::max_element(src, src + seedPlane) - src; // first maximum, row-major
            dst[best] = src[best];
            s.seedPosition[(i * s.count + k) * 2] = static_cast<float>(best / at.dim(3));
            s.seedPosition[(i * s.count + k) * 2 + 1] = static_cast<float>(best % at.dim(3));
            s.seedValue[i * s.count + k] = src[best];
        }
    }
    return s;
}

Explanation attentiveResponse(ExplainContext& ctx)
{
    requireRank(ctx.input, kMethod);
    const int64_t topN = ctx.params.integer("n");
    if (topN < 1)
        throw ArgumentError(kMethod + ": parameter n=" + std::to_string(topN) + " must be at least 1");
    const DeconvRules rules = parseDeconvRules(ctx.params.text("style"), ctx.params.text("pooling"), kMethod);
    const ChannelReduction reduction = parseChannelReduction(ctx.params.text("channels"), kMethod);
    const std::vector<ResponseLayer> layers = responseLayers(ctx, rules.style);
    const std::vector<int64_t> chosen = chosenFilters(ctx, layers.size());
    std::vector<std::string> values;
    for (const auto& l : layers) {
        values.push_back(l.value);
        values.push_back(l.inject);
    }
    // the headline map: the deepest layer's sum
    size_t headline = 0;
    for (size_t li = 1; li < layers.size(); ++li)
        if (layers[li].order > layers[headline].order)
            headline = li;
    const int64_t perLayer = chosen.empty() ? topN : static_cast<int64_t>(chosen.size());
    const int64_t slots = perLayer * static_cast<int64_t>(layers.size());
    return inChunks(ctx, slots, [&](const Tensor& input, double progress0, double progressSpan) {
        Execution ex = forwardForDeconv(ctx, input, values);
        const int64_t n = input.dim(0);
        std::vector<LayerSeeds> seeds;
        for (const auto& l : layers)
            seeds.push_back(seedLayer(l, ex, n, topN, chosen, rules.style));

        // Deepest first; layers seeded at one value share a signal, layers on one chain share a traversal.
        std::vector<size_t> byDepth(layers.size());
        std::iota(byDepth.begin(), byDepth.end(), 0);
        std::stable_sort(byDepth.begin(), byDepth.end(),
                         [&](size_t x, size_t y) { return layers[x].order > layers[y].order; });
        std::vector<std::vector<size_t>> groups;
        for (size_t li : byDepth) {
            if (!groups.empty() && chainedBelow(ctx.graph, layers[groups.back().back()].inject, layers[li].inject))
                groups.back().push_back(li);
            else
                groups.push_back({li});
        }

        Explanation e;
        e.logits = ex.value(ctx.logits).clone();
        e.targets = resolveTargets(e.logits, ctx.request.target, kMethod);
        size_t done = 0;
        for (const auto& group : groups) {
            std::vector<InjectedSignal> gs;
            for (size_t li : group) {
                if (!gs.empty() && gs.back().value == layers[li].inject)
                    gs.back().signal = concatRows({gs.back().signal, seeds[li].signal});
                else
                    gs.push_back({layers[li].inject, seeds[li].signal});
            }
            const Tensor r = deconvStacked(ctx.graph, ex, ctx.inputName, gs, n, rules, ctx.request.cancel, kMethod);
            int64_t base = 0;
            for (size_t li : group) {
                const LayerSeeds& s = seeds[li];
                const std::string& key = layers[li].node;
                const Tensor filters = gatherSlots(r, base, s.count, n);
                base += s.count * n;
                Tensor index(Shape{n, s.count});
                for (size_t j = 0; j < s.ids.size(); ++j)
                    index[static_cast<int64_t>(j)] = static_cast<float>(s.ids[j]);
                Tensor sum(input.shape());
                const int64_t plane = sum.size() / n;
                for (int64_t i = 0; i < n; ++i)
                    for (int64_t k = 0; k < s.count; ++k) {
                        const float* src = filters.data() + (i * s.count + k) * plane;
                        float* dst = sum.data() + i * plane;
                        for (int64_t p = 0; p < plane; ++p)
                            dst[p] += src[p];
                    }
                Tensor dom, level;
                dominant(filters, s.ids, reduction, ctx.model.inputLayout, dom, level);
                e.extra[key + "/filters"] = filters;
                e.extra[key + "/filter_index"] = index;
                e.extra[key + "/scores"] = s.scores;
                e.extra[key + "/sum"] = sum;
                e.extra[key + "/dominant"] = dom;
                e.extra[key + "/level"] = level;
                if (rules.style == DeconvStyle::Ai4materials) {
                    e.extra[key + "/seed_position"] = s.seedPosition;
                    e.extra[key + "/seed_value"] = s.seedValue;
                }
                if (li == headline)
                    e.map = sum;
            }
            ctx.progress(progress0 + progressSpan * double(++done) / double(groups.size()));
        }
        return e;
    });
}

} // namespace

std::string responseValue(const Graph& graph, const std::string& node)
{
    const Node& n = graph.node(node);
    std::string value = n.outputs.front();
    if (n.op->type() != "Conv2D")
        return value;
    // follow the conv's own BatchNorm and activation (each the only reader of what it reads)
    for (const bool batchNorm : {true, false}) {
        const auto readers = graph.consumers(value);
        const auto& outputs = graph.outputNames();
        if (readers.size() != 1 || std::find(outputs.begin(), outputs.end(), value) != outputs.end())
            break;
        const Node& r = *readers.front();
        if (batchNorm ? r.op->type() == "BatchNorm" : r.op->isActivation())
            value = r.outputs.front();
    }
    return value;
}

void registerAttentiveResponse(Registry& registry)
{
    registry.add(
        {kMethod,
         "top-n filters of conv layers (by summed activation) back-projected one by one: which input structures each "
         "layer's strongest filters see (Ziletti et al. 2018; style=ai4materials reproduces its code)",
         {{"n", "4", "filters kept per layer (top-n by summed activation; at most the layer's channels)"},
          {"layers", "all",
           "'all' (every Conv2D layer) or comma-separated node names (conv, max-pool or any 4-D layer); a chosen layer "
           "overrides"},
          {"style", "zeiler-fergus",
           "'zeiler-fergus' (whole activation map as seed, deconvnet ReLU, switches) or 'ai4materials' (strongest unit "
           "as seed, forward ReLU mask, nearest-neighbour unpooling, BatchNorm passes)"},
          {"pooling", "auto", "max-pool backward: 'auto' (the style's own), 'switches' or 'nearest'"},
          {"channels", "each",
           "dominant filter per input element ('each') or on the maps summed over input channels ('sum')"},
          {"filters", "", "comma-separated channel indices back-projected instead of the top-n (one layer)"}},
         true},
        attentiveResponse);
}

} // namespace lantern::explain
