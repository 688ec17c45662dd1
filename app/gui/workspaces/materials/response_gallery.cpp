#include "workspaces/materials/response_gallery.h"

#include "common/crystal_figure.h"

#include "lantern/render/colormap.h"

#include <QPainter>

#include <algorithm>

namespace lantern::gui {

FingerprintView::FingerprintView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(128, 128);
    setToolTip(tr("Diffraction fingerprint: red, green and blue are the patterns of the crystal rotated by ±45° about "
                  "x, y and z"));
}

void FingerprintView::setFingerprint(const Tensor& fingerprint)
{
    m_image = fingerprint.isEmpty() ? QImage() : app::fingerprintImage(fingerprint);
    update();
}

void FingerprintView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (m_image.isNull()) {
        p.setPen(Qt::gray);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No fingerprint"));
        return;
    }
    const int side = std::min(width(), height());
    p.drawImage(QRect((width() - side) / 2, (height() - side) / 2, side, side), m_image);
}

ResponseGallery::ResponseGallery(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void ResponseGallery::setAnalysis(std::shared_ptr<const studies::CrystalAnalysis> analysis)
{
    m_analysis = std::move(analysis);
    if (m_analysis && m_layer >= int(m_analysis->layers.size()))
        m_layer = std::max(0, int(m_analysis->layers.size()) - 1);
    update();
}

void ResponseGallery::setLayer(int index)
{
    m_layer = std::max(0, index);
    update();
}

void ResponseGallery::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QFontMetrics fm(font());
    if (!m_analysis || m_analysis->layers.empty() || m_layer >= int(m_analysis->layers.size())) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   m_analysis ? tr("Open a model that takes fingerprints to see its attentive response maps")
                              : tr("Open a structure to see its fingerprint and attentive response maps"));
        return;
    }
    const studies::CrystalAnalysis& a = *m_analysis;
    const studies::LayerResponse& l = a.layers[std::size_t(m_layer)];
    const int columns = int(l.maps.size()) + 3; // input, filters, sum, dominant
    const int labelWidth = fm.horizontalAdvance(tr("rotation about z")) + 10;
    const int header = fm.height() * 2 + 4;
    const int gap = 4;
    const int tile = std::max(16, std::min((width() - labelWidth - gap * columns) / columns, (height() - header - 3 * gap) / 3));
    const QStringList rows{tr("rotation about x"), tr("rotation about y"), tr("rotation about z")};
    const auto columnX = [&](int c) { return labelWidth + c * (tile + gap); };
    p.setPen(palette().color(QPalette::Text));
    QStringList heads{tr("input")};
    for (std::size_t k = 0; k < l.maps.size(); ++k)
        heads << tr("filter %1").arg(l.filters[k]);
    heads << tr("sum") << tr("dominant");
    for (int c = 0; c < columns; ++c)
        p.drawText(QRect(columnX(c) - gap, 0, tile + 2 * gap, header), Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap,
                   heads[c]);
    const std::vector<QColor> colors = render::classColors(int(l.maps.size()));
    for (int r = 0; r < 3; ++r) {
        const int y = header + r * (tile + gap);
        p.drawText(QRect(0, y, labelWidth - 6, tile), Qt::AlignRight | Qt::AlignVCenter, rows[r]);
        p.drawImage(QRect(columnX(0), y, tile, tile), app::fingerprintChannelImage(a.fingerprint, r));
        for (std::size_t k = 0; k < l.maps.size(); ++k)
            p.drawImage(QRect(columnX(int(k) + 1), y, tile, tile),
                        app::responseChannelImage(l.maps[k], r, app::responseRange(l.maps[k])));
        p.drawImage(QRect(columnX(columns - 2), y, tile, tile), app::responseChannelImage(l.sum, r, app::responseRange(l.sum)));
        p.drawImage(QRect(columnX(columns - 1), y, tile, tile), app::dominantChannelImage(l.dominant, l.sum, r, int(l.maps.size())));
    }
    // colour key of the dominant column under the filter headers
    for (std::size_t k = 0; k < l.maps.size(); ++k)
        p.fillRect(QRect(columnX(int(k) + 1), header - 3, tile, 3), colors[k]);
}

} // namespace lantern::gui
