#include "presentation_mode.h"

#include "main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QShortcut>

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
    for (int i = 0; i < 4; ++i)
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
        m_state = m_window->saveState();
        m_font = QApplication::font();
        QFont big = m_font;
        big.setPointSizeF(m_font.pointSizeF() * kFontScale);
        QApplication::setFont(big);
        for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
            d->setVisible(d->objectName() == QLatin1String("ProbabilityDock"));
        m_window->showFullScreen();
    } else {
        QApplication::setFont(m_font);
        m_window->showNormal();
        m_window->restoreGeometry(m_geometry);
        m_window->restoreState(m_state);
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
           "<tr><td><b>1–4</b></td><td>overlay, summary, dominant filter, CLEAR (Ctrl+1–4 anywhere)</td></tr>"
           "<tr><td><b>Esc</b></td><td>leave presentation mode</td></tr>"
           "<tr><td><b>Ctrl+E</b></td><td>export figure</td></tr>"
           "<tr><td><b>Ctrl+C</b></td><td>copy the view</td></tr></table>"));
}

} // namespace lantern::gui
