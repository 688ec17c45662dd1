#pragma once
// Builds a figure from a FigureSpec headlessly: loads the model (checking its hash) and samples, runs each
// column's method on all rows at once, and lays the panels out. Shared by the GUI's export and
// `lantern-cli figure`, so both produce the same figure.

#include "common/figure_spec.h"

#include "lantern/render/figure.h"

#include <atomic>
#include <functional>

namespace lantern::app {

struct FigureJobOptions {
    bool checkHash = true; ///< refuse a model whose SHA-256 differs from the sidecar's
    std::function<void(double)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

/// Throws IoError (files, hash mismatch), ArgumentError (indices, methods) or CancelledError.
render::Figure buildFigure(const FigureSpec& spec, const FigureJobOptions& options = {});

/// Builds and writes the figure (format by suffix) and its sidecar (sidecarPath(path)), both atomically.
void exportFigure(const FigureSpec& spec, const QString& path, const FigureJobOptions& options = {});

/// Human-readable class name: the spec's names when given, else the index.
QString className(const std::vector<std::string>& names, int64_t index);

} // namespace lantern::app
