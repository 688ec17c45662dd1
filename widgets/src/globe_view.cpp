#include "lantern/widgets/globe_view.h"

#include "globe_scene.h"

#include <QElapsedTimer>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

struct GlobeView::Impl {
    std::unique_ptr<detail::GlobeScene> scene;
    bool inPaint = false;
};

GlobeView::GlobeView(QWidget* parent) : QOpenGLWidget(parent), d(std::make_unique<Impl>())
{
    setMinimumSize(240, 200);
    setToolTip(tr("Drag to rotate, wheel to zoom, double-click to reset"));
    setMouseTracking(true);
    detail::GlobeScene::Callbacks callbacks;
    // VTK asks for its context: make the widget's context current on its own surface (QOpenGLWidget::makeCurrent
    // would bind the widget's framebuffer state differently and VTK then draws black frames)
    callbacks.makeCurrent = [this] {
        if (context())
            context()->makeCurrent(context()->surface());
    };
    callbacks.isCurrent = [this] {
        return context() && QOpenGLContext::currentContext() == context();
    };
    callbacks.frameDone = [this] {
        if (!d->inPaint)
            update();
    };
    d->scene = std::make_unique<detail::GlobeScene>(std::move(callbacks));
}

GlobeView::~GlobeView()
{
    if (context()) {
        makeCurrent();
        d->scene->finalize();
        doneCurrent();
    }
}

void GlobeView::setTexture(const QImage& equirectangular)
{
    const QImage rgba = equirectangular.convertToFormat(QImage::Format_RGBA8888);
    if (!context()) {
        m_pending = rgba;
        return;
    }
    d->scene->setTexture(rgba.constBits(), rgba.width(), rgba.height());
    update();
}

void GlobeView::setCamera(double lon, double lat, double distance)
{
    m_lon = std::fmod(lon + 720.0, 360.0);
    m_lat = std::clamp(lat, -89.0, 89.0);
    m_distance = std::clamp(distance, 1.2, 10.0);
    d->scene->setCamera(m_lon, m_lat, m_distance);
    emit cameraChanged(m_lon, m_lat, m_distance);
    update();
}

void GlobeView::setHome(double lon, double lat, double distance)
{
    m_homeLon = lon;
    m_homeLat = lat;
    m_homeDistance = distance;
}

void GlobeView::resetView()
{
    setCamera(m_homeLon, m_homeLat, m_homeDistance);
}

double GlobeView::measureRotation(int frames, double degrees)
{
    if (!isValid() || frames < 1)
        return 0;
    makeCurrent();
    QElapsedTimer timer;
    timer.start();
    const double dpr = devicePixelRatioF();
    const int w = int(std::lround(width() * dpr)), h = int(std::lround(height() * dpr));
    for (int i = 0; i < frames; ++i) {
        m_lon = std::fmod(m_lon + degrees + 360.0, 360.0);
        d->scene->setCamera(m_lon, m_lat, m_distance);
        d->inPaint = true;
        d->scene->render(defaultFramebufferObject(), w, h);
        d->inPaint = false;
        context()->functions()->glFinish();
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    doneCurrent();
    update();
    return frames / std::max(1e-9, seconds);
}

void GlobeView::initializeGL()
{
    d->scene->initialize();
    const QColor bg = palette().color(QPalette::Base);
    d->scene->setBackground(bg.redF(), bg.greenF(), bg.blueF());
    if (!m_pending.isNull()) {
        d->scene->setTexture(m_pending.constBits(), m_pending.width(), m_pending.height());
        m_pending = QImage();
    }
    d->scene->setCamera(m_lon, m_lat, m_distance);
}

void GlobeView::resizeGL(int w, int h)
{
    const double dpr = devicePixelRatioF();
    d->scene->resize(int(std::lround(w * dpr)), int(std::lround(h * dpr)));
}

void GlobeView::paintGL()
{
    const double dpr = devicePixelRatioF();
    d->inPaint = true;
    d->scene->render(defaultFramebufferObject(), int(std::lround(width() * dpr)), int(std::lround(height() * dpr)));
    d->inPaint = false;
}

void GlobeView::mousePressEvent(QMouseEvent* event)
{
    m_last = event->position().toPoint();
}

bool GlobeView::pick(const QPointF& position, double& lon, double& lat) const
{
    if (width() < 1 || height() < 1)
        return false;
    // the camera as GlobeScene sets it: at `distance` radii over (lon, lat), looking at the centre, north up, a 30
    // degree view angle on the narrower side
    const double pi = 3.14159265358979323846, deg = pi / 180.0;
    const double theta = (m_lon + 180.0) * deg, phi = m_lat * deg;
    const double c[3] = {m_distance * std::cos(phi) * std::cos(theta), m_distance * std::cos(phi) * std::sin(theta),
                         m_distance * std::sin(phi)};
    double f[3] = {-c[0] / m_distance, -c[1] / m_distance, -c[2] / m_distance};
    double r[3] = {f[1] * 1.0 - f[2] * 0.0, f[2] * 0.0 - f[0] * 1.0, 0.0}; // f x (0, 0, 1)
    const double rn = std::hypot(r[0], r[1], r[2]);
    if (rn < 1e-9)
        return false;
    for (double& x : r)
        x /= rn;
    const double u[3] = {r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]};
    const double t = std::tan(15.0 * deg), aspect = double(width()) / double(height());
    const double nx = 2.0 * position.x() / width() - 1.0, ny = 1.0 - 2.0 * position.y() / height();
    const double sx = width() < height() ? t : t * aspect, sy = width() < height() ? t / aspect : t;
    double dir[3];
    for (int i = 0; i < 3; ++i)
        dir[i] = f[i] + nx * sx * r[i] + ny * sy * u[i];
    // |c + s dir| = 1, nearest s > 0
    const double a = dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2];
    const double b = 2 * (c[0] * dir[0] + c[1] * dir[1] + c[2] * dir[2]);
    const double cc = c[0] * c[0] + c[1] * c[1] + c[2] * c[2] - 1.0;
    const double disc = b * b - 4 * a * cc;
    if (disc < 0)
        return false;
    const double s = (-b - std::sqrt(disc)) / (2 * a);
    if (s <= 0)
        return false;
    const double p[3] = {c[0] + s * dir[0], c[1] + s * dir[1], c[2] + s * dir[2]};
    lat = std::asin(std::clamp(p[2], -1.0, 1.0)) / deg;
    lon = std::atan2(p[1], p[0]) / deg - 180.0;
    if (lon < 0)
        lon += 360.0;
    return true;
}

void GlobeView::leaveEvent(QEvent*)
{
    emit left();
}

void GlobeView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton)) {
        double lon = 0, lat = 0;
        if (pick(event->position(), lon, lat))
            emit pointed(lon, lat);
        else
            emit left();
        return;
    }
    const QPoint p = event->position().toPoint();
    const QPoint delta = p - m_last;
    m_last = p;
    // one widget height of drag turns the globe by about 120 degrees at the home distance (4.2 radii)
    const double k = 120.0 / std::max(1, height()) * (m_distance - 1.0) / 3.2;
    setCamera(m_lon - delta.x() * k, m_lat + delta.y() * k, m_distance);
}

void GlobeView::mouseDoubleClickEvent(QMouseEvent*)
{
    resetView();
}

void GlobeView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    setCamera(m_lon, m_lat, 1.0 + (m_distance - 1.0) * std::pow(0.85, steps));
}

} // namespace lantern::widgets
