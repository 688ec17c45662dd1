// The globe's objects without a GL context (offscreen platform, so leak detection applies in the sanitizer build;
// the rendering itself is tested under Xvfb by gui.test_globe_view): made, configured and destroyed cleanly,
// camera state clamped, a texture given before the context exists kept for later.
#include "lantern/widgets/globe_view.h"

#include <QImage>
#include <QSignalSpy>
#include <QtTest>

using namespace lantern;

class TestGlobeLifetime : public QObject {
    Q_OBJECT

private slots:
    void createConfigureDestroy()
    {
        for (int i = 0; i < 3; ++i) {
            widgets::GlobeView view;
            QImage tex(64, 32, QImage::Format_RGB32);
            tex.fill(Qt::red);
            view.setTexture(tex); // no context yet: kept until initializeGL
            QSignalSpy moved(&view, &widgets::GlobeView::cameraChanged);
            view.setCamera(-30, 120, 50);
            QCOMPARE(moved.count(), 1);
            QCOMPARE(view.cameraLongitude(), 330.0);
            QCOMPARE(view.cameraLatitude(), 89.0); // clamped: the pole would flip the view
            QCOMPARE(view.cameraDistance(), 10.0);
            view.setHome(200, 5, 3);
            view.resetView();
            QCOMPARE(view.cameraLongitude(), 200.0);
            QCOMPARE(view.cameraDistance(), 3.0);
            QCOMPARE(view.measureRotation(10, 1.0), 0.0); // no context: nothing rendered, nothing claimed
        }
    }
};

QTEST_MAIN(TestGlobeLifetime)
#include "test_globe_lifetime.moc"
