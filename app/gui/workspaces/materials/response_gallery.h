#pragma once
// The attentive response maps of one conv layer for the current fingerprint: one row per fingerprint channel
// (rotations about x, y, z), columns input | the top filters' maps | their sum | the dominant filter. Signed maps in
// RdBu_r, each scaled to its own largest |value| (as ai4materials plots them). Also FingerprintView: the RGB
// fingerprint, pixel-exact.

#include "lantern/studies/crystal_analysis.h"

#include <QImage>
#include <QWidget>

#include <memory>

namespace lantern::gui {

class FingerprintView : public QWidget {
    Q_OBJECT
public:
    explicit FingerprintView(QWidget* parent = nullptr);
    void setFingerprint(const Tensor& fingerprint); ///< empty: placeholder
    const QImage& image() const { return m_image; }
    QSize sizeHint() const override { return {256, 256}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
};

class ResponseGallery : public QWidget {
    Q_OBJECT
public:
    explicit ResponseGallery(QWidget* parent = nullptr);
    void setAnalysis(std::shared_ptr<const studies::CrystalAnalysis> analysis);
    void setLayer(int index);
    int layer() const { return m_layer; }
    QSize sizeHint() const override { return {640, 300}; }
    QSize minimumSizeHint() const override { return {320, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const studies::CrystalAnalysis> m_analysis;
    int m_layer = 0;
};

} // namespace lantern::gui
