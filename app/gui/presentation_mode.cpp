#include "presentation_mode.h"

#include "main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>

#include <memory>

namespace lantern::gui {

PresentationMode::PresentationMode(MainWindow* window) : QObject(window), m_window(window)
{
    auto add = [this](const QKeySequence& key, std::function<void()> f) {
        auto* s = new QShortcut(key, m_window);
        s->setContext(Qt::ApplicationShortcut);
        s->setEnabled(false);
        connect(s, &QShortcut::activated, this, f);
        m_shortcuts << s;
    };
    add(Qt::Key_Right, [this] { m_window->stepSample(1); });
    add(Qt::Key_Space, [this] { m_window->stepSample(1); });
    add(Qt::Key_Left, [this] { m_window->stepSample(-1); });
    add(Qt::Key_Down, [this] { m_window->stepLayer(1); });
    add(Qt::Key_Up, [this] { m_window->stepLayer(-1); });
    add(Qt::Key_M, [this] { m_window->stepMethod(1); });
    add(Qt::Key_N, [this] { m_window->stepMethod(-1); });
    for (int i = 0; i < 5; ++i)
        add(Qt::Key_1 + i, [this, i] { m_window->view()->setMode(static_cast<ExplanationView::Mode>(i)); });
    add(Qt::Key_Escape, [this] { setEnabled(false); });
}

void PresentationMode::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    if (on) {
        m_geometry = m_window->saveGeometry();
        m_normal = m_window->geometry();
        m_state = m_window->saveState();
        m_maximized = m_window->isMaximized();
        m_menuBar = m_window->menuBar()->isVisible();
        m_statusBar = m_window->statusBar()->isVisible();
        m_font = QApplication::font();
        QFont big = m_font;
        big.setPointSizeF(m_font.pointSizeF() * kFontScale);
        QApplication::setFont(big);
        m_window->menuBar()->hide();
        m_window->statusBar()->hide();
        m_window->view()->setPresenting(true);
        QDockWidget* probabilities = nullptr;
        for (QDockWidget* d : m_window->findChildren<QDockWidget*>()) {
            const bool keep = d->objectName() == QLatin1String("ProbabilityDock");
            d->setVisible(keep);
            if (keep)
                probabilities = d;
        }
        m_window->showFullScreen();
        if (probabilities) // the view gets about three quarters of the width
            m_window->resizeDocks({probabilities}, {std::max(320, m_window->width() / 4)}, Qt::Horizontal);
    } else {
        QApplication::setFont(m_font);
        m_window->view()->setPresenting(false);
        m_window->menuBar()->setVisible(m_menuBar);
        m_window->statusBar()->setVisible(m_statusBar);
        m_maximized ? m_window->showMaximized() : m_window->showNormal();
        m_window->restoreGeometry(m_geometry);
        m_window->restoreState(m_state);
        // The minimum sizes still follow the large fonts until the font change is laid out, and dock sizes follow the
        // window's size: restore both again once that has happened, so the layout is exactly the one before.
        // Restore again on the next turns of the event loop until the layout holds (at most ~20 turns).
        auto* settle = new QTimer(m_window);
        settle->setInterval(10);
        auto turns = std::make_shared<int>(0);
        QObject::connect(settle, &QTimer::timeout, m_window,
                         [w = m_window, settle, turns, geometry = m_geometry, normal = m_normal, state = m_state] {
                             const bool done = ++*turns > 20 || w->isFullScreen();
                             if (!done && (w->saveState() != state || (!w->isMaximized() && w->geometry() != normal))) {
                                 w->restoreGeometry(geometry);
                                 if (!w->isMaximized())
                                     w->setGeometry(normal);
                                 w->restoreState(state);
                                 return;
                             }
                             if (done || *turns > 3) { // stable for a few turns
                                 settle->stop();
                                 settle->deleteLater();
                             }
                         });
        settle->start();
    }
    for (QShortcut* s : m_shortcuts)
        s->setEnabled(on);
    emit enabledChanged(on);
}

void PresentationMode::showHelp()
{
    QMessageBox::information(
        m_window, tr("Keyboard shortcuts"),
        tr("<table>"
           "<tr><td><b>F5</b></td><td>presentation mode on/off</td></tr>"
           "<tr><td><b>← →</b>, Space</td><td>previous/next sample (presentation mode; Alt+←/→ anywhere)</td></tr>"
           "<tr><td><b>↑ ↓</b></td><td>previous/next layer (presentation mode; Alt+↑/↓ anywhere)</td></tr>"
           "<tr><td><b>M</b>, <b>N</b></td><td>next/previous method (Ctrl+] / Ctrl+[ anywhere)</td></tr>"
           "<tr><td><b>1–5</b></td><td>overlay, summary, dominant filter, CLEAR, filter (Ctrl+1–5 anywhere)</td></tr>"
           "<tr><td><b>Esc</b></td><td>leave presentation mode</td></tr>"
           "<tr><td><b>Ctrl+E</b></td><td>export figure</td></tr>"
           "<tr><td><b>Ctrl+C</b></td><td>copy the view</td></tr></table>"));
}

} // namespace lantern::gui
