#pragma once
// A figure as data: which model (with its SHA-256), which samples, which methods in which columns, the overlay
// style and the layout. Every export writes one as a JSON sidecar next to the figure ("fig.png" →
// "fig.png.json"); `lantern-cli figure SIDECAR.json` rebuilds the same figure from it headlessly.

#include "common/settings.h"

#include <QString>

#include <string>
#include <vector>

namespace lantern::app {

/// One column of the grid: the input itself, or a method shown as its map / dominant-filter / CLEAR view.
struct FigureColumn {
    std::string kind = "method"; ///< "input" or "method"
    MethodChoice method;
    std::string view = "map"; ///< "map", "dominant" (attentive-response), "clear" (class map)
    std::string title;        ///< column label; "" = the method name
};

/// How gridded samples (NetCDF fields) are drawn: on a map projection, the explanation over the field.
struct FigureMap {
    std::string projection = "robinson"; ///< robinson, platecarree, mollweide, orthographic
    double centralLongitude = 225.0, centralLatitude = 0.0;
    std::vector<double> region;          ///< empty (the globe) or west, south, east, north in degrees
    std::string overlay = "contours";    ///< contours, fill, explanation, field
    std::vector<double> levels;          ///< contour levels; empty: `levelCount` per sign, evenly spaced
    int levelCount = 4;
};

struct FigureSpec {
    std::string modelPath, weightsPath;
    std::string modelSha256; ///< hex; checked when the figure is rebuilt
    SampleOptions preprocessing;
    std::string sampleSpec;             ///< as loadSamples takes it
    std::vector<int64_t> sampleIndices; ///< rows
    std::string labelsSpec;             ///< optional; shown in row labels
    std::vector<std::string> classNames;
    std::vector<FigureColumn> columns;
    render::OverlayStyle style;
    std::string title;
    double panelInches = 1.6;
    double fontPoints = 8;
    bool colorbar = true;
    bool sharedRange = false;
    int dpi = 300;
    uint64_t seed = 0;
    FigureMap map; ///< used when the samples are gridded
};

QByteArray figureSpecToJson(const FigureSpec& spec);
FigureSpec figureSpecFromJson(const QByteArray& json, const QString& source); ///< throws IoError naming source

/// "fig.png" → "fig.png.json"
QString sidecarPath(const QString& figurePath);
/// Hex SHA-256 of a file's bytes (models: the architecture file, plus the weights file when separate).
std::string fileSha256(const std::string& path);
std::string modelSha256(const std::string& modelPath, const std::string& weightsPath);

} // namespace lantern::app
