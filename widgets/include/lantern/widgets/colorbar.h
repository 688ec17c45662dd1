#pragma once
// A colorbar for an overlay: the colormap's gradient with ticks at the range ends (and 0 when inside) and an
// optional label, painted with render::paintColorbar so it matches exported figures.

#include "lantern/render/colormap.h"
#include "lantern/render/scalar_map.h"

#include <QString>
#include <QWidget>

#include <optional>

namespace lantern::widgets {

class ColorBar : public QWidget {
    Q_OBJECT

public:
    explicit ColorBar(Qt::Orientation orientation = Qt::Vertical, QWidget* parent = nullptr);

    void setColormap(const render::Colormap& cmap);
    /// By name (e.g. "viridis"); "auto" picks render::defaultColormap by the sign of the range.
    /// Throws lantern::ArgumentError for unknown names.
    void setColormapName(const QString& name);
    /// The colormap in use.
    const render::Colormap& colormap() const;
    void setRange(render::MapRange range);
    render::MapRange range() const { return m_range; }
    void setLabel(const QString& label);
    QString label() const { return m_label; }
    Qt::Orientation orientation() const { return m_orientation; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override; ///< a font change (presentation mode) changes the size it needs

private:
    Qt::Orientation m_orientation;
    std::optional<render::Colormap> m_cmap; ///< unset: "auto"
    render::MapRange m_range;
    QString m_label;
};

} // namespace lantern::widgets
