#pragma once
// Presentation mode for teaching: full screen, large fonts, no menus, tabs or status bar, the view and the class
// probabilities as large as the screen allows, maps at high contrast, and keyboard-only stepping: ←/→ samples,
// ↑/↓ layers, M/N next/previous method, 1–5 views, Esc leaves and restores the exact previous layout.

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QObject>
#include <QRect>

class QShortcut;

namespace lantern::gui {

class MainWindow;

class PresentationMode : public QObject {
    Q_OBJECT
public:
    explicit PresentationMode(MainWindow* window);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool on);
    void showHelp();
    static constexpr double kFontScale = 1.6;

signals:
    void enabledChanged(bool on);

private:
    MainWindow* m_window;
    bool m_enabled = false;
    QByteArray m_geometry, m_state;
    QRect m_normal;
    QFont m_font;
    bool m_menuBar = true, m_statusBar = true, m_maximized = false;
    QList<QShortcut*> m_shortcuts;
};

} // namespace lantern::gui
