#include "lantern/widgets/crystal_view.h"

#include "crystal_scene.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

struct CrystalView::Impl {
    std::unique_ptr<detail::CrystalScene> scene;
    bool inPaint = false;
    double centre[3] = {0, 0, 0};
    double radius = 1;
};

CrystalView::CrystalView(QWidget* parent) : QOpenGLWidget(parent), d(std::make_unique<Impl>())
{
    setMinimumSize(200, 200);
    setToolTip(tr("Drag to rotate, wheel to zoom, double-click to reset"));
    detail::CrystalScene::Callbacks callbacks;
    // VTK asks for its context: the widget's context on its own surface (not QOpenGLWidget::makeCurrent, which
    // leaves VTK drawing black frames)
    callbacks.makeCurrent = [this] {
        if (context())
            context()->makeCurrent(context()->surface());
    };
    callbacks.isCurrent = [this] { return context() && QOpenGLContext::currentContext() == context(); };
    callbacks.frameDone = [this] {
        if (!d->inPaint)
            update();
    };
    d->scene = std::make_unique<detail::CrystalScene>(std::move(callbacks));
}

CrystalView::~CrystalView()
{
    if (context()) {
        makeCurrent();
        d->scene->finalize();
        doneCurrent();
    }
}

void CrystalView::setStructure(const materials::Structure& structure, bool resetCamera)
{
    const bool first = !m_hasStructure;
    m_structure = structure;
    m_hasStructure = true;
    pushStructure();
    if (first || resetCamera)
        resetView();
    else
        setCamera(m_azimuth, m_elevation, m_zoom);
    update();
}

void CrystalView::pushStructure()
{
    const materials::Structure& s = m_structure;
    std::vector<float> xyz, radii;
    std::vector<unsigned char> rgb;
    xyz.reserve(3 * s.size());
    double lo[3] = {1e300, 1e300, 1e300}, hi[3] = {-1e300, -1e300, -1e300};
    for (std::size_t i = 0; i < s.size(); ++i) {
        for (int k = 0; k < 3; ++k) {
            xyz.push_back(float(s.positions[i][std::size_t(k)]));
            lo[k] = std::min(lo[k], s.positions[i][std::size_t(k)]);
            hi[k] = std::max(hi[k], s.positions[i][std::size_t(k)]);
        }
        double radius = 0.7, r = 0.6, g = 0.6, b = 0.6;
        try {
            radius = materials::covalentRadius(s.numbers[i]);
            const auto c = materials::elementColor(s.numbers[i]);
            r = c[0];
            g = c[1];
            b = c[2];
        } catch (const std::exception&) {
            // unknown element: grey default
        }
        radii.push_back(float(std::max(0.2, radius) * m_atomScale));
        for (double v : {r, g, b})
            rgb.push_back(static_cast<unsigned char>(std::lround(std::clamp(v, 0.0, 1.0) * 255)));
    }
    const double origin[3] = {0, 0, 0};
    d->scene->setAtoms(xyz, rgb, radii);
    d->scene->setCell(origin, s.lattice[0].data(), s.lattice[1].data(), s.lattice[2].data(), s.periodic && m_cellVisible);
    // the camera circles the centre of what is shown: the cell for a periodic structure, else the atoms
    if (s.periodic) {
        for (int k = 0; k < 3; ++k) {
            lo[k] = std::min(lo[k], 0.0);
            hi[k] = std::max(hi[k], 0.0);
            for (int corner = 1; corner < 8; ++corner) {
                double p = 0;
                for (int e = 0; e < 3; ++e)
                    if (corner & (1 << e))
                        p += s.lattice[std::size_t(e)][std::size_t(k)];
                lo[k] = std::min(lo[k], p);
                hi[k] = std::max(hi[k], p);
            }
        }
    }
    if (s.size() == 0 && !s.periodic)
        for (int k = 0; k < 3; ++k)
            lo[k] = hi[k] = 0;
    double r2 = 0;
    for (int k = 0; k < 3; ++k) {
        d->centre[k] = (lo[k] + hi[k]) / 2;
        r2 += (hi[k] - lo[k]) * (hi[k] - lo[k]) / 4;
    }
    d->radius = std::sqrt(r2) + 1.0;
}

void CrystalView::setAtomScale(double scale)
{
    m_atomScale = std::clamp(scale, 0.05, 3.0);
    if (m_hasStructure) {
        pushStructure();
        update();
    }
}

void CrystalView::setCellVisible(bool visible)
{
    m_cellVisible = visible;
    if (m_hasStructure) {
        pushStructure();
        update();
    }
}

void CrystalView::setCamera(double azimuth, double elevation, double zoom)
{
    m_azimuth = std::fmod(azimuth + 720.0, 360.0);
    m_elevation = std::clamp(elevation, -89.0, 89.0);
    m_zoom = std::clamp(zoom, 0.2, 8.0);
    d->scene->setCamera(d->centre, d->radius, m_azimuth, m_elevation, m_zoom);
    emit cameraChanged(m_azimuth, m_elevation, m_zoom);
    update();
}

void CrystalView::resetView()
{
    setCamera(30, 20, 1);
}

void CrystalView::initializeGL()
{
    d->scene->initialize();
    const QColor bg = palette().color(QPalette::Base);
    d->scene->setBackground(bg.redF(), bg.greenF(), bg.blueF());
    d->scene->setCamera(d->centre, d->radius, m_azimuth, m_elevation, m_zoom);
}

void CrystalView::resizeGL(int w, int h)
{
    const double dpr = devicePixelRatioF();
    d->scene->resize(int(std::lround(w * dpr)), int(std::lround(h * dpr)));
}

void CrystalView::paintGL()
{
    const double dpr = devicePixelRatioF();
    d->inPaint = true;
    d->scene->render(defaultFramebufferObject(), int(std::lround(width() * dpr)), int(std::lround(height() * dpr)));
    d->inPaint = false;
}

void CrystalView::mousePressEvent(QMouseEvent* event)
{
    m_last = event->position().toPoint();
}

void CrystalView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint p = event->position().toPoint();
    const QPoint delta = p - m_last;
    m_last = p;
    const double k = 180.0 / std::max(1, height());
    setCamera(m_azimuth - delta.x() * k, m_elevation + delta.y() * k, m_zoom);
}

void CrystalView::mouseDoubleClickEvent(QMouseEvent*)
{
    resetView();
}

void CrystalView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    setCamera(m_azimuth, m_elevation, m_zoom * std::pow(1.15, steps));
}

} // namespace lantern::widgets
