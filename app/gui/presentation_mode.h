#pragma once
// Presentation mode for teaching: full screen, large fonts, docks reduced to the class probabilities, and
// keyboard-only stepping: ←/→ samples, ↑/↓ layers, M/N next/previous method, 1–4 views, Esc leaves.

#include <QObject>
#include <QByteArray>
#include <QFont>
#include <QList>

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
    QFont m_font;
    QList<QShortcut*> m_shortcuts;
};

} // namespace lantern::gui
