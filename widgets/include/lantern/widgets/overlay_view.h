#pragma once
// An input image with an explanation map (or a categorical class map) overlaid: aspect-correct, centred,
// nearest-neighbour upscaled so map pixels stay crisp, optional contour lines, a hover read-out and a
// "computing…" veil. The composed image is cached and recomputed only when an input or the style changes.

#include "lantern/render/scalar_map.h"

#include <QImage>
#include <QPainterPath>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QTimer;

namespace lantern::widgets {

class OverlayView : public QWidget {
    Q_OBJECT

public:
    explicit OverlayView(QWidget* parent = nullptr);
    ~OverlayView() override;

    void setBase(const QImage& image);
    /// An empty map shows the base alone.
    void setMap(const render::ScalarMap& map);
    /// A finished image (e.g. a class map) drawn at style().opacity instead of a map; a null image clears it.
    /// A non-empty scalar map takes precedence.
    void setCategorical(const QImage& classMap);
    void setStyle(const render::OverlayStyle& style);
    const render::OverlayStyle& style() const { return m_style; }
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    /// Overrides the range derived from the map and style (e.g. one range shared by several views);
    /// std::nullopt goes back to render::mapRange(map, style.sign, style.clipPercentile).
    void setFixedRange(std::optional<render::MapRange> range);
    /// The range in use.
    render::MapRange range() const { return m_range; }
    /// The style's sign resolved for the current map (Auto → Positive for a non-negative map, else All).
    render::Sign resolvedSign() const { return render::resolveSign(m_map, m_style.sign); }
    /// The colormap the map is drawn with (the style's, or the default for the resolved sign).
    const render::Colormap& colormap() const { return render::resolveColormap(m_style, resolvedSign()); }
    /// Draws a subtle veil with `message` (default: "Computing…") over the view while busy.
    void setBusy(bool busy, const QString& message = {});
    bool isBusy() const { return m_busy; }
    /// Shown when there is nothing to display.
    void setPlaceholder(const QString& text);

    const QImage& base() const { return m_base; }
    const render::ScalarMap& map() const { return m_map; }
    /// The composed image at map size (null when there is nothing to show).
    const QImage& composedImage() const { return m_composed; }
    /// Where the composed image is drawn, in widget coordinates (empty when nothing is shown).
    QRectF imageRect() const;
    /// Map pixel under a widget position, or std::nullopt outside the image.
    std::optional<QPoint> mapPixelAt(const QPointF& widgetPos) const;

    /// The current view (image, overlay and contours, no veil, no title) at the composed size × scale.
    QImage grabImage(int scale = 1) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// Mouse over map pixel (x, y); `value` is the map value there (NaN when no scalar map is shown).
    void hovered(int x, int y, float value);
    void hoverLeft();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void recompose();
    void updateRange();
    void clearHover();
    QRectF contentBounds() const;
    void paintContours(QPainter& painter, const QRectF& target) const;
    void paintVeil(QPainter& painter, const QRectF& area);

    QImage m_base, m_categorical, m_composed;
    render::ScalarMap m_map;
    render::OverlayStyle m_style;
    render::MapRange m_range;
    std::optional<render::MapRange> m_fixedRange;
    std::vector<QPainterPath> m_contours;
    QString m_title, m_placeholder, m_busyMessage;
    bool m_busy = false;
    std::optional<QPoint> m_hoverPixel;
    QTimer* m_spinTimer = nullptr;
    int m_spinPhase = 0;
};

} // namespace lantern::widgets
