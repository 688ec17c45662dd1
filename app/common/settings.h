#pragma once
// What the user chose to look at, shared by GUI sessions (.lantern) and figure sidecars: the method with its
// parameters, target and layer, and the overlay style. JSON conversion with Qt's JSON classes.

#include "common/sample_loader.h"

#include "lantern/render/scalar_map.h"

#include <QJsonObject>

#include <cstdint>
#include <map>
#include <string>

namespace lantern::app {

struct MethodChoice {
    std::string method = "gradient";
    std::map<std::string, std::string> params; ///< only the ones that differ from the defaults
    std::string layer;                         ///< for methods that take a layer ("" = default)
    int64_t target = -1;                       ///< class index, -1 = predicted
    bool operator==(const MethodChoice&) const = default;
};

QJsonObject toJson(const MethodChoice& choice);
MethodChoice methodChoiceFromJson(const QJsonObject& object);

QJsonObject toJson(const render::OverlayStyle& style);
render::OverlayStyle overlayStyleFromJson(const QJsonObject& object);

/// Preprocessing only (scale, mean, std, bgr, resize); the limit is not stored.
QJsonObject toJson(const SampleOptions& options);
SampleOptions sampleOptionsFromJson(const QJsonObject& object);

} // namespace lantern::app
