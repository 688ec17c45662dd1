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

Categorical categorical(const std::vector<render::ScalarMap>& maps, const std::vector<int>& ids,
                        const std::vector<QColor>& colors)
{
    Categorical c;
    c.ids = ids;
    c.colors = colors;
    if (maps.empty())
        return c;
    const int w = maps.front().width, h = maps.front().height;
    std::vector<int> best(static_cast<size_t>(w) * h, -1);
    std::vector<float> level(best.size(), 0.f);
    float top = 0;
    for (size_t p = 0; p < best.size(); ++p) {
        for (size_t k = 0; k < maps.size(); ++k)
            if (maps[k].values[p] > level[p]) {
                level[p] = maps[k].values[p];
                best[p] = static_cast<int>(k);
            }
        top = std::max(top, level[p]);
    }
    c.image = QImage(w, h, QImage::Format_ARGB32);
    c.image.fill(Qt::transparent);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const size_t p = static_cast<size_t>(y) * w + x;
            if (best[p] < 0 || top <= 0)
                continue;
            QColor col = colors[static_cast<size_t>(best[p]) % colors.size()];
            col.setAlphaF(std::clamp(0.25f + 0.75f * std::sqrt(level[p] / top), 0.f, 1.f));
            c.image.setPixelColor(x, y, col);
        }
    return c;
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
    const FilterMaps f = filterMaps(e, layer, i, layout);
    return categorical(f.maps, f.filters, render::classColors(static_cast<int>(f.maps.size())));
}

Categorical dominantClasses(const explain::Explanation& e, int64_t i, const std::string& layout)
{
    const auto cm = e.extra.find("class_maps");
    if (cm == e.extra.end())
        throw ArgumentError("the explanation holds no per-class maps (run 'clear')");
    const int64_t k = cm->second.dim(1);
    std::vector<render::ScalarMap> maps;
    std::vector<int> ids;
    for (int64_t c = 0; c < k; ++c) {
        maps.push_back(render::toScalarMap(stackedSlice(cm->second, i, c), layout));
        ids.push_back(static_cast<int>(c));
    }
    return categorical(maps, ids, render::classColors(static_cast<int>(k)));
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
