#include "common/explanation_views.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"

#include <algorithm>
#include <cmath>

namespace lantern::app {

namespace {

/// Slice (i, k) of a stacked (N, K, ...) tensor as one sample (...).
Tensor stackedSlice(const Tensor& t, int64_t i, int64_t k)
{
    Shape s(t.shape().begin() + 2, t.shape().end());
    const int64_t plane = shapeSize(s);
    return t.reshaped({t.dim(0) * t.dim(1), plane}).slice(i * t.dim(1) + k, i * t.dim(1) + k + 1).reshaped(s);
}

Tensor sampleOf(const Tensor& t, int64_t i)
{
    if (t.isEmpty() || i < 0 || i >= t.dim(0))
        throw ArgumentError("explanation has no sample " + std::to_string(i));
    Shape s(t.shape().begin() + 1, t.shape().end());
    return t.slice(i, i + 1).reshaped(s);
}

/// The engine's dominant ids and levels of sample `i` drawn with one colour per id of `ids`.
Categorical categorical(const Tensor& dominant, const Tensor& level, int64_t i, const std::vector<int>& ids,
                        const std::vector<QColor>& colors, const std::string& layout, const std::string& what)
{
    Categorical c;
    c.ids = ids;
    c.colors = colors;
    const Tensor d = sampleOf(dominant, i), l = sampleOf(level, i);
    const render::ScalarMap probe = render::toScalarMap(d, layout);
    if (probe.width * probe.height != d.size())
        throw ArgumentError(what + " is per input channel " + shapeToString(d.shape()) +
                            "; compute it with channels=sum to draw one answer per pixel");
    const int w = probe.width, h = probe.height;
    float top = 0;
    for (int64_t p = 0; p < l.size(); ++p)
        if (d[p] >= 0)
            top = std::max(top, l[p]);
    c.image = QImage(w, h, QImage::Format_ARGB32);
    c.image.fill(Qt::transparent);
    if (!(top > 0))
        return c;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int64_t p = static_cast<int64_t>(y) * w + x;
            const auto at = std::find(ids.begin(), ids.end(), static_cast<int>(d[p]));
            if (d[p] < 0 || at == ids.end())
                continue;
            QColor col = colors[static_cast<size_t>(at - ids.begin()) % colors.size()];
            col.setAlphaF(std::clamp(0.25f + 0.75f * std::sqrt(std::max(l[p], 0.f) / top), 0.f, 1.f));
            c.image.setPixelColor(x, y, col);
        }
    return c;
}

const Tensor& extra(const explain::Explanation& e, const std::string& key, const std::string& hint)
{
    const auto it = e.extra.find(key);
    if (it == e.extra.end())
        throw ArgumentError("the explanation holds no '" + key + "' (" + hint + ")");
    return it->second;
}

} // namespace

render::ScalarMap mainMap(const explain::Explanation& e, int64_t i, const std::string& layout)
{
    return render::toScalarMap(sampleOf(e.map, i), layout);
}

std::vector<std::string> attentiveLayers(const explain::Explanation& e)
{
    // extras are keyed "<node>/filters" in a std::map, so this order is alphabetical; callers that know the graph
    // reorder by node order (see the header).
    std::vector<std::string> layers;
    for (const auto& [key, t] : e.extra) {
        const auto slash = key.rfind("/filters");
        if (slash != std::string::npos && slash + 8 == key.size())
            layers.push_back(key.substr(0, slash));
    }
    return layers;
}

FilterMaps filterMaps(const explain::Explanation& e, const std::string& layer, int64_t i, const std::string& layout)
{
    const auto f = e.extra.find(layer + "/filters");
    const auto idx = e.extra.find(layer + "/filter_index");
    const auto sum = e.extra.find(layer + "/sum");
    if (f == e.extra.end() || idx == e.extra.end() || sum == e.extra.end())
        throw ArgumentError("the explanation holds no attentive-response maps for layer '" + layer + "'");
    FilterMaps out;
    const int64_t count = f->second.dim(1);
    for (int64_t k = 0; k < count; ++k) {
        out.filters.push_back(static_cast<int>(idx->second[i * count + k]));
        out.maps.push_back(render::toScalarMap(stackedSlice(f->second, i, k), layout));
    }
    out.sum = render::toScalarMap(sampleOf(sum->second, i), layout);
    return out;
}

Categorical dominantFilters(const explain::Explanation& e, const std::string& layer, int64_t i,
                            const std::string& layout)
{
    const std::string hint = "run attentive-response on layer '" + layer + "'";
    const Tensor& index = extra(e, layer + "/filter_index", hint);
    std::vector<int> ids;
    for (int64_t k = 0; k < index.dim(1); ++k)
        ids.push_back(static_cast<int>(index[i * index.dim(1) + k]));
    return categorical(extra(e, layer + "/dominant", hint), extra(e, layer + "/level", hint), i, ids,
                       render::classColors(static_cast<int>(ids.size())), layout, "the dominant filter of " + layer);
}

Categorical dominantClasses(const explain::Explanation& e, int64_t i, const std::string& layout)
{
    const Tensor& maps = extra(e, "class_maps", "run 'clear'");
    const int64_t k = maps.dim(1);
    std::vector<int> ids(static_cast<size_t>(k));
    for (int64_t c = 0; c < k; ++c)
        ids[static_cast<size_t>(c)] = static_cast<int>(c);
    return categorical(extra(e, "dominant_class", "run 'clear'"), extra(e, "level", "run 'clear'"), i, ids,
                       render::classColors(static_cast<int>(k)), layout, "the dominant class");
}

std::map<std::string, std::string> withChannelSums(std::map<std::string, std::string> params)
{
    params.emplace("channels", "sum");
    return params;
}

std::vector<float> softmax(const float* logits, int64_t count)
{
    std::vector<float> p(static_cast<size_t>(count));
    if (count == 0)
        return p;
    const float m = *std::max_element(logits, logits + count);
    double total = 0;
    for (int64_t c = 0; c < count; ++c)
        total += p[static_cast<size_t>(c)] = std::exp(logits[c] - m);
    for (float& v : p)
        v = static_cast<float>(v / total);
    return p;
}

std::vector<float> probabilities(const explain::Explanation& e, int64_t i)
{
    const int64_t k = e.logits.dim(1);
    return softmax(e.logits.data() + i * k, k);
}

} // namespace lantern::app
