#pragma once
// Builds a figure from a FigureSpec headlessly: loads the model (checking its hash) and samples, runs each
// column's method on all rows at once, and lays the panels out. Shared by the GUI's export and
// `lantern-cli figure`, so both produce the same figure.

#include "common/figure_spec.h"
#include "common/sample_loader.h"

#include "lantern/model.h"

#include "lantern/render/figure.h"

#include <atomic>
#include <functional>
#include <utility>

namespace lantern::app {

struct FigureJobOptions {
    bool checkHash = true; ///< refuse a model whose SHA-256 differs from the sidecar's
    std::function<void(double)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

/// The model (its SHA-256 checked unless options.checkHash is off) and every sample of the spec's source, with its
/// preprocessing; shared by buildFigure and buildGeoFigure. Throws IoError naming the file.
std::pair<Model, Samples> loadFigureInputs(const FigureSpec& spec, const FigureJobOptions& options);

/// Throws IoError (files, hash mismatch), ArgumentError (indices, methods) or CancelledError.
render::Figure buildFigure(const FigureSpec& spec, const FigureJobOptions& options = {});

/// The figure before any map is computed: grid, title, column labels (panel titles for one row), row labels
/// (sample name, true class, a line for the explained class), room for colorbars and the CLEAR class legend, blank
/// panels of `panelSize` pixels (a stand-in map where a column shows one). `sampleNames` / `trueLabels` are per row
/// (labels -1 or empty when unknown). Its figureSizeInches equals that of the figure buildFigure makes from the same
/// spec: the export dialog's size preview.
render::Figure figureFrame(const FigureSpec& spec, const std::vector<QString>& sampleNames,
                           const std::vector<int64_t>& trueLabels, QSize panelSize);

/// Builds and writes the figure (format by suffix) and its sidecar (sidecarPath(path)), both atomically.
void exportFigure(const FigureSpec& spec, const QString& path, const FigureJobOptions& options = {});

/// Human-readable class name: the spec's names when given, else the index.
QString className(const std::vector<std::string>& names, int64_t index);

} // namespace lantern::app
