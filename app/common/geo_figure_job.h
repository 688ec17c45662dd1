#pragma once
// Figures of gridded samples: the same FigureSpec as image figures (rows = samples, columns = the input and
// methods), drawn as map panels (FigureSpec::map: projection, centre, region, how the explanation sits over the
// field). Used by exportFigure and `lantern-cli figure` whenever the samples are a NetCDF field.

#include "common/figure_job.h"

#include "lantern/render/geo_figure.h"

namespace lantern::app {

/// True for sample specs that load as gridded fields (FILE.nc[:VAR][...], FILE.h5:VAR[...]).
bool isGriddedSpec(const std::string& sampleSpec);

/// The map view a FigureMap describes.
render::GeoView geoViewOf(const FigureMap& map);

/// Throws like buildFigure.
render::GeoFigure buildGeoFigure(const FigureSpec& spec, const FigureJobOptions& options = {});

/// Size of the figure buildGeoFigure makes for `rows` x `columns` panels (the export dialog's preview).
QSizeF geoFigureFrameInches(const FigureSpec& spec, int rows, int columns);

} // namespace lantern::app
