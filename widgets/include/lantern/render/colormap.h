#pragma once
// Colormaps scientists know: matplotlib's perceptually uniform and diverging maps and cmocean's, as 256-entry
// lookup tables generated from the original definitions (scripts/gen_colormaps.py).

#include <QGradientStops>
#include <QRgb>
#include <QString>

#include <vector>

namespace lantern::render {

class Colormap {
public:
    Colormap(QString name, QString family, bool diverging, std::vector<QRgb> lut);
    const QString& name() const { return m_name; }
    const QString& family() const { return m_family; } ///< "matplotlib" or "cmocean"
    bool isDiverging() const { return m_diverging; }
    const std::vector<QRgb>& lut() const { return m_lut; }
    /// Colour at t in [0, 1] (clamped), nearest LUT entry.
    QRgb map(double t) const;
    /// `n` evenly spaced stops for vector gradients (colorbars in SVG/PDF).
    QGradientStops gradientStops(int n = 64) const;

private:
    QString m_name, m_family;
    bool m_diverging = false;
    std::vector<QRgb> m_lut;
};

/// Every colormap, sequential first then diverging, in menu order.
const std::vector<Colormap>& colormaps();
/// By name (case-sensitive, e.g. "viridis", "RdBu_r", "balance"); throws lantern::ArgumentError listing names.
const Colormap& colormap(const QString& name);
/// The default for a signed map ("RdBu_r") or an unsigned one ("Reds"); both are white at zero.
const Colormap& defaultColormap(bool diverging);

/// Distinct colours for class legends (dominant map, CLEAR): tab10, then tab20 beyond 10 classes.
std::vector<QColor> classColors(int count);

} // namespace lantern::render
