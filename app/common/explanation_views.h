#pragma once
// Per-sample views of an explanation result for drawing: the main map, per-filter maps of attentive response
// (per conv layer), and categorical "which filter / which class dominates here" images for the dominant-map
// and CLEAR views. Multi-channel maps are reduced by summing channels (render::toScalarMap); the categorical
// images draw the engine's own dominant/level results, which must be computed with `channels=sum` (one answer per
// pixel), so that screen, figures and the .h5 a CLI run writes agree.

#include "lantern/explain/explainer.h"
#include "lantern/render/scalar_map.h"

#include <QColor>
#include <QImage>

#include <string>
#include <vector>

namespace lantern::app {

/// Sample `i` of e.map as a 2-D map.
render::ScalarMap mainMap(const explain::Explanation& e, int64_t i, const std::string& layout);

/// Conv layers an attentive-response result holds ("<layer>/filters" extras), in alphabetical order.
std::vector<std::string> attentiveLayers(const explain::Explanation& e);

struct FilterMaps {
    std::vector<int> filters;            ///< channel index of each map, strongest first
    std::vector<render::ScalarMap> maps; ///< R(x|f) per kept filter
    render::ScalarMap sum;               ///< sum of the kept maps
};
FilterMaps filterMaps(const explain::Explanation& e, const std::string& layer, int64_t i, const std::string& layout);

struct Categorical {
    QImage image;         ///< ARGB32 at the map size; colour = dominant entry, alpha = its level (relative);
                          ///< transparent where nothing responds positively (engine id −1)
    std::vector<int> ids; ///< the id of each colour (filter channel or class index), in colour order
    std::vector<QColor> colors;
};
/// Dominant filter per pixel of an attentive-response layer: the engine's "<layer>/dominant" and "<layer>/level"
/// (computed with channels=sum), coloured in rank order of the layer's kept filters.
Categorical dominantFilters(const explain::Explanation& e, const std::string& layer, int64_t i,
                            const std::string& layout);
/// CLEAR: the engine's "dominant_class" and "level" (computed with channels=sum), coloured by class.
Categorical dominantClasses(const explain::Explanation& e, int64_t i, const std::string& layout);
/// The method parameters a categorical view needs: channels=sum added when not given.
std::map<std::string, std::string> withChannelSums(std::map<std::string, std::string> params);

/// Softmax of sample i's logits.
std::vector<float> probabilities(const explain::Explanation& e, int64_t i);
std::vector<float> softmax(const float* logits, int64_t count);

} // namespace lantern::app
