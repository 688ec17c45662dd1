#pragma once
// The three-panel figure of the El Niño study (as in Toms et al. 2020, Fig. 3/5): optimal input for El Niño |
// deep-Taylor composite | the strongest El Niño month's relevance as open contours over its SST anomaly, each on a
// Robinson map centred at 225 E with land, coastlines and a colorbar. PNG, SVG or PDF by the file extension.

#include "lantern/studies/enso.h"

#include <string>

namespace lantern::cli {

struct EnsoFigure {
    const studies::EnsoData* data = nullptr;
    const studies::EnsoMaps* maps = nullptr;
    double centralLongitude = 225.0;
};

void writeEnsoFigure(const EnsoFigure& figure, const std::string& path);
/// A small Robinson map of the strongest El Niño month with its relevance contours (the demo's icon), PNG.
void writeEnsoIcon(const EnsoFigure& figure, const std::string& path, int width = 320);

} // namespace lantern::cli
