#pragma once
// The filter gallery: one sample's activation at a layer as a grid of tiles, one per channel, sorted by the
// channel's mean activation (largest first). Spatial layers (C, H, W) show each channel's map with a
// sequential colormap normalised per tile; dense layers (C) show each unit as a bar. Tile images are computed
// once in setActivations, so painting stays cheap with hundreds of channels.

#include "lantern/tensor.h"

#include <QImage>
#include <QRgb>
#include <QString>
#include <QWidget>

#include <vector>

namespace lantern::widgets {

class ActivationGrid : public QWidget {
    Q_OBJECT
public:
    explicit ActivationGrid(QWidget* parent = nullptr);

    /// `act` is (C, H, W), (1, C, H, W), (C, L) (1-pixel-high strips) or (C) / (1, C) for dense layers.
    /// Throws lantern::ShapeError naming the layer for other shapes. An empty tensor clears the grid.
    void setActivations(const lantern::Tensor& act, const QString& layerName);
    void clear();
    const QString& layerName() const { return m_layer; }
    int channelCount() const { return static_cast<int>(m_tiles.size()); }
    bool isDense() const { return m_dense; }

    /// Frames the first n tiles in display order (the n most active channels). 0: none.
    void setTopN(int n);
    int topN() const { return m_topN; }
    /// Colormap as a lookup table (low to high); default render::colormap("inferno"); empty: a grey ramp.
    void setColormap(std::vector<QRgb> lut);
    /// Edge of a tile's image area in device-independent pixels (8..512).
    void setTileSize(int px);
    int tileSize() const { return m_tileSize; }

    /// Channel indices in display order.
    std::vector<int> order() const;
    /// Mean activation of channel `channel`.
    float channelMean(int channel) const;
    /// Channel of the tile under `pos` (widget coordinates), -1 outside every tile.
    int channelAt(QPoint pos) const;
    /// Tile rectangle (image and caption) of display position `pos`.
    QRect tileRect(int pos) const;
    /// Display position of the keyboard-current tile, -1 none. A new activation keeps the position (first tile).
    int currentPosition() const { return m_current; }
    void setCurrentPosition(int pos);
    int columns() const { return columnsForWidth(width()); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

signals:
    void filterClicked(int channel);
    void currentChannelChanged(int channel);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Tile {
        int channel = 0;
        float mean = 0;
        float lo = 0, hi = 0; ///< per-tile value range (spatial)
        QImage image;         ///< colourised map (spatial), null for dense
        float bar = 0;        ///< dense: (v - min) / (max - min) over all units
    };
    void rebuildImages();
    /// Scrolls an enclosing QScrollArea so the current tile is visible.
    void ensureCurrentVisible();
    int columnsForWidth(int width) const;
    int cellWidth() const;
    int cellHeight() const;
    int captionHeight() const;
    QRgb lutColor(float t) const;

    QString m_layer;
    bool m_dense = false;
    int m_mapW = 0, m_mapH = 0;
    std::vector<float> m_values; ///< C * H * W copy of the activation
    std::vector<Tile> m_tiles;   ///< in display order
    std::vector<QRgb> m_lut;
    int m_topN = 0;
    int m_tileSize = 48;
    int m_current = -1;
    float m_zeroLevel = 0; ///< dense: height of 0 in the bar range, 0..1
};

} // namespace lantern::widgets
